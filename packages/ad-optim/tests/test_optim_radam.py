"""RAdam against hand-computed steps, across the switch to the rectified update."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import RAdam

Runner = Callable[..., None]
"""The ``run_steps`` fixture of conftest.py."""


def radam_ref(**h: Any) -> Any:
    lr, (b1, b2) = h.get("lr", 1e-3), h.get("betas", (0.9, 0.999))
    eps, wd = h.get("eps", 1e-8), h.get("weight_decay", 0.0)
    decoupled = h.get("decoupled_weight_decay", False)
    rho_inf = 2 / (1 - b2) - 1

    def ref(params: list[NDArray], grads: list[NDArray], state: dict[str, Any], step: int) -> None:
        rho = rho_inf - 2 * step * b2**step / (1 - b2**step)
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if decoupled:
                p *= 1 - lr * wd
            else:
                g = g + wd * p
            m = state[f"m{i}"] = b1 * state.get(f"m{i}", 0.0) + (1 - b1) * g
            v = state[f"v{i}"] = b2 * state.get(f"v{i}", 0.0) + (1 - b2) * g * g
            m_hat = m / (1 - b1**step)
            if rho > 5:
                rect = math.sqrt(
                    (rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho)
                )
                p -= lr * m_hat * rect * math.sqrt(1 - b2**step) / (np.sqrt(v) + eps)
            else:
                p -= lr * m_hat

    return ref


@pytest.mark.parametrize(
    "h",
    [
        {"lr": 0.01},
        {"lr": 0.01, "betas": (0.9, 0.8), "weight_decay": 0.1},
        {"lr": 0.01, "betas": (0.8, 0.8), "weight_decay": 0.1, "decoupled_weight_decay": True},
    ],
)
def test_radam_matches_hand_computed_steps(run_steps: Runner, h: dict[str, Any]) -> None:
    # With beta2 = 0.8, rho_t passes 5 at step 7: both branches run in 10 steps.
    run_steps(lambda ps: RAdam(ps, **h), radam_ref(**h), steps=10)


def test_radam_maximize(run_steps: Runner) -> None:
    h: dict[str, Any] = {"lr": 0.01, "betas": (0.9, 0.8)}
    run_steps(lambda ps: RAdam(ps, maximize=True, **h), radam_ref(**h), steps=10, maximize=True)


def test_radam_rejects_bad_lr() -> None:
    with pytest.raises(ValueError, match="RAdam: Invalid learning rate"):
        RAdam([ad_core.zeros(1, requires_grad=True)], lr=-1e-3)


def test_radam_switches_to_the_rectified_update_when_rho_exceeds_5() -> None:
    b2 = 0.8
    rho_inf = 2 / (1 - b2) - 1
    rhos = [rho_inf - 2 * t * b2**t / (1 - b2**t) for t in range(1, 11)]
    assert rhos[5] < 5 < rhos[6]
