"""SGD against hand-computed steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import SGD

Runner = Callable[..., None]
"""The ``run_steps`` fixture of conftest.py."""


def sgd_ref(**h: Any) -> Any:
    lr, mom, damp = h.get("lr", 1e-3), h.get("momentum", 0.0), h.get("dampening", 0.0)
    wd, nesterov = h.get("weight_decay", 0.0), h.get("nesterov", False)

    def ref(params: list[NDArray], grads: list[NDArray], state: dict[str, Any], step: int) -> None:
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            d = g + wd * p
            if mom:
                b = d.copy() if step == 1 else mom * state[f"b{i}"] + (1 - damp) * d
                state[f"b{i}"] = b
                d = d + mom * b if nesterov else b
            p -= lr * d

    return ref


@pytest.mark.parametrize(
    "h",
    [
        {"lr": 0.1},
        {"lr": 0.1, "momentum": 0.9},
        {"lr": 0.05, "momentum": 0.9, "dampening": 0.5, "weight_decay": 0.1},
        {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01},
        {},
    ],
)
def test_sgd_matches_hand_computed_steps(run_steps: Runner, h: dict[str, Any]) -> None:
    run_steps(lambda ps: SGD(ps, **h), sgd_ref(**h))


def test_sgd_maximize(run_steps: Runner) -> None:
    h: dict[str, Any] = {"lr": 0.1, "momentum": 0.5}
    run_steps(lambda ps: SGD(ps, maximize=True, **h), sgd_ref(**h), maximize=True)


def test_sgd_first_momentum_step_is_plain_gradient() -> None:
    w = ad_core.tensor([1.0], requires_grad=True)
    opt = SGD([w], lr=0.1, momentum=0.9, dampening=0.5)
    w.grad = ad_core.tensor([2.0])
    opt.step()
    np.testing.assert_allclose(w.array, [0.8])
    np.testing.assert_allclose(opt.state[w]["momentum_buffer"], [2.0])


def test_sgd_without_momentum_keeps_no_state() -> None:
    w = ad_core.tensor([1.0], requires_grad=True)
    opt = SGD([w], lr=0.1)
    w.grad = ad_core.tensor([1.0])
    opt.step()
    assert opt.state == {}


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lr": -0.1}, "Invalid learning rate"),
        ({"momentum": -0.5}, "Invalid momentum"),
        ({"weight_decay": -1.0}, "Invalid weight_decay"),
        ({"nesterov": True}, "Nesterov momentum requires a momentum"),
        ({"nesterov": True, "momentum": 0.9, "dampening": 0.1}, "zero dampening"),
    ],
)
def test_sgd_rejects_bad_hyperparameters(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        SGD([ad_core.zeros(1, requires_grad=True)], **kwargs)
