"""gather, take_along_dim, index_select, masked_fill, masked_select,
repeat_interleave, one_hot."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor
from ad_ops.indexing import TakeAlong


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


rng = np.random.default_rng(5)
A = rng.standard_normal((3, 4))


def test_gather() -> None:
    index = np.array([[0, 0, 3], [1, 2, 2], [3, 3, 3]])
    x = leaf(A)
    np.testing.assert_array_equal(F.gather(x, 1, index).array, np.take_along_axis(A, index, 1))
    assert ad_core.gradcheck(lambda t: F.gather(t, -1, index), [x])
    assert ad_core.gradgradcheck(lambda t: F.gather(t * t, 1, index), [x])
    F.gather(x, 1, index).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array[2], [0, 0, 0, 3])
    # An index smaller than the input in the other dimensions.
    small = np.array([[2], [0]])
    np.testing.assert_array_equal(F.gather(x, 0, small).array, [[A[2, 0]], [A[0, 0]]])
    assert ad_core.gradcheck(lambda t: F.gather(t, 0, small), [leaf(A)])


def test_gather_errors() -> None:
    with pytest.raises(TypeError, match="gather"):
        F.gather(ad_core.tensor(A), 1, np.array([[0.0]]))
    with pytest.raises(IndexError, match="gather"):
        F.gather(ad_core.tensor(A), 1, np.array([[4]]))
    with pytest.raises(ValueError, match="gather"):
        F.gather(ad_core.tensor(A), 1, np.array([0]))
    with pytest.raises(IndexError, match="gather"):
        F.gather(ad_core.tensor(A), 2, np.array([[0]]))


def test_index_select() -> None:
    idx = ad_core.tensor([2, 0, 2])
    x = leaf(A)
    np.testing.assert_array_equal(F.index_select(x, 1, idx).array, A[:, [2, 0, 2]])
    np.testing.assert_array_equal(F.index_select(x, -2, idx).array, A[[2, 0, 2]])
    assert ad_core.gradcheck(lambda t: F.index_select(t, 1, idx), [x])
    assert ad_core.gradgradcheck(lambda t: F.index_select(t * t, 0, idx), [x])
    F.index_select(x, 0, idx).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array[:, 0], [1, 0, 2])
    with pytest.raises(TypeError, match="index_select"):
        F.index_select(x, 0, np.array([0.5]))
    with pytest.raises(IndexError, match="index_select"):
        F.index_select(x, 0, np.array([3]))


def test_masked_fill() -> None:
    x = leaf(A)
    mask = np.array([True, False, False, True])
    out = F.masked_fill(x, mask, -1.5)
    np.testing.assert_array_equal(out.array, np.where(mask, -1.5, A))
    assert ad_core.gradcheck(lambda t: F.masked_fill(t, mask, 0.0), [x])
    v = leaf(np.array(2.0))
    assert ad_core.gradcheck(lambda t, s: F.masked_fill(t, mask, s), [x, v])
    with pytest.raises(TypeError, match="masked_fill"):
        F.masked_fill(x, np.array([1, 0, 0, 1]), 0.0)
    with pytest.raises(ValueError, match="masked_fill"):
        F.masked_fill(x, np.array([True, False]), 0.0)


def test_one_hot() -> None:
    out = F.one_hot(ad_core.tensor([[0, 2], [1, 1]]))
    assert out.dtype == np.int64 and out.shape == (2, 2, 3)
    np.testing.assert_array_equal(out.array, np.eye(3, dtype=np.int64)[[[0, 2], [1, 1]]])
    assert F.one_hot(np.array([1]), num_classes=4).tolist() == [[0, 1, 0, 0]]
    with pytest.raises(ValueError, match="one_hot"):
        F.one_hot(np.array([3]), num_classes=3)
    with pytest.raises(ValueError, match="one_hot"):
        F.one_hot(np.array([-1]))
    with pytest.raises(TypeError, match="one_hot"):
        F.one_hot(np.array([1.0]))


def test_take_along_dim() -> None:
    data = np.random.default_rng(10).standard_normal((3, 4))
    x = ad_core.tensor(data)
    idx = np.argsort(data, axis=1)
    np.testing.assert_array_equal(
        F.take_along_dim(x, idx, 1).array, np.take_along_axis(data, idx, 1)
    )
    flat = np.array([0, 11, 5, 5])
    np.testing.assert_array_equal(F.take_along_dim(x, flat).array, data.reshape(-1)[flat])
    # Broadcasting in the other dimensions, unlike gather; negative indices wrap.
    np.testing.assert_array_equal(
        F.take_along_dim(x[:1], np.array([[0], [-1], [2]]), 1).array, data[0, [[0], [3], [2]]]
    )
    out = F.take_along_dim(x, np.array([[1, 2]]), 1)
    np.testing.assert_array_equal(out.array, data[:, [1, 2]])
    assert ad_core.gradcheck(lambda t: F.take_along_dim(t, np.array([[1, 1]]), 1), [leaf(data)])
    assert ad_core.gradcheck(lambda t: F.take_along_dim(t, flat), [leaf(data)])
    with pytest.raises(ValueError, match="take_along_dim"):
        F.take_along_dim(x, np.array([0]), 1)
    with pytest.raises(ValueError, match="take_along_dim"):
        F.take_along_dim(x, np.zeros((2, 1), dtype=np.int64), 1)


def test_masked_select() -> None:
    data = np.random.default_rng(11).standard_normal((3, 4))
    mask = data > 0
    np.testing.assert_array_equal(F.masked_select(ad_core.tensor(data), mask).array, data[mask])
    column = np.array([[True], [False], [True]])
    np.testing.assert_array_equal(
        F.masked_select(ad_core.tensor(data), column).array, data[[0, 2]].reshape(-1)
    )
    row = ad_core.tensor(data[0])
    np.testing.assert_array_equal(
        F.masked_select(row, column).array, np.concatenate([data[0], data[0]])
    )
    assert ad_core.gradcheck(lambda t: F.masked_select(t, mask), [leaf(data)])
    assert ad_core.gradcheck(lambda t: F.masked_select(t, column), [leaf(data[0])])
    with pytest.raises(TypeError, match="masked_select"):
        F.masked_select(ad_core.tensor(data), data)
    with pytest.raises(ValueError, match="masked_select"):
        F.masked_select(ad_core.tensor(data), np.ones(3, dtype=bool))


def test_repeat_interleave() -> None:
    data = np.random.default_rng(12).standard_normal((2, 3))
    x = ad_core.tensor(data)
    np.testing.assert_array_equal(F.repeat_interleave(x, 2).array, np.repeat(data, 2))
    np.testing.assert_array_equal(
        F.repeat_interleave(x, 2, dim=1).array, np.repeat(data, 2, axis=1)
    )
    counts = np.array([2, 0, 3])
    np.testing.assert_array_equal(
        F.repeat_interleave(x, ad_core.tensor(counts), dim=-1).array,
        np.repeat(data, counts, axis=1),
    )
    np.testing.assert_array_equal(
        F.repeat_interleave(x, ad_core.tensor([3]), dim=0).array, np.repeat(data, 3, axis=0)
    )
    assert F.repeat_interleave(ad_core.tensor([2, 0, 1])).tolist() == [0, 0, 2]
    assert F.repeat_interleave(ad_core.tensor(5.0), 2).tolist() == [5.0, 5.0]
    assert F.repeat_interleave(x, 0, dim=1).shape == (2, 0)
    assert F.repeat_interleave(x, 2, 0, output_size=4).shape == (4, 3)
    for reps, dim in [(2, None), (3, 1), (0, 1), (counts, 1), (np.array([0, 0, 0]), 1)]:
        assert ad_core.gradcheck(
            lambda t, r=reps, d=dim: F.repeat_interleave(t, r, d), [leaf(data)]
        )
        assert ad_core.gradgradcheck(
            lambda t, r=reps, d=dim: F.repeat_interleave(t * t, r, d), [leaf(data)]
        )
    y = leaf(data)
    F.repeat_interleave(y, ad_core.tensor(counts), dim=1).sum().backward()
    assert y.grad is not None
    np.testing.assert_array_equal(y.grad.array, np.tile(counts.astype(float), (2, 1)))


def test_repeat_interleave_errors() -> None:
    x = ad_core.ones(2, 3)
    with pytest.raises(ValueError, match="repeat_interleave: repeats must be non-negative"):
        F.repeat_interleave(x, -1)
    with pytest.raises(ValueError, match="repeat_interleave: repeats must have 1 or 3 elements"):
        F.repeat_interleave(x, ad_core.tensor([1, 2]), dim=1)
    with pytest.raises(ValueError, match="non-negative"):
        F.repeat_interleave(x, ad_core.tensor([1, -2, 1]), dim=1)
    with pytest.raises(TypeError, match="repeat_interleave"):
        F.repeat_interleave(x, ad_core.tensor([1.0, 2.0, 1.0]), dim=1)
    with pytest.raises(ValueError, match="output_size=5"):
        F.repeat_interleave(x, 2, output_size=5)
    with pytest.raises(IndexError, match="repeat_interleave"):
        F.repeat_interleave(x, 2, dim=2)


def test_take_along_and_put_along_are_adjoint() -> None:
    data = np.random.default_rng(13).standard_normal((3, 4))
    order = np.argsort(data, axis=1)
    assert ad_core.gradgradcheck(lambda t: TakeAlong.apply(t * t, dim=1, index=order), [leaf(data)])
    first = order[:, :1]
    assert ad_core.gradgradcheck(
        lambda t: TakeAlong.apply(t * t, dim=1, index=first, keepdim=False), [leaf(data)]
    )
