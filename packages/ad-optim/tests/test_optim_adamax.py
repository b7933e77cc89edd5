"""Adamax against hand-computed steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import Adamax

Runner = Callable[..., None]
"""The ``run_steps`` fixture of conftest.py."""


def adamax_ref(**h: Any) -> Any:
    lr, (b1, b2) = h.get("lr", 2e-3), h.get("betas", (0.9, 0.999))
    eps, wd = h.get("eps", 1e-8), h.get("weight_decay", 0.0)

    def ref(params: list[NDArray], grads: list[NDArray], state: dict[str, Any], step: int) -> None:
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            g = g + wd * p
            m = state[f"m{i}"] = b1 * state.get(f"m{i}", 0.0) + (1 - b1) * g
            u = state[f"u{i}"] = np.maximum(b2 * state.get(f"u{i}", 0.0), np.abs(g) + eps)
            p -= lr / (1 - b1**step) * m / u

    return ref


@pytest.mark.parametrize("h", [{}, {"lr": 0.05, "betas": (0.8, 0.5), "weight_decay": 0.1}])
def test_adamax_matches_hand_computed_steps(run_steps: Runner, h: dict[str, Any]) -> None:
    run_steps(lambda ps: Adamax(ps, **h), adamax_ref(**h))


def test_adamax_maximize(run_steps: Runner) -> None:
    run_steps(lambda ps: Adamax(ps, maximize=True), adamax_ref(), maximize=True)


def test_adamax_rejects_bad_betas() -> None:
    with pytest.raises(ValueError, match="Adamax: Invalid beta parameter at index 1"):
        Adamax([ad_core.zeros(1, requires_grad=True)], betas=(0.9, 1.0))
