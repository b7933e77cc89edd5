"""softmax / log_softmax: values, stability per row, gradients."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(4).standard_normal((3, 4, 5))


def _softmax(a: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return np.asarray(e / e.sum(axis=axis, keepdims=True))


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_values_and_gradients(dim: int) -> None:
    np.testing.assert_allclose(F.softmax(ad_core.tensor(DATA), dim).array, _softmax(DATA, dim))
    np.testing.assert_allclose(
        F.log_softmax(ad_core.tensor(DATA), dim=dim).array, np.log(_softmax(DATA, dim))
    )
    for op in (F.softmax, F.log_softmax):
        assert ad_core.gradcheck(lambda t, op=op: op(t, dim), [leaf(DATA)])
        assert ad_core.gradgradcheck(lambda t, op=op: op(t, dim), [leaf(DATA)])
        assert ad_core.gradcheck(lambda t, op=op: op(t, dim), [leaf(DATA.T)])


def test_large_logits_in_different_rows() -> None:
    logits = np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1002.0], [0.0, 1.0, 2.0]])
    base = _softmax(np.array([2.0, 1.0, 0.0]), 0)
    x = leaf(logits)
    p = F.softmax(x, dim=1)
    np.testing.assert_allclose(p.array[0], base)
    np.testing.assert_allclose(p.array[1], base)
    lp = F.log_softmax(x, dim=1)
    np.testing.assert_allclose(lp.array[0], np.log(base))
    weights = np.arange(9.0).reshape(3, 3)
    (lp * weights).sum().backward()
    assert x.grad is not None and np.all(np.isfinite(x.grad.array))
    expected = weights - weights.sum(1, keepdims=True) * _softmax(logits, 1)
    np.testing.assert_allclose(x.grad.array, expected)
    assert ad_core.gradcheck(lambda t: F.log_softmax(t, 1), [leaf(logits)])
    assert ad_core.gradcheck(lambda t: F.softmax(t, 1), [leaf(logits)])


def test_float32_and_errors() -> None:
    assert F.softmax(ad_core.randn(2, 3), -1).dtype == np.float32
    with pytest.raises(IndexError, match="softmax"):
        F.softmax(ad_core.randn(2, 3), 2)
    with pytest.raises(TypeError, match="log_softmax"):
        F.log_softmax(ad_core.tensor([1, 2]), 0)


@pytest.mark.parametrize("fn", [F.softmax, F.log_softmax])
def test_slices_with_inf_or_nan_are_nan_throughout_as_in_pytorch(
    fn: Callable[[Tensor, int], Tensor],
) -> None:
    inf, nan = np.inf, np.nan
    x = leaf(np.array([[1.0, inf, 2.0], [-inf, -inf, -inf], [nan, 0.0, 1.0], [0.0, -inf, 1.0]]))
    with warnings.catch_warnings():
        y = fn(x, 1)
        y.backward(ad_core.ones(4, 3, dtype=np.float64))
    assert x.grad is not None
    assert np.isnan(y.array[:3]).all() and np.isnan(x.grad.array[:3]).all()
    e = np.e
    if fn is F.softmax:
        np.testing.assert_allclose(y.array[3], [1 / (1 + e), 0.0, e / (1 + e)])
    else:
        np.testing.assert_allclose(y.array[3], [-np.log1p(e), -inf, 1 - np.log1p(e)])
    assert np.isfinite(x.grad.array[3]).all()


@pytest.mark.parametrize("fn", [F.softmax, F.log_softmax])
def test_empty_slices_give_empty_results(fn: Callable[[Tensor, int], Tensor]) -> None:
    with warnings.catch_warnings():
        assert fn(ad_core.zeros(0), 0).shape == (0,)
        assert fn(ad_core.zeros(2, 0), 1).shape == (2, 0)
