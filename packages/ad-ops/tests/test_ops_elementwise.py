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
    np.testing.assert_allclose(op(ad_core.tensor(data, dtype="float64")).array, ref(data))
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
    np.testing.assert_array_equal(x.grad.array, [-1.0, 0.0, 1.0])
    y = leaf(np.array([-2.0, 0.0, 3.0]))
    s = F.sign(y)
    np.testing.assert_array_equal(s.array, [-1.0, 0.0, 1.0])
    s.sum().backward()
    assert y.grad is not None
    np.testing.assert_array_equal(y.grad.array, [0.0, 0.0, 0.0])


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
        y = fn(t)
        y.backward(ad_core.ones(1, dtype=np.float64))
    assert t.grad is not None
    np.testing.assert_array_equal(y.array, [value])
    np.testing.assert_array_equal(t.grad.array, [slope])
