"""clip_grad_norm_ and clip_grad_value_."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ad_core
from ad_core import clip_grad_norm_, clip_grad_value_


def with_grads(*grads: list[float]) -> list[ad_core.Tensor]:
    ps = []
    for g in grads:
        p = ad_core.zeros(len(g), requires_grad=True)
        p.grad = ad_core.tensor(g)
        ps.append(p)
    return ps


def test_clip_grad_norm_scales_jointly() -> None:
    ps = with_grads([3.0, 0.0], [0.0, 4.0])
    ps.append(ad_core.zeros(2, requires_grad=True))
    total = clip_grad_norm_(ps, max_norm=2.5)
    assert total.item() == pytest.approx(5.0)
    coef = 2.5 / (5.0 + 1e-6)
    assert ps[0].grad is not None and ps[1].grad is not None
    np.testing.assert_allclose(ps[0].grad.array, [3.0 * coef, 0.0], rtol=1e-6)
    np.testing.assert_allclose(ps[1].grad.array, [0.0, 4.0 * coef], rtol=1e-6)


def test_clip_grad_norm_leaves_small_gradients() -> None:
    ps = with_grads([0.3, 0.4])
    assert clip_grad_norm_(ps[0], 1.0).item() == pytest.approx(0.5)
    assert ps[0].grad is not None
    np.testing.assert_array_equal(ps[0].grad.array, np.array([0.3, 0.4], dtype=np.float32))


@pytest.mark.parametrize(
    ("norm_type", "expected"), [(1.0, 10.0), (3.0, (1 + 8 + 27 + 64) ** (1 / 3)), ("inf", 4.0)]
)
def test_clip_grad_norm_orders(norm_type: float | str, expected: float) -> None:
    ps = with_grads([1.0, -2.0], [3.0], [-4.0])
    total = clip_grad_norm_(ps, max_norm=1.0, norm_type=norm_type)
    assert total.item() == pytest.approx(expected, rel=1e-6)
    clipped = np.concatenate([p.grad.array for p in ps if p.grad is not None])
    assert np.linalg.norm(clipped, ord=math.inf if norm_type == "inf" else float(norm_type)) == (
        pytest.approx(1.0, rel=1e-5)
    )


def test_clip_grad_norm_nonfinite() -> None:
    ps = with_grads([1.0, math.inf])
    with pytest.raises(RuntimeError, match="is inf, so it cannot be clipped"):
        clip_grad_norm_(ps, 1.0, error_if_nonfinite=True)
    assert ps[0].grad is not None
    assert ps[0].grad.array[0] == 1.0


def test_clip_grad_norm_no_gradients() -> None:
    assert clip_grad_norm_([ad_core.zeros(2, requires_grad=True)], 1.0).item() == 0.0


def test_clip_grad_value() -> None:
    ps = with_grads([-5.0, 0.5, 5.0])
    clip_grad_value_(ps, 1.0)
    assert ps[0].grad is not None
    np.testing.assert_array_equal(ps[0].grad.array, [-1.0, 0.5, 1.0])
