"""floor, ceil, trunc, round (zero gradient), frac (gradient one)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.array([-2.5, -1.5, -0.5, -0.2, 0.0, 0.4, 0.5, 1.5, 2.5, 2.7])


@pytest.mark.parametrize(
    ("op", "ref"),
    [(F.floor, np.floor), (F.ceil, np.ceil), (F.trunc, np.trunc), (F.round, np.round)],
)
def test_rounding_values_zero_gradient_and_integers(
    op: Callable[[Tensor], Tensor], ref: Callable[[np.ndarray], np.ndarray]
) -> None:
    np.testing.assert_array_equal(op(ad_core.tensor(DATA)).array, ref(DATA))
    x = leaf(DATA)
    y = op(x)
    assert y.requires_grad
    y.sum().backward()
    assert x.grad is not None and not x.grad.array.any()
    ints = ad_core.tensor([-3, 4])
    assert op(ints).dtype == np.int64 and op(ints).tolist() == [-3, 4]


def test_round_half_to_even_and_decimals() -> None:
    assert F.round(ad_core.tensor([0.5, 1.5, 2.5, -0.5])).tolist() == [0.0, 2.0, 2.0, -0.0]
    x = ad_core.tensor([1.2345, -1.2355, 1234.5], dtype="float64")
    np.testing.assert_allclose(F.round(x, decimals=2).array, [1.23, -1.24, 1234.5])
    np.testing.assert_allclose(F.round(x, decimals=-2).array, [0.0, -0.0, 1200.0])
    with pytest.raises(TypeError, match="round"):
        F.round(x, decimals=1.5)  # type: ignore[arg-type]


def test_frac() -> None:
    np.testing.assert_allclose(F.frac(ad_core.tensor(DATA)).array, DATA - np.trunc(DATA))
    away = DATA + 0.05
    assert ad_core.gradcheck(F.frac, [leaf(away)])
    assert ad_core.gradgradcheck(lambda t: F.frac(t * t), [leaf(away)])
    with pytest.raises(TypeError, match="frac"):
        F.frac(ad_core.tensor([1, 2]))
