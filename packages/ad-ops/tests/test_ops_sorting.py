"""sort, argsort, topk: values against NumPy, gradients to the chosen places."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor
from ad_ops.sorting import sort_indices


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(3).standard_normal((3, 4, 5))


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_values_indices_and_gradient(dim: int, descending: bool) -> None:
    values, indices = F.sort(ad_core.tensor(DATA), dim, descending)
    expected = np.sort(DATA, axis=dim)
    if descending:
        expected = np.flip(expected, dim)
    np.testing.assert_array_equal(values.array, expected)
    np.testing.assert_array_equal(np.take_along_axis(DATA, indices.array, dim), expected)
    assert indices.dtype == np.int64
    np.testing.assert_array_equal(
        F.argsort(ad_core.tensor(DATA), dim, descending).array, indices.array
    )
    assert ad_core.gradcheck(lambda t: F.sort(t, dim, descending).values, [leaf(DATA)])
    assert ad_core.gradgradcheck(lambda t: F.sort(t * t, dim, descending)[0], [leaf(DATA)])


def test_stable_sort_keeps_ties_in_order_both_ways() -> None:
    x = ad_core.tensor([2.0, 1.0, 2.0, 1.0, 2.0])
    np.testing.assert_array_equal(F.sort(x, stable=True).indices.array, [1, 3, 0, 2, 4])
    np.testing.assert_array_equal(F.argsort(x, descending=True, stable=True).array, [0, 2, 4, 1, 3])
    bools = ad_core.tensor([True, False, True])
    np.testing.assert_array_equal(F.argsort(bools, descending=True, stable=True).array, [0, 2, 1])


def test_nan_sorts_as_the_largest() -> None:
    nan = float("nan")
    x = ad_core.tensor([1.0, nan, 3.0])
    np.testing.assert_array_equal(F.sort(x).indices.array, [0, 2, 1])
    np.testing.assert_array_equal(F.sort(x, descending=True).indices.array, [1, 2, 0])
    np.testing.assert_array_equal(F.topk(x, 2).indices.array, [1, 2])
    np.testing.assert_array_equal(F.topk(x, 1, largest=False).indices.array, [0])


def test_sort_indices_helper() -> None:
    a = np.array([[3, 1, 2], [0, 0, 1]])
    np.testing.assert_array_equal(sort_indices(a, 1, True, True), [[0, 2, 1], [2, 0, 1]])


@pytest.mark.parametrize("k", [0, 1, 3, 4])
@pytest.mark.parametrize("dim", [1, -2])
@pytest.mark.parametrize("largest", [True, False])
def test_topk(k: int, dim: int, largest: bool) -> None:
    values, indices = F.topk(ad_core.tensor(DATA), k, dim, largest)
    ordered = np.sort(DATA, axis=dim)
    if largest:
        ordered = np.flip(ordered, dim)
    expected = np.take(ordered, range(k), axis=dim)
    np.testing.assert_array_equal(values.array, expected)
    np.testing.assert_array_equal(np.take_along_axis(DATA, indices.array, dim), expected)
    if k:
        assert ad_core.gradcheck(lambda t: F.topk(t, k, dim, largest).values, [leaf(DATA)])
        assert ad_core.gradgradcheck(lambda t: F.topk(t * t, k, dim, largest)[0], [leaf(DATA)])


def test_topk_unsorted_holds_the_same_set() -> None:
    x = ad_core.tensor(DATA)
    values, indices = F.topk(x, 3, sorted=False)
    np.testing.assert_array_equal(np.sort(values.array, -1), np.sort(DATA, -1)[..., 2:])
    np.testing.assert_array_equal(np.take_along_axis(DATA, indices.array, -1), values.array)


def test_gradient_reaches_only_the_chosen_places() -> None:
    x = leaf(np.array([1.0, 5.0, 3.0, 4.0]))
    values, _ = F.topk(x, 2)
    (values * ad_core.tensor([1.0, 10.0])).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, [0.0, 1.0, 0.0, 10.0])


def test_0d_input() -> None:
    values, indices = F.sort(ad_core.tensor(3.0))
    assert values.shape == () and indices.item() == 0
    assert F.argsort(ad_core.tensor(3.0)).shape == ()
    values, indices = F.topk(ad_core.tensor(3.0), 1)
    assert values.item() == 3.0 and indices.shape == ()


def test_named_tuples() -> None:
    out: Any = F.sort(ad_core.tensor([2.0, 1.0]))
    assert type(out).__name__ == "sort" and repr(out).startswith("ad_ops.return_types.sort(")
    assert type(F.topk(ad_core.tensor([2.0, 1.0]), 1)).__name__ == "topk"


def test_errors() -> None:
    x = ad_core.ones(3)
    with pytest.raises(ValueError, match="topk: k=5 is larger than the size 3 of dim 0"):
        F.topk(x, 5)
    with pytest.raises(ValueError, match="topk: k must be non-negative"):
        F.topk(x, -1)
    with pytest.raises(TypeError, match="topk"):
        F.topk(x, 1.5)  # type: ignore[arg-type]
    with pytest.raises(IndexError, match="sort"):
        F.sort(x, 1)
    with pytest.raises(IndexError, match="argsort"):
        F.argsort(x, -2)
