"""RMSprop against hand-computed steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import RMSprop

Runner = Callable[..., None]
"""The ``run_steps`` fixture of conftest.py."""


def rmsprop_ref(**h: Any) -> Any:
    lr, alpha, eps = h.get("lr", 1e-2), h.get("alpha", 0.99), h.get("eps", 1e-8)
    wd, mom, centered = h.get("weight_decay", 0.0), h.get("momentum", 0.0), h.get("centered", False)

    def ref(params: list[NDArray], grads: list[NDArray], state: dict[str, Any], step: int) -> None:
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            g = g + wd * p
            v = state[f"v{i}"] = alpha * state.get(f"v{i}", 0.0) + (1 - alpha) * g**2
            if centered:
                a = state[f"a{i}"] = alpha * state.get(f"a{i}", 0.0) + (1 - alpha) * g
                v = v - a**2
            d = g / (np.sqrt(v) + eps)
            if mom > 0:
                d = state[f"b{i}"] = mom * state.get(f"b{i}", 0.0) + d
            p -= lr * d

    return ref


@pytest.mark.parametrize(
    "h",
    [
        {},
        {"lr": 0.01, "alpha": 0.9, "weight_decay": 0.1},
        {"lr": 0.01, "momentum": 0.9},
        {"lr": 0.01, "centered": True},
        {"lr": 0.005, "centered": True, "momentum": 0.5, "weight_decay": 0.1, "eps": 1e-4},
    ],
)
def test_rmsprop_matches_hand_computed_steps(run_steps: Runner, h: dict[str, Any]) -> None:
    run_steps(lambda ps: RMSprop(ps, **h), rmsprop_ref(**h))


def test_rmsprop_maximize(run_steps: Runner) -> None:
    run_steps(lambda ps: RMSprop(ps, maximize=True), rmsprop_ref(), maximize=True)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lr": -1.0}, "Invalid learning rate"),
        ({"alpha": -0.1}, "Invalid alpha"),
        ({"momentum": -0.1}, "Invalid momentum"),
        ({"eps": -1.0}, "Invalid eps"),
    ],
)
def test_rmsprop_rejects_bad_hyperparameters(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        RMSprop([ad_core.zeros(1, requires_grad=True)], **kwargs)
