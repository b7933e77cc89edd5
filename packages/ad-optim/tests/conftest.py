"""Shared driver: run an optimizer on a fixed quadratic and a reference rule side by side."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import NDArray
from ad_optim import Optimizer

Reference = Callable[[list[NDArray], list[NDArray], dict[str, Any], int], None]
"""``ref(params, grads, state, step)`` updates float64 ``params`` in place by hand."""
Runner = Callable[..., None]

SHAPES = [(3, 2), (4,), ()]


def grad_of(p: NDArray, i: int) -> NDArray:
    """A gradient that depends on the parameter and changes sign: a tilted quadratic."""
    c = np.linspace(0.5, 2.0, p.size).reshape(p.shape) * (i + 1)
    return np.asarray(c * p - 0.3 * (i - 1) + np.sin(p))


def _run(
    make: Callable[[list[ad_core.Tensor]], Optimizer],
    ref: Reference,
    steps: int = 6,
    maximize: bool = False,
) -> None:
    rng = np.random.default_rng(0)
    init = [rng.standard_normal(s) for s in SHAPES]
    params = [ad_core.tensor(a.copy(), requires_grad=True) for a in init]
    expected = [a.copy() for a in init]
    opt = make(params)
    state: dict[str, Any] = {}
    for step in range(1, steps + 1):
        for i, p in enumerate(params):
            p.grad = ad_core.tensor(grad_of(p.array, i))
        grads = [grad_of(e, i) for i, e in enumerate(expected)]
        if maximize:
            grads = [-g for g in grads]
        opt.step()
        ref(expected, grads, state, step)
        for p, e in zip(params, expected, strict=True):
            assert p.array.dtype == np.float64
            np.testing.assert_allclose(p.array, e, rtol=1e-10, atol=1e-12, err_msg=f"step {step}")


@pytest.fixture
def run_steps() -> Runner:
    """Step an optimizer and a hand-written reference rule on float64 parameters."""
    return _run
