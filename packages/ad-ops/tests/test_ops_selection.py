"""Elementwise selection: clamp/clip, maximum/minimum, where (both forms)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


rng = np.random.default_rng(0)
ANY = rng.uniform(-1.2, 1.2, (3, 4))


def test_clamp_values_and_gradient_at_bounds() -> None:
    x = leaf(np.array([-2.0, 0.0, 0.5, 1.0, 3.0]))
    y = F.clamp(x, min=0.0, max=1.0)
    np.testing.assert_array_equal(y.array, [0.0, 0.0, 0.5, 1.0, 1.0])
    y.sum().backward()
    assert x.grad is not None
    # As in PyTorch, the gradient passes at exactly min and max.
    np.testing.assert_array_equal(x.grad.array, [0.0, 1.0, 1.0, 1.0, 0.0])
    assert ad_core.gradcheck(lambda t: F.clamp(t, max=0.3), [leaf(ANY)])
    assert ad_core.gradcheck(lambda t: F.clamp(t, min=-0.3), [leaf(ANY)])


def test_clamp_tensor_bounds() -> None:
    x = leaf(np.array([-2.0, 0.5, 3.0]))
    lo = leaf(np.array([0.0, 0.0, 0.0]))
    hi = leaf(np.array([1.0]))
    y = F.clamp(x, lo, hi)
    np.testing.assert_array_equal(y.array, [0.0, 0.5, 1.0])
    y.sum().backward()
    assert x.grad is not None and lo.grad is not None and hi.grad is not None
    np.testing.assert_array_equal(x.grad.array, [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(lo.grad.array, [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(hi.grad.array, [1.0])


def test_clamp_needs_a_bound() -> None:
    with pytest.raises(ValueError, match="clamp"):
        F.clamp(ad_core.ones(2))
    with pytest.raises(TypeError, match="clamp"):
        F.clamp(ad_core.ones(2), min="a")  # type: ignore[arg-type]


@pytest.mark.parametrize("op", [F.maximum, F.minimum])
def test_maximum_minimum_broadcast_and_ties(op: Callable[[Tensor, Tensor], Tensor]) -> None:
    a = leaf(rng.standard_normal((3, 4)))
    b = leaf(rng.standard_normal((4,)))
    ref = np.maximum if op is F.maximum else np.minimum
    np.testing.assert_array_equal(op(a, b).array, ref(a.array, b.array))
    assert ad_core.gradcheck(op, [a, b])
    assert ad_core.gradgradcheck(op, [a, b])
    x = leaf(np.array([1.0, 2.0]))
    y = leaf(np.array([1.0, 3.0]))
    op(x, y).sum().backward()
    assert x.grad is not None and y.grad is not None
    assert x.grad.array[0] == 0.5 and y.grad.array[0] == 0.5


def test_maximum_shape_error_names_op() -> None:
    with pytest.raises(ValueError, match="cannot be broadcast"):
        F.maximum(ad_core.ones(2), ad_core.ones(3))


def test_where() -> None:
    cond = np.array([[True, False, True]])
    a = leaf(rng.standard_normal((2, 3)))
    b = leaf(rng.standard_normal((3,)))
    np.testing.assert_array_equal(F.where(cond, a, b).array, np.where(cond, a.array, b.array))
    assert ad_core.gradcheck(lambda s, t: F.where(cond, s, t), [a, b])
    assert ad_core.gradgradcheck(lambda s, t: F.where(cond, s * s, t * t), [a, b])
    assert F.where(a > 0, a, 0.0).dtype == np.float64
    with pytest.raises(TypeError, match="where"):
        F.where(np.array([1, 0, 1]), a, b)


def test_clip_is_clamp() -> None:
    x = leaf(np.array([-2.0, 0.5, 3.0]))
    np.testing.assert_array_equal(F.clip(x, -1.0, 1.0).array, [-1.0, 0.5, 1.0])
    np.testing.assert_array_equal(F.clip(x, max=0.0).array, [-2.0, 0.0, 0.0])
    assert ad_core.gradcheck(lambda t: F.clip(t, -1.0, 1.0), [x])
    with pytest.raises(ValueError, match="clamp"):
        F.clip(x)


def test_where_with_condition_alone_is_nonzero_as_tuple() -> None:
    x = ad_core.tensor([[0.0, 1.0], [2.0, 0.0]])
    rows, cols = F.where(x)
    np.testing.assert_array_equal(rows.array, [0, 1])
    np.testing.assert_array_equal(cols.array, [1, 0])
    assert rows.dtype == np.int64
    (only,) = F.where(ad_core.tensor([True, False, True]))
    np.testing.assert_array_equal(only.array, [0, 2])
    with pytest.raises(TypeError, match="where"):
        F.where(x > 0, x)  # type: ignore[call-overload]
