"""Adagrad against hand-computed steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import Adagrad

Runner = Callable[..., None]
"""The ``run_steps`` fixture of conftest.py."""


def adagrad_ref(**h: Any) -> Any:
    lr, lr_decay, wd = h.get("lr", 1e-2), h.get("lr_decay", 0.0), h.get("weight_decay", 0.0)
    init, eps = h.get("initial_accumulator_value", 0.0), h.get("eps", 1e-10)

    def ref(params: list[NDArray], grads: list[NDArray], state: dict[str, Any], step: int) -> None:
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            g = g + wd * p
            s = state[f"s{i}"] = state.get(f"s{i}", init) + g * g
            p -= lr / (1 + (step - 1) * lr_decay) * g / (np.sqrt(s) + eps)

    return ref


@pytest.mark.parametrize(
    "h",
    [
        {},
        {"lr": 0.1, "lr_decay": 0.1},
        {"lr": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.5},
    ],
)
def test_adagrad_matches_hand_computed_steps(run_steps: Runner, h: dict[str, Any]) -> None:
    run_steps(lambda ps: Adagrad(ps, **h), adagrad_ref(**h))


def test_adagrad_maximize(run_steps: Runner) -> None:
    run_steps(lambda ps: Adagrad(ps, maximize=True), adagrad_ref(), maximize=True)


@pytest.mark.parametrize(
    "key", ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"]
)
def test_adagrad_rejects_negative_hyperparameters(key: str) -> None:
    with pytest.raises(ValueError, match="Adagrad: Invalid"):
        kwargs: dict[str, Any] = {key: -0.1}
        Adagrad([ad_core.zeros(1, requires_grad=True)], **kwargs)
