"""LambdaLR and MultiplicativeLR over 20 epochs."""

from __future__ import annotations

from typing import Any

import pytest

import ad_core
from ad_optim import SGD
from ad_optim import lr_scheduler as S


def make_opt() -> SGD:
    a, b = ad_core.zeros(1, requires_grad=True), ad_core.zeros(1, requires_grad=True)
    groups: list[dict[str, Any]] = [{"params": [a]}, {"params": [b], "lr": 0.5}]
    return SGD(groups, lr=0.1)


def test_lambda_lr_per_group() -> None:
    opt = make_opt()
    sched = S.LambdaLR(opt, [lambda e: 0.9**e, lambda e: 1 / (1 + e)])
    for e in range(20):
        assert sched.get_last_lr() == pytest.approx([0.1 * 0.9**e, 0.5 / (1 + e)], rel=1e-12)
        sched.step()


def test_multiplicative_lr() -> None:
    opt = make_opt()
    sched = S.MultiplicativeLR(opt, lambda e: 0.95)
    for e in range(20):
        assert sched.get_last_lr() == pytest.approx([0.1 * 0.95**e, 0.5 * 0.95**e], rel=1e-12)
        sched.step()


class Scale:
    def __init__(self, factor: float) -> None:
        self.factor = factor

    def __call__(self, epoch: int) -> float:
        return self.factor**epoch


def test_state_dict_saves_callable_objects_not_functions() -> None:
    sched = S.LambdaLR(make_opt(), [Scale(0.5), lambda e: 1.0])
    sched.step()
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [{"factor": 0.5}, None]
    fresh = S.LambdaLR(make_opt(), [Scale(0.9), lambda e: 1.0])
    fresh.load_state_dict(sd)
    fresh.step()
    assert fresh.get_last_lr() == pytest.approx([0.1 * 0.25, 0.5])


def test_bad_lambdas() -> None:
    with pytest.raises(ValueError, match="expected 2 lr_lambdas, got 1"):
        S.LambdaLR(make_opt(), [lambda e: 1.0])
    with pytest.raises(TypeError, match="should be a function"):
        S.MultiplicativeLR(make_opt(), 0.5)  # type: ignore[arg-type]
