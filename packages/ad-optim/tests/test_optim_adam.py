"""Adam and AdamW against hand-computed steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import Adam, AdamW

Runner = Callable[..., None]
"""The ``run_steps`` fixture of conftest.py."""


def adam_ref(decoupled: bool = False, **h: Any) -> Any:
    lr, (b1, b2) = h.get("lr", 1e-3), h.get("betas", (0.9, 0.999))
    eps, wd, amsgrad = h.get("eps", 1e-8), h.get("weight_decay", 0.0), h.get("amsgrad", False)

    def ref(params: list[NDArray], grads: list[NDArray], state: dict[str, Any], step: int) -> None:
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if decoupled:
                p *= 1 - lr * wd
            else:
                g = g + wd * p
            m = state[f"m{i}"] = b1 * state.get(f"m{i}", 0.0) + (1 - b1) * g
            v = state[f"v{i}"] = b2 * state.get(f"v{i}", 0.0) + (1 - b2) * g * g
            if amsgrad:
                v = state[f"vmax{i}"] = np.maximum(state.get(f"vmax{i}", 0.0), v)
            m_hat = m / (1 - b1**step)
            v_hat = v / (1 - b2**step)
            p -= lr * m_hat / (np.sqrt(v_hat) + eps * 1.0)

    return ref


CASES = [
    {"lr": 0.01},
    {"lr": 0.01, "betas": (0.8, 0.9), "weight_decay": 0.1},
    {"lr": 0.02, "amsgrad": True},
    {"lr": 0.02, "amsgrad": True, "weight_decay": 0.05, "eps": 1e-3},
]


@pytest.mark.parametrize("h", CASES)
def test_adam_matches_hand_computed_steps(run_steps: Runner, h: dict[str, Any]) -> None:
    run_steps(lambda ps: Adam(ps, **h), adam_ref(**h))


@pytest.mark.parametrize("h", CASES)
def test_adamw_decays_decoupled(run_steps: Runner, h: dict[str, Any]) -> None:
    h = {"weight_decay": 1e-2, **h}
    run_steps(lambda ps: AdamW(ps, **h), adam_ref(decoupled=True, **h))


def test_adam_decoupled_flag_equals_adamw(run_steps: Runner) -> None:
    h: dict[str, Any] = {"lr": 0.01, "weight_decay": 0.2}
    run_steps(lambda ps: Adam(ps, decoupled_weight_decay=True, **h), adam_ref(True, **h))


def test_adam_maximize(run_steps: Runner) -> None:
    run_steps(lambda ps: Adam(ps, lr=0.01, maximize=True), adam_ref(lr=0.01), maximize=True)


def test_adamw_default_weight_decay() -> None:
    opt = AdamW([ad_core.zeros(1, requires_grad=True)])
    assert opt.defaults["weight_decay"] == 1e-2
    assert opt.defaults["lr"] == 1e-3


def test_adam_float32_state_stays_float32() -> None:
    w = ad_core.tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    opt = Adam([w], lr=0.1, amsgrad=True, weight_decay=0.1)
    for _ in range(3):
        w.grad = ad_core.tensor(np.full(3, 0.5, dtype=np.float32))
        opt.step()
    assert w.array.dtype == np.float32
    assert all(v.dtype == np.float32 for k, v in opt.state[w].items() if k != "step")
    assert opt.state[w]["step"] == 3


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lr": -1.0}, "Invalid learning rate"),
        ({"betas": (1.0, 0.999)}, "beta parameter at index 0"),
        ({"betas": (0.9, -0.1)}, "beta parameter at index 1"),
        ({"eps": -1e-8}, "Invalid eps"),
        ({"weight_decay": -0.1}, "Invalid weight_decay"),
    ],
)
def test_adam_rejects_bad_hyperparameters(kwargs: dict[str, Any], match: str) -> None:
    for cls in (Adam, AdamW):
        with pytest.raises(ValueError, match=match):
            cls([ad_core.zeros(1, requires_grad=True)], **kwargs)
