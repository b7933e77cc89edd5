"""NAdam against hand-computed steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import NAdam

Runner = Callable[..., None]
"""The ``run_steps`` fixture of conftest.py."""


def nadam_ref(**h: Any) -> Any:
    lr, (b1, b2) = h.get("lr", 2e-3), h.get("betas", (0.9, 0.999))
    eps, wd, psi = h.get("eps", 1e-8), h.get("weight_decay", 0.0), h.get("momentum_decay", 4e-3)
    decoupled = h.get("decoupled_weight_decay", False)

    def mu(t: int) -> float:
        return float(b1 * (1 - 0.5 * 0.96 ** (t * psi)))

    def ref(params: list[NDArray], grads: list[NDArray], state: dict[str, Any], step: int) -> None:
        # The running product of mu is float32 in PyTorch (and here).
        prod = float(np.float32(state.get("prod", 1.0) * np.float32(mu(step))))
        state["prod"] = prod
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if decoupled:
                p *= 1 - lr * wd
            else:
                g = g + wd * p
            m = state[f"m{i}"] = b1 * state.get(f"m{i}", 0.0) + (1 - b1) * g
            v = state[f"v{i}"] = b2 * state.get(f"v{i}", 0.0) + (1 - b2) * g * g
            denom = np.sqrt(v / (1 - b2**step)) + eps
            p -= lr * (1 - mu(step)) / (1 - prod) * g / denom
            p -= lr * mu(step + 1) / (1 - prod * mu(step + 1)) * m / denom

    return ref


@pytest.mark.parametrize(
    "h",
    [
        {},
        {"lr": 0.01, "weight_decay": 0.1, "momentum_decay": 0.01},
        {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True},
    ],
)
def test_nadam_matches_hand_computed_steps(run_steps: Runner, h: dict[str, Any]) -> None:
    run_steps(lambda ps: NAdam(ps, **h), nadam_ref(**h))


def test_nadam_maximize(run_steps: Runner) -> None:
    run_steps(lambda ps: NAdam(ps, maximize=True), nadam_ref(), maximize=True)


def test_nadam_state_dict_carries_mu_product() -> None:
    w = ad_core.tensor([1.0], requires_grad=True)
    opt = NAdam([w])
    w.grad = ad_core.tensor([1.0])
    opt.step()
    saved = opt.state_dict()["state"][0]["mu_product"]
    assert saved.dtype == np.float32 and saved.shape == ()
    np.testing.assert_allclose(saved, 0.9 * (1 - 0.5 * 0.96**0.004), rtol=1e-6)


def test_nadam_rejects_negative_momentum_decay() -> None:
    with pytest.raises(ValueError, match="NAdam: Invalid momentum_decay"):
        NAdam([ad_core.zeros(1, requires_grad=True)], momentum_decay=-1.0)
