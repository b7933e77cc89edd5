"""Bad calls into ad_optim: each raises a built-in exception whose message names
the optimizer, scheduler or function and the offending argument."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
import ad_optim as optim
from ad_optim import lr_scheduler as S


def bad(value: object) -> Any:
    """A value of the wrong type, passed on as the type checker is told to expect."""
    return value


def param() -> ad_core.Tensor:
    p = ad_core.tensor([1.0, 2.0], requires_grad=True)
    p.grad = ad_core.tensor([0.5, -0.5])
    return p


def sgd() -> optim.SGD:
    return optim.SGD([param()], lr=0.1)


BAD_CALLS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    (
        "sgd-lr-str",
        lambda: optim.SGD([param()], lr=bad("0.1")),
        TypeError,
        r"SGD: expected lr to be a number, got '0.1'",
    ),
    (
        "sgd-lr-none",
        lambda: optim.SGD([param()], lr=bad(None)),
        TypeError,
        r"SGD: expected lr to be a number, got None",
    ),
    (
        "sgd-momentum-str",
        lambda: optim.SGD([param()], momentum=bad("0.9")),
        TypeError,
        r"SGD: expected momentum to be a number, got '0.9'",
    ),
    (
        "sgd-nesterov-str",
        lambda: optim.SGD([param()], momentum=0.9, nesterov=bad("yes")),
        TypeError,
        r"SGD: expected nesterov to be a bool, got 'yes'",
    ),
    (
        "sgd-params-int",
        lambda: optim.SGD(bad(3), lr=0.1),
        TypeError,
        r"SGD: params should be an iterable of Tensors or dicts, got int",
    ),
    (
        "adam-beta-str",
        lambda: optim.Adam([param()], betas=bad((0.9, "0.999"))),
        TypeError,
        r"Adam: expected betas\[1\] to be a number, got '0.999'",
    ),
    (
        "adam-eps-none",
        lambda: optim.Adam([param()], eps=bad(None)),
        TypeError,
        r"Adam: expected eps to be a number, got None",
    ),
    (
        "adam-amsgrad-str",
        lambda: optim.Adam([param()], amsgrad=bad("yes")),
        TypeError,
        r"Adam: expected amsgrad to be a bool, got 'yes'",
    ),
    (
        "rmsprop-alpha-str",
        lambda: optim.RMSprop([param()], alpha=bad("0.9")),
        TypeError,
        r"RMSprop: expected alpha to be a number, got '0.9'",
    ),
    (
        "adadelta-rho-str",
        lambda: optim.Adadelta([param()], rho=bad("0.9")),
        TypeError,
        r"Adadelta: expected rho to be a number, got '0.9'",
    ),
    (
        "param-group-lr-str",
        lambda: sgd().add_param_group({"params": [param()], "lr": "x"}),
        TypeError,
        r"SGD: expected lr to be a number, got 'x'",
    ),
    (
        "clip-norm-type-fro",
        lambda: optim.clip_grad_norm_([param()], 1.0, norm_type="fro"),
        ValueError,
        r"clip_grad_norm_: expected norm_type to be a number or 'inf', got 'fro'",
    ),
    (
        "clip-max-norm-str",
        lambda: optim.clip_grad_norm_([param()], bad("1.0")),
        TypeError,
        r"clip_grad_norm_: expected max_norm to be a number, got '1.0'",
    ),
    (
        "clip-parameters-int",
        lambda: optim.clip_grad_norm_(bad(3), 1.0),
        TypeError,
        r"clip_grad_norm_: expected parameters to be a Tensor or an iterable of Tensors, got int",
    ),
    (
        "clip-value-str",
        lambda: optim.clip_grad_value_([param()], bad("1")),
        TypeError,
        r"clip_grad_value_: expected clip_value to be a number, got '1'",
    ),
    (
        "step-lr-gamma-str",
        lambda: S.StepLR(sgd(), 1, gamma=bad("0.1")),
        TypeError,
        r"StepLR: expected gamma to be a number, got '0.1'",
    ),
    (
        "step-lr-step-size-float",
        lambda: S.StepLR(sgd(), bad(1.5)),
        TypeError,
        r"StepLR: expected step_size to be an int, got 1.5",
    ),
    (
        "multistep-milestone-str",
        lambda: S.MultiStepLR(sgd(), bad(["1"])),
        TypeError,
        r"MultiStepLR: expected milestones to be an int, got '1'",
    ),
    (
        "cosine-t-max-str",
        lambda: S.CosineAnnealingLR(sgd(), bad("10")),
        TypeError,
        r"CosineAnnealingLR: expected T_max to be an int, got '10'",
    ),
    (
        "plateau-factor-str",
        lambda: S.ReduceLROnPlateau(sgd(), factor=bad("0.1")),
        TypeError,
        r"ReduceLROnPlateau: expected factor to be a number, got '0.1'",
    ),
    (
        "plateau-metric-str",
        lambda: S.ReduceLROnPlateau(sgd()).step(bad("abc")),
        TypeError,
        r"ReduceLROnPlateau.step: expected metrics to be a number, got 'abc'",
    ),
    (
        "one-cycle-max-lr-str",
        lambda: S.OneCycleLR(sgd(), max_lr=bad("0.1"), total_steps=10),
        TypeError,
        r"OneCycleLR: expected max_lr to be a number, got '0.1'",
    ),
    (
        "scheduler-last-epoch-str",
        lambda: S.ExponentialLR(sgd(), 0.9, last_epoch=bad("x")),
        TypeError,
        r"ExponentialLR: expected last_epoch to be an int, got 'x'",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [pytest.param(call, error, message, id=name) for name, call, error, message in BAD_CALLS],
)
def test_bad_calls_name_the_function_and_the_argument(
    call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def _stepped(opt: optim.Optimizer) -> optim.Optimizer:
    opt.step()
    return opt


def test_adam_given_sgds_state_fails_at_load_naming_parameter_and_entry() -> None:
    p = param()
    adam = _stepped(optim.Adam([p], lr=0.1))
    before = {k: np.copy(v) for k, v in adam.state[p].items()}
    saved = _stepped(optim.SGD([param()], lr=0.1, momentum=0.9)).state_dict()
    with pytest.raises(
        ValueError, match=r"Adam.load_state_dict: loaded parameter group 0 lacks 'betas'"
    ):
        adam.load_state_dict(saved)
    saved["param_groups"][0].update(
        betas=(0.9, 0.999), eps=1e-8, amsgrad=False, decoupled_weight_decay=False
    )
    with pytest.raises(
        ValueError,
        match=r"Adam.load_state_dict: the state of parameter 0 lacks 'step', 'exp_avg', "
        r"'exp_avg_sq', which Adam needs \(it holds \['momentum_buffer'\]",
    ):
        adam.load_state_dict(saved)
    assert adam.param_groups[0]["lr"] == 0.1
    for key, value in adam.state[p].items():
        np.testing.assert_array_equal(value, before[key])
    adam.step()


def test_sgd_with_momentum_needs_its_buffer() -> None:
    saved = _stepped(optim.SGD([param()], lr=0.1, momentum=0.9)).state_dict()
    saved["state"] = {0: {"step": np.float32(1)}}
    with pytest.raises(
        ValueError, match=r"SGD.load_state_dict: the state of parameter 0 lacks 'momentum_buffer'"
    ):
        optim.SGD([param()], lr=0.1, momentum=0.9).load_state_dict(saved)
    saved["param_groups"][0]["momentum"] = 0.0
    optim.SGD([param()], lr=0.1).load_state_dict(saved)  # without momentum SGD needs no state


def test_state_values_that_are_not_numbers_are_refused() -> None:
    adam = _stepped(optim.Adam([param()]))
    saved = adam.state_dict()
    saved["state"][0]["exp_avg"] = np.array(["a", "b"])
    with pytest.raises(
        ValueError, match=r"Adam.load_state_dict: state 'exp_avg' of parameter 0 has dtype <U1"
    ):
        optim.Adam([param()]).load_state_dict(saved)
    saved["param_groups"][0]["lr"] = "0.1"
    saved["state"] = {}
    with pytest.raises(TypeError, match=r"Adam: expected lr to be a number, got '0.1'"):
        optim.Adam([param()]).load_state_dict(saved)


def test_an_empty_state_entry_means_no_state_yet() -> None:
    opt = optim.Adam([param()], lr=0.1)
    saved = opt.state_dict()
    saved["state"] = {0: {}}
    opt.load_state_dict(saved)
    opt.step()
    assert opt.state[opt.param_groups[0]["params"][0]]["step"] == 1
