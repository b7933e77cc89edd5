"""Comparisons and value tests: bool results, broadcasting, no gradient."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor

A = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
B = np.array([2.0, 2.0, 2.0])

COMPARISONS: list[tuple[Callable[..., Tensor], Any]] = [
    (F.eq, np.equal),
    (F.ne, np.not_equal),
    (F.lt, np.less),
    (F.le, np.less_equal),
    (F.gt, np.greater),
    (F.ge, np.greater_equal),
    (F.not_equal, np.not_equal),
    (F.less, np.less),
    (F.less_equal, np.less_equal),
    (F.greater, np.greater),
    (F.greater_equal, np.greater_equal),
]


@pytest.mark.parametrize(("op", "ref"), COMPARISONS)
def test_comparisons(op: Callable[..., Tensor], ref: Any) -> None:
    x = ad_core.tensor(A, requires_grad=True)
    out = op(x, ad_core.tensor(B))
    assert out.dtype == np.bool_ and not out.requires_grad
    np.testing.assert_array_equal(out.array, ref(A, B))
    np.testing.assert_array_equal(op(x, 2.0).array, ref(A, 2.0))
    np.testing.assert_array_equal(op(2.0, x).array, ref(2.0, A))
    with pytest.raises(ValueError, match="shapes"):
        op(x, ad_core.ones(2))


def test_isnan_isinf_isfinite() -> None:
    x = ad_core.tensor([1.0, np.nan, np.inf, -np.inf, 0.0])
    assert F.isnan(x).tolist() == [False, True, False, False, False]
    assert F.isinf(x).tolist() == [False, False, True, True, False]
    assert F.isfinite(x).tolist() == [True, False, False, False, True]
    assert F.isfinite(ad_core.tensor([1, 2])).tolist() == [True, True]


def test_isclose_allclose_equal() -> None:
    x = ad_core.tensor([1.0, 1.0, np.nan, np.inf], dtype="float64")
    y = ad_core.tensor([1.0 + 1e-6, 1.01, np.nan, np.inf], dtype="float64")
    assert F.isclose(x, y).tolist() == [True, False, False, True]
    assert F.isclose(x, y, equal_nan=True).tolist() == [True, False, True, True]
    assert F.isclose(x, y, rtol=0.1).tolist() == [True, True, False, True]
    assert F.isclose(x, 1.0).tolist() == [True, True, False, False]
    assert not F.allclose(x, y)
    assert F.allclose(x, y, rtol=0.1, equal_nan=True)
    assert F.allclose(ad_core.ones(2, 3), ad_core.ones(3)) is True
    assert F.equal(ad_core.tensor([1, 2]), ad_core.tensor([1.0, 2.0])) is True
    assert F.equal(ad_core.ones(3), ad_core.ones(1)) is False
    assert F.equal(ad_core.tensor([np.nan]), ad_core.tensor([np.nan])) is False
    with pytest.raises(ValueError, match="isclose"):
        F.isclose(x, x, rtol=-1.0)
    with pytest.raises(ValueError, match="isclose: shapes"):
        F.isclose(x, ad_core.ones(3))
