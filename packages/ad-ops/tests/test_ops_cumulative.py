"""cumsum and cumprod: values against NumPy, gradients with and without zeros."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(4).uniform(0.5, 1.5, (3, 4)) * np.array([1, -1, 1, -1])


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumsum(dim: int) -> None:
    np.testing.assert_allclose(F.cumsum(ad_core.tensor(DATA), dim).array, np.cumsum(DATA, dim))
    assert ad_core.gradcheck(lambda t: F.cumsum(t, dim), [leaf(DATA)])
    assert ad_core.gradgradcheck(lambda t: F.cumsum(t * t, dim), [leaf(DATA)])


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumprod_without_zeros(dim: int) -> None:
    np.testing.assert_allclose(F.cumprod(ad_core.tensor(DATA), dim).array, np.cumprod(DATA, dim))
    assert ad_core.gradcheck(lambda t: F.cumprod(t, dim), [leaf(DATA)])
    assert ad_core.gradgradcheck(lambda t: F.cumprod(t, dim), [leaf(DATA)])


# Rows: one zero, two zeros, zeros first and last, all zeros, none.
ZEROS = np.array(
    [
        [2.0, 0.0, 3.0, -1.5, 0.5],
        [0.5, 0.0, 2.0, 0.0, 3.0],
        [0.0, 1.5, -2.0, 1.2, 0.0],
        [0.0, 0.0, 0.0, 0.0, 0.0],
        [1.5, -0.5, 2.0, 0.8, 1.1],
    ]
)


@pytest.mark.parametrize("dim", [0, 1])
def test_cumprod_gradient_with_zeros(dim: int) -> None:
    x = leaf(ZEROS)
    assert ad_core.gradcheck(lambda t: F.cumprod(t, dim), [x])
    assert ad_core.gradgradcheck(lambda t: F.cumprod(t, dim), [x])
    y = F.cumprod(x, dim)
    assert not np.isnan(ad_core.grad(y.sum(), x)[0].array).any()  # type: ignore[union-attr]


def test_cumprod_gradient_values_with_a_zero() -> None:
    x = leaf(np.array([2.0, 0.0, 3.0, 4.0]))
    F.cumprod(x, 0).sum().backward()
    assert x.grad is not None
    # d/dx1 = x0 + x0 x2 + x0 x2 x3 = 2 + 6 + 24; after the zero: 0.
    np.testing.assert_array_equal(x.grad.array, [1.0, 32.0, 0.0, 0.0])


def test_integer_and_bool_inputs_give_int64() -> None:
    ints = ad_core.tensor(np.array([1, 2, 3], dtype=np.int32))
    assert F.cumsum(ints, 0).dtype == np.int64
    assert F.cumsum(ints, 0).tolist() == [1, 3, 6]
    assert F.cumprod(ints, 0).tolist() == [1, 2, 6]
    assert F.cumsum(ad_core.tensor([True, True]), 0).tolist() == [1, 2]
    cast = F.cumsum(ints, 0, dtype=np.float64)
    assert cast.dtype == np.float64 and cast.tolist() == [1.0, 3.0, 6.0]


def test_0d_and_errors() -> None:
    assert F.cumsum(ad_core.tensor(2.0), 0).item() == 2.0
    assert F.cumprod(ad_core.tensor(2.0), -1).shape == ()
    with pytest.raises(IndexError, match="cumsum"):
        F.cumsum(ad_core.ones(2, 3), 2)
    with pytest.raises(IndexError, match="cumprod"):
        F.cumprod(ad_core.ones(2, 3), -3)
