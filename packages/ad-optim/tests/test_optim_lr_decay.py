"""StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR over 20 epochs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import ad_core
from ad_optim import SGD, Optimizer
from ad_optim import lr_scheduler as S


def make_opt() -> Optimizer:
    a, b = ad_core.zeros(1, requires_grad=True), ad_core.zeros(1, requires_grad=True)
    groups: list[dict[str, Any]] = [{"params": [a]}, {"params": [b], "lr": 0.5}]
    return SGD(groups, lr=0.1)


def sequence(sched: S.LRScheduler, epochs: int = 20) -> list[list[float]]:
    out = []
    for _ in range(epochs):
        out.append(sched.get_last_lr())
        sched.optimizer.step()
        sched.step()
    return out


def check(
    make: Callable[[Optimizer], S.LRScheduler], closed: Callable[[float, int], float]
) -> None:
    opt = make_opt()
    got = sequence(make(opt))
    for epoch, lrs in enumerate(got):
        for base, lr in zip((0.1, 0.5), lrs, strict=True):
            assert lr == pytest.approx(closed(base, epoch), rel=1e-12, abs=1e-15), epoch
    # The closed form that step(epoch) uses agrees too.
    sched = make(make_opt())
    for epoch in (0, 7, 13, 19):
        sched.step(epoch)
        assert sched.get_last_lr()[1] == pytest.approx(closed(0.5, epoch), rel=1e-12, abs=1e-15)


def test_step_lr() -> None:
    check(lambda o: S.StepLR(o, step_size=3, gamma=0.7), lambda b, e: b * 0.7 ** (e // 3))


def test_multistep_lr_with_repeated_milestone() -> None:
    def closed(b: float, e: int) -> float:
        return b * 0.3 ** sum(m <= e for m in (2, 5, 5, 11))

    check(lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 11], gamma=0.3), closed)


def test_constant_lr() -> None:
    check(
        lambda o: S.ConstantLR(o, factor=0.25, total_iters=4),
        lambda b, e: b * (0.25 if e < 4 else 1),
    )


def test_linear_lr() -> None:
    check(
        lambda o: S.LinearLR(o, start_factor=0.2, end_factor=0.9, total_iters=7),
        lambda b, e: b * (0.2 + 0.7 * min(e, 7) / 7),
    )


def test_exponential_lr_does_not_compound_on_the_base() -> None:
    check(lambda o: S.ExponentialLR(o, gamma=0.87), lambda b, e: b * 0.87**e)


def test_polynomial_lr() -> None:
    check(
        lambda o: S.PolynomialLR(o, total_iters=8, power=2.0),
        lambda b, e: b * (1 - min(e, 8) / 8) ** 2,
    )


def test_state_dict_round_trip_resumes_sequence() -> None:
    opt = make_opt()
    sched = S.StepLR(opt, step_size=3, gamma=0.5)
    sequence(sched, 5)
    saved_opt, saved = opt.state_dict(), sched.state_dict()
    rest = sequence(sched, 10)
    opt2 = make_opt()
    opt2.load_state_dict(saved_opt)
    sched2 = S.StepLR(opt2, step_size=99)
    sched2.load_state_dict(saved)
    assert sequence(sched2, 10) == rest


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="ConstantLR: expected factor in"):
        S.ConstantLR(make_opt(), factor=1.5)
    with pytest.raises(ValueError, match="LinearLR: expected start_factor"):
        S.LinearLR(make_opt(), start_factor=0.0)
    with pytest.raises(ValueError, match="StepLR: expected step_size to be at least 1, got 0"):
        S.StepLR(make_opt(), step_size=0)
    with pytest.raises(TypeError, match="is not an Optimizer"):
        S.StepLR(object(), step_size=1)  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="initial_lr"):
        S.StepLR(make_opt(), step_size=1, last_epoch=3)
