"""Adadelta against hand-computed steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import Adadelta

Runner = Callable[..., None]
"""The ``run_steps`` fixture of conftest.py."""


def adadelta_ref(**h: Any) -> Any:
    lr, rho, eps, wd = (
        h.get("lr", 1.0),
        h.get("rho", 0.9),
        h.get("eps", 1e-6),
        h.get("weight_decay", 0.0),
    )

    def ref(params: list[NDArray], grads: list[NDArray], state: dict[str, Any], step: int) -> None:
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            g = g + wd * p
            v = state[f"v{i}"] = rho * state.get(f"v{i}", 0.0) + (1 - rho) * g * g
            u = state.get(f"u{i}", 0.0)
            d = np.sqrt(u + eps) / np.sqrt(v + eps) * g
            state[f"u{i}"] = rho * u + (1 - rho) * d * d
            p -= lr * d

    return ref


@pytest.mark.parametrize("h", [{}, {"lr": 0.5, "rho": 0.5, "weight_decay": 0.1, "eps": 1e-3}])
def test_adadelta_matches_hand_computed_steps(run_steps: Runner, h: dict[str, Any]) -> None:
    run_steps(lambda ps: Adadelta(ps, **h), adadelta_ref(**h))


def test_adadelta_maximize(run_steps: Runner) -> None:
    run_steps(lambda ps: Adadelta(ps, maximize=True), adadelta_ref(), maximize=True)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lr": -1.0}, "Invalid learning rate"),
        ({"rho": 1.5}, "Invalid rho"),
        ({"eps": -1.0}, "eps"),
    ],
)
def test_adadelta_rejects_bad_hyperparameters(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Adadelta([ad_core.zeros(1, requires_grad=True)], **kwargs)
