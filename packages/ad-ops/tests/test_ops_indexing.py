"""gather, index_select, masked_fill, one_hot."""

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
    np.testing.assert_array_equal(F.gather(x, 1, index).data, np.take_along_axis(A, index, 1))
    assert ad_core.gradcheck(lambda t: F.gather(t, -1, index), [x])
    assert ad_core.gradgradcheck(lambda t: F.gather(t * t, 1, index), [x])
    F.gather(x, 1, index).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data[2], [0, 0, 0, 3])
    # An index smaller than the input in the other dimensions.
    small = np.array([[2], [0]])
    np.testing.assert_array_equal(F.gather(x, 0, small).data, [[A[2, 0]], [A[0, 0]]])
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
    np.testing.assert_array_equal(F.index_select(x, 1, idx).data, A[:, [2, 0, 2]])
    np.testing.assert_array_equal(F.index_select(x, -2, idx).data, A[[2, 0, 2]])
    assert ad_core.gradcheck(lambda t: F.index_select(t, 1, idx), [x])
    assert ad_core.gradgradcheck(lambda t: F.index_select(t * t, 0, idx), [x])
    F.index_select(x, 0, idx).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data[:, 0], [1, 0, 2])
    with pytest.raises(TypeError, match="index_select"):
        F.index_select(x, 0, np.array([0.5]))
    with pytest.raises(IndexError, match="index_select"):
        F.index_select(x, 0, np.array([3]))


def test_masked_fill() -> None:
    x = leaf(A)
    mask = np.array([True, False, False, True])
    out = F.masked_fill(x, mask, -1.5)
    np.testing.assert_array_equal(out.data, np.where(mask, -1.5, A))
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
    np.testing.assert_array_equal(out.data, np.eye(3, dtype=np.int64)[[[0, 2], [1, 1]]])
    assert F.one_hot(np.array([1]), num_classes=4).tolist() == [[0, 1, 0, 0]]
    with pytest.raises(ValueError, match="one_hot"):
        F.one_hot(np.array([3]), num_classes=3)
    with pytest.raises(ValueError, match="one_hot"):
        F.one_hot(np.array([-1]))
    with pytest.raises(TypeError, match="one_hot"):
        F.one_hot(np.array([1.0]))


def test_take_along_and_put_along_are_adjoint() -> None:
    data = np.random.default_rng(13).standard_normal((3, 4))
    order = np.argsort(data, axis=1)
    assert ad_core.gradgradcheck(lambda t: TakeAlong.apply(t * t, dim=1, index=order), [leaf(data)])
    first = order[:, :1]
    assert ad_core.gradgradcheck(
        lambda t: TakeAlong.apply(t * t, dim=1, index=first, keepdim=False), [leaf(data)]
    )
