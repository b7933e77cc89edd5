"""Logical ops, all/any, count_nonzero, nonzero: against NumPy."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_ops as F

DATA = np.array([[0.0, 1.5, 0.0], [2.0, -1.0, 0.0]])


def test_logical_ops() -> None:
    a = ad_core.tensor(DATA)
    b = ad_core.tensor([True, False, False])
    assert F.logical_not(a).tolist() == np.logical_not(DATA).tolist()
    for op, ref in [
        (F.logical_and, np.logical_and),
        (F.logical_or, np.logical_or),
        (F.logical_xor, np.logical_xor),
    ]:
        out = op(a, b)
        assert out.dtype == np.bool_
        np.testing.assert_array_equal(out.array, ref(DATA, b.array))
        with pytest.raises(ValueError, match="shapes"):
            op(a, ad_core.ones(2))


@pytest.mark.parametrize("dim", [None, 0, 1, -1, (0, 1)])
@pytest.mark.parametrize("keepdim", [False, True])
def test_all_any(dim: Any, keepdim: bool) -> None:
    a = ad_core.tensor(DATA)
    for op, ref in [(F.all, np.all), (F.any, np.any)]:
        out = op(a, dim, keepdim)
        assert out.dtype == np.bool_
        np.testing.assert_array_equal(out.array, ref(DATA, axis=dim, keepdims=keepdim))


def test_count_nonzero_and_nonzero() -> None:
    a = ad_core.tensor(DATA)
    assert F.count_nonzero(a).item() == 3
    assert F.count_nonzero(a).dtype == np.int64
    assert F.count_nonzero(a, 0).tolist() == [1, 2, 0]
    assert F.count_nonzero(a, (0, 1)).item() == 3
    idx = F.nonzero(a)
    assert idx.dtype == np.int64 and idx.tolist() == [[0, 1], [1, 0], [1, 1]]
    rows, cols = F.nonzero(a, as_tuple=True)
    assert rows.tolist() == [0, 1, 1] and cols.tolist() == [1, 0, 1]
    assert F.nonzero(ad_core.tensor(5.0)).shape == (1, 0)
    assert F.nonzero(ad_core.tensor(0.0)).shape == (0, 0)
    (only,) = F.nonzero(ad_core.tensor(5.0), as_tuple=True)
    assert only.tolist() == [0]
    assert F.nonzero(ad_core.zeros(2, 2)).shape == (0, 2)


def test_bad_dims() -> None:
    with pytest.raises(IndexError, match="all"):
        F.all(ad_core.ones(2), 1)
    with pytest.raises(IndexError, match="count_nonzero"):
        F.count_nonzero(ad_core.ones(2), 3)
