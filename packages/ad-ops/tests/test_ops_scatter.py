"""scatter and scatter_add: values against loops, gradients, PyTorch's checks."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


rng = np.random.default_rng(9)
BASE = rng.standard_normal((3, 4))
SRC = rng.standard_normal((3, 5))
# Distinct places along dim 1 in each row (scatter's result is then defined).
INDEX = np.array([[3, 0], [1, 2], [0, 3]])


def reference(
    base: np.ndarray, dim: int, index: np.ndarray, src: np.ndarray, add: bool
) -> np.ndarray:
    out = base.copy()
    for i, j in np.ndindex(*index.shape):
        place = (index[i, j], j) if dim == 0 else (i, index[i, j])
        if add:
            out[place] += src[i, j]
        else:
            out[place] = src[i, j]
    return out


def test_scatter_values_and_gradients() -> None:
    out = F.scatter(ad_core.tensor(BASE), 1, ad_core.tensor(INDEX), ad_core.tensor(SRC))
    np.testing.assert_array_equal(out.array, reference(BASE, 1, INDEX, SRC, add=False))
    assert ad_core.gradcheck(lambda b, s: F.scatter(b, 1, INDEX, s), [leaf(BASE), leaf(SRC)])
    assert ad_core.gradgradcheck(
        lambda b, s: F.scatter(b * b, 1, INDEX, s * s), [leaf(BASE), leaf(SRC)]
    )
    b, s = leaf(BASE), leaf(SRC)
    F.scatter(b, 1, INDEX, s).sum().backward()
    assert b.grad is not None and s.grad is not None
    written = np.zeros(BASE.shape, dtype=bool)
    np.put_along_axis(written, INDEX, True, axis=1)
    np.testing.assert_array_equal(b.grad.array, np.where(written, 0.0, 1.0))
    np.testing.assert_array_equal(s.grad.array, np.pad(np.ones((3, 2)), ((0, 0), (0, 3))))


def test_scatter_value_and_number_src() -> None:
    idx = np.array([[0], [2]])
    base = ad_core.zeros(2, 3)
    expected = [[7.0, 0.0, 0.0], [0.0, 0.0, 7.0]]
    assert F.scatter(base, 1, idx, value=7.0).tolist() == expected
    assert F.scatter(base, 1, idx, 7.0).tolist() == expected
    x = leaf(np.ones((2, 3)))
    F.scatter(x, 1, idx, value=7.0).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, [[0, 1, 1], [1, 1, 0]])


def test_scatter_dim0_and_0d() -> None:
    idx = np.array([[2, 0, 1, 0]])
    out = F.scatter(ad_core.tensor(BASE), 0, idx, ad_core.tensor(SRC[:1, :4]))
    np.testing.assert_array_equal(out.array, reference(BASE, 0, idx, SRC[:1, :4], add=False))
    assert F.scatter(ad_core.tensor(1.0), 0, np.array(0), value=2.0).item() == 2.0


@pytest.mark.parametrize("dim", [0, 1])
def test_scatter_add_accumulates_repeats(dim: int) -> None:
    index = np.array([[0, 1, 0, 2], [2, 2, 1, 0]])
    src = SRC[:2, :4]
    out = F.scatter_add(ad_core.tensor(BASE), dim, index, ad_core.tensor(SRC))
    np.testing.assert_allclose(out.array, reference(BASE, dim, index, src, add=True))
    assert ad_core.gradcheck(lambda b, s: F.scatter_add(b, dim, index, s), [leaf(BASE), leaf(SRC)])
    assert ad_core.gradgradcheck(
        lambda b, s: F.scatter_add(b * b, dim, index, s * s), [leaf(BASE), leaf(SRC)]
    )


def test_errors() -> None:
    base = ad_core.zeros(2, 3)
    idx = np.array([[0], [1]])
    with pytest.raises(ValueError, match="scatter: reduce='add' is not supported"):
        F.scatter(base, 1, idx, value=1.0, reduce="add")
    with pytest.raises(TypeError, match="scatter"):
        F.scatter(base, 1, idx)
    with pytest.raises(TypeError, match="scatter"):
        F.scatter(base, 1, idx, ad_core.ones(2, 1), value=1.0)
    with pytest.raises(IndexError, match=r"scatter: index out of range \[0, 3\)"):
        F.scatter(base, 1, np.array([[3], [0]]), value=1.0)
    with pytest.raises(IndexError, match="scatter_add"):
        F.scatter_add(base, 1, np.array([[-1], [0]]), ad_core.ones(2, 1))
    with pytest.raises(TypeError, match="scatter: expected src of dtype float32"):
        F.scatter(base, 1, idx, ad_core.ones(2, 1, dtype="float64"))
    with pytest.raises(ValueError, match="larger than src"):
        F.scatter_add(base, 1, np.array([[0, 1], [1, 0]]), ad_core.ones(2, 1))
    with pytest.raises(ValueError, match="larger than input"):
        F.scatter(base, 1, np.zeros((3, 1), dtype=np.int64), value=0.0)
    with pytest.raises(ValueError, match="as many dimensions"):
        F.scatter(base, 1, np.array([0]), value=0.0)
    with pytest.raises(TypeError, match="integer indices"):
        F.scatter(base, 1, np.array([[0.0], [1.0]]), value=0.0)
    with pytest.raises(TypeError, match="scatter_add"):
        F.scatter_add(base, 1, idx, 1.0)  # type: ignore[arg-type]


def test_index_add() -> None:
    x = ad_core.tensor(np.zeros((3, 2)), requires_grad=True)
    src = ad_core.tensor(np.arange(6.0).reshape(3, 2), requires_grad=True)
    idx = ad_core.tensor([0, 0, 2])
    out = F.index_add(x, 0, idx, src, alpha=2)
    np.testing.assert_array_equal(out.array, [[4.0, 8.0], [0.0, 0.0], [8.0, 10.0]])
    assert ad_core.gradcheck(
        lambda a, s: F.index_add(a, 1, ad_core.tensor([1, 1]), s),
        [
            ad_core.tensor(np.ones((2, 3)), requires_grad=True),
            ad_core.tensor(np.ones((2, 2)), requires_grad=True),
        ],
    )
    assert ad_core.gradgradcheck(lambda a, s: F.index_add(a * a, 0, idx, s * s), [x, src])
    with pytest.raises(ValueError, match=r"index_add: source must have shape \(3, 2\)"):
        F.index_add(x, 0, idx, ad_core.ones(2, 2))
    with pytest.raises(IndexError, match="index_add: index out of range"):
        F.index_add(x, 0, ad_core.tensor([3, 0, 0]), src)
    y = ad_core.zeros(3)
    y.index_add_(0, ad_core.tensor([2, 2]), ad_core.ones(2))
    assert y.tolist() == [0.0, 0.0, 2.0] and y._version == 1
