"""Elementwise math: values against NumPy, gradients by finite differences."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ad_core
import ad_ops as F
from ad_core import Tensor

Op = Callable[[Tensor], Tensor]


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


rng = np.random.default_rng(0)
POSITIVE = rng.uniform(0.5, 2.0, (3, 4))
ANY = rng.uniform(-1.2, 1.2, (3, 4))

UNARY: list[tuple[str, Op, Callable[[np.ndarray], np.ndarray], np.ndarray]] = [
    ("exp", F.exp, np.exp, ANY),
    ("log", F.log, np.log, POSITIVE),
    ("log1p", F.log1p, np.log1p, POSITIVE - 0.4),
    ("expm1", F.expm1, np.expm1, ANY),
    ("sqrt", F.sqrt, np.sqrt, POSITIVE),
    ("rsqrt", F.rsqrt, lambda a: 1 / np.sqrt(a), POSITIVE),
    ("square", F.square, np.square, ANY),
    ("sin", F.sin, np.sin, ANY),
    ("cos", F.cos, np.cos, ANY),
    ("tan", F.tan, np.tan, ANY),
    ("abs", F.abs, np.abs, ANY),
    ("reciprocal", F.reciprocal, np.reciprocal, POSITIVE),
]


@pytest.mark.parametrize(("name", "op", "ref", "data"), UNARY, ids=[u[0] for u in UNARY])
def test_unary_values_and_gradients(
    name: str, op: Op, ref: Callable[[np.ndarray], np.ndarray], data: np.ndarray
) -> None:
    np.testing.assert_allclose(op(ad_core.tensor(data, dtype="float64")).data, ref(data))
    x = leaf(data)
    assert ad_core.gradcheck(op, [x])
    assert ad_core.gradgradcheck(op, [x])
    # A transposed (non-contiguous) view gives the same gradients.
    xt = leaf(np.ascontiguousarray(data.T).T)
    assert ad_core.gradcheck(op, [xt])


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=0, max_size=3))
def test_unary_any_shape(shape: list[int]) -> None:
    data = np.random.default_rng(len(shape)).uniform(0.5, 1.5, shape)
    for op in (F.exp, F.log, F.sqrt, F.sin):
        assert ad_core.gradcheck(op, [leaf(data)])


def test_dtype_is_kept_and_arrays_scalars_accepted() -> None:
    assert F.exp(ad_core.ones(2)).dtype == np.float32
    assert F.exp(np.zeros(2)).dtype == np.float64
    assert F.sqrt(4.0).item() == 2.0


def test_abs_and_sign_gradient_zero_at_zero() -> None:
    x = leaf(np.array([-2.0, 0.0, 3.0]))
    F.abs(x).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [-1.0, 0.0, 1.0])
    y = leaf(np.array([-2.0, 0.0, 3.0]))
    s = F.sign(y)
    np.testing.assert_array_equal(s.data, [-1.0, 0.0, 1.0])
    s.sum().backward()
    assert y.grad is not None
    np.testing.assert_array_equal(y.grad.data, [0.0, 0.0, 0.0])


def test_clamp_values_and_gradient_at_bounds() -> None:
    x = leaf(np.array([-2.0, 0.0, 0.5, 1.0, 3.0]))
    y = F.clamp(x, min=0.0, max=1.0)
    np.testing.assert_array_equal(y.data, [0.0, 0.0, 0.5, 1.0, 1.0])
    y.sum().backward()
    assert x.grad is not None
    # As in PyTorch, the gradient passes at exactly min and max.
    np.testing.assert_array_equal(x.grad.data, [0.0, 1.0, 1.0, 1.0, 0.0])
    assert ad_core.gradcheck(lambda t: F.clamp(t, max=0.3), [leaf(ANY)])
    assert ad_core.gradcheck(lambda t: F.clamp(t, min=-0.3), [leaf(ANY)])


def test_clamp_tensor_bounds() -> None:
    x = leaf(np.array([-2.0, 0.5, 3.0]))
    lo = leaf(np.array([0.0, 0.0, 0.0]))
    hi = leaf(np.array([1.0]))
    y = F.clamp(x, lo, hi)
    np.testing.assert_array_equal(y.data, [0.0, 0.5, 1.0])
    y.sum().backward()
    assert x.grad is not None and lo.grad is not None and hi.grad is not None
    np.testing.assert_array_equal(x.grad.data, [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(lo.grad.data, [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(hi.grad.data, [1.0])


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
    np.testing.assert_array_equal(op(a, b).data, ref(a.data, b.data))
    assert ad_core.gradcheck(op, [a, b])
    assert ad_core.gradgradcheck(op, [a, b])
    x = leaf(np.array([1.0, 2.0]))
    y = leaf(np.array([1.0, 3.0]))
    op(x, y).sum().backward()
    assert x.grad is not None and y.grad is not None
    assert x.grad.data[0] == 0.5 and y.grad.data[0] == 0.5


def test_maximum_shape_error_names_op() -> None:
    with pytest.raises(ValueError, match="cannot be broadcast"):
        F.maximum(ad_core.ones(2), ad_core.ones(3))


def test_where() -> None:
    cond = np.array([[True, False, True]])
    a = leaf(rng.standard_normal((2, 3)))
    b = leaf(rng.standard_normal((3,)))
    np.testing.assert_array_equal(F.where(cond, a, b).data, np.where(cond, a.data, b.data))
    assert ad_core.gradcheck(lambda s, t: F.where(cond, s, t), [a, b])
    assert ad_core.gradgradcheck(lambda s, t: F.where(cond, s * s, t * t), [a, b])
    assert F.where(a > 0, a, 0.0).dtype == np.float64
    with pytest.raises(TypeError, match="where"):
        F.where(np.array([1, 0, 1]), a, b)


@pytest.mark.parametrize(
    ("fn", "x", "value", "slope"),
    [
        (F.exp, 1000.0, np.inf, np.inf),
        (F.expm1, 1000.0, np.inf, np.inf),
        (F.sqrt, -1.0, np.nan, np.nan),
        (F.sqrt, 0.0, 0.0, np.inf),
        (F.rsqrt, 0.0, np.inf, -np.inf),
        (F.reciprocal, 0.0, np.inf, -np.inf),
        (F.log1p, -1.0, -np.inf, np.inf),
        (F.log1p, -2.0, np.nan, -1.0),
    ],
)
def test_edge_values_as_pytorch_without_numpy_warnings(
    fn: Callable[[Tensor], Tensor], x: float, value: float, slope: float
) -> None:
    t = ad_core.tensor([x], dtype=np.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = fn(t)
        y.backward(ad_core.ones(1, dtype=np.float64))
    assert t.grad is not None
    np.testing.assert_array_equal(y.data, [value])
    np.testing.assert_array_equal(t.grad.data, [slope])
