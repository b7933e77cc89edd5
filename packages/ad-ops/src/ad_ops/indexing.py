"""Indexing helpers: ``gather``, ``index_select``, ``masked_fill``, ``one_hot``."""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift, normalize_dim
from ad_core.indexing import Index

from .elementwise import Where


def _indices(op: str, index: TensorLike) -> NDArray:
    array = index.data if isinstance(index, Tensor) else np.asarray(index)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{op}: expected integer indices, got dtype {array.dtype}")
    return array


class Gather(Function):
    """``out[...i...] = a[...index[...i...]...]`` along ``dim``."""

    def forward(self, a: NDArray, dim: int, index: NDArray) -> NDArray:
        self.shape = a.shape
        self.dim = dim
        self.index = index
        return np.take_along_axis(a, index, axis=dim)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (ScatterAdd.apply(grad, shape=self.shape, dim=self.dim, index=self.index),)


class ScatterAdd(Function):
    """Zeros of ``shape`` with ``grad`` added at ``index`` along ``dim``: the
    adjoint of ``Gather`` (repeated indices accumulate)."""

    def forward(self, grad: NDArray, shape: tuple[int, ...], dim: int, index: NDArray) -> NDArray:
        self.dim = dim
        self.index = index
        out = np.zeros(shape, dtype=grad.dtype)
        where: list[NDArray] = list(np.indices(index.shape, sparse=True))
        where[dim] = index
        np.add.at(out, tuple(where), grad)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (Gather.apply(grad, dim=self.dim, index=self.index),)


def gather(input: TensorLike, dim: int, index: TensorLike) -> Tensor:
    """Values of ``input`` along ``dim`` at ``index``, as ``torch.gather``:
    ``out[i][j] = input[index[i][j]][j]`` for ``dim=0``.

    ``index`` has as many dimensions as ``input`` and is no larger in the
    other dimensions. Repeated indices accumulate their gradients.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> F.gather(x, 1, ad_core.tensor([[0, 0], [1, 0]]))
    tensor([[1., 1.],
            [4., 3.]])
    """
    (t,) = lift((input,))
    idx = _indices("gather", index)
    if idx.ndim != t.ndim:
        raise ValueError(
            f"gather: index of shape {idx.shape} must have as many dimensions as input {t.shape}"
        )
    d = normalize_dim("gather", dim, t.ndim)
    for i, (m, n) in enumerate(zip(idx.shape, t.shape, strict=True)):
        if i != d and m > n:
            raise ValueError(
                f"gather: index of shape {idx.shape} is larger than input {t.shape} in dim {i}"
            )
    size = t.shape[d] if t.ndim else 1
    if idx.size and (idx.min() < -size or idx.max() >= size):
        raise IndexError(
            f"gather: index out of range for dimension {d} of size {size} "
            f"(got values in [{idx.min()}, {idx.max()}])"
        )
    if idx.shape[:d] + idx.shape[d + 1 :] != t.shape[:d] + t.shape[d + 1 :]:
        t = t[tuple(slice(None) if i == d else slice(0, m) for i, m in enumerate(idx.shape))]
    return Gather.apply(t, dim=d, index=idx % size if size else idx)


def index_select(input: TensorLike, dim: int, index: TensorLike) -> Tensor:
    """Entries of ``input`` along ``dim`` at the 1-D ``index``, as
    ``torch.index_select``; repeated indices accumulate their gradients.

    >>> import ad_core, ad_ops as F
    >>> F.index_select(ad_core.tensor([[1, 2], [3, 4]]), 1, ad_core.tensor([1, 1, 0]))
    tensor([[2, 2, 1],
            [4, 4, 3]])
    """
    (t,) = lift((input,))
    idx = _indices("index_select", index)
    if idx.ndim > 1:
        raise ValueError(f"index_select: index must be 0-d or 1-D, got shape {idx.shape}")
    d = normalize_dim("index_select", dim, t.ndim)
    size = t.shape[d] if t.ndim else 1
    if idx.size and (idx.min() < -size or idx.max() >= size):
        raise IndexError(
            f"index_select: index out of range for dimension {d} of size {size} "
            f"(got values in [{idx.min()}, {idx.max()}])"
        )
    if t.ndim == 0:
        t = t.reshape(1)
    return Index.apply(t, index=(*(slice(None),) * d, idx.reshape(-1)))


def masked_fill(input: TensorLike, mask: TensorLike, value: TensorLike) -> Tensor:
    """``input`` with ``value`` where ``mask`` is True, as ``torch.masked_fill``.

    ``mask`` is boolean and broadcasts to the input's shape; ``value`` is a
    number or a 0-d tensor (which then receives the gradient of the filled
    places).

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([1.0, 2.0, 3.0])
    >>> F.masked_fill(x, x > 1.5, -1.0)
    tensor([ 1., -1., -1.])
    """
    (t,) = lift((input,))
    m = mask.data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != np.bool_:
        raise TypeError(f"masked_fill: expected a bool mask, got dtype {m.dtype}")
    try:
        full = np.broadcast_to(m, t.shape)
    except ValueError:
        raise ValueError(
            f"masked_fill: mask of shape {m.shape} cannot be broadcast to input shape {t.shape}"
        ) from None
    if isinstance(value, Tensor | np.ndarray) and np.ndim(value) != 0:
        raise ValueError(
            f"masked_fill: value must be a number or a 0-d tensor, got shape {np.shape(value)}"
        )
    return Where.apply(value, t, condition=full)


def one_hot(tensor: TensorLike, num_classes: int = -1) -> Tensor:
    """One-hot encoding of integer class indices, as
    ``torch.nn.functional.one_hot``: int64, a new last dimension of size
    ``num_classes`` (``max + 1`` when -1). Not differentiable.

    >>> import ad_core, ad_ops as F
    >>> F.one_hot(ad_core.tensor([0, 2]), 3)
    tensor([[1, 0, 0],
            [0, 0, 1]])
    """
    idx = _indices("one_hot", tensor)
    if not isinstance(num_classes, int | np.integer) or isinstance(num_classes, bool):
        raise TypeError(f"one_hot: expected num_classes to be an int, got {num_classes!r}")
    if idx.size and idx.min() < 0:
        raise ValueError(f"one_hot: class values must be non-negative, got {idx.min()}")
    if num_classes == -1:
        if idx.size == 0:
            raise ValueError("one_hot: cannot infer num_classes from an empty tensor")
        num_classes = int(idx.max()) + 1
    if num_classes < 1 and not (num_classes == 0 and idx.size == 0):
        raise ValueError(f"one_hot: num_classes must be positive or -1, got {num_classes}")
    if idx.size and (idx.min() < 0 or idx.max() >= num_classes):
        raise ValueError(
            f"one_hot: class values must be in [0, {num_classes - 1}], "
            f"got values in [{idx.min()}, {idx.max()}]"
        )
    out = np.zeros((*idx.shape, num_classes), dtype=np.int64)
    np.put_along_axis(out, idx[..., None].astype(np.int64), 1, axis=-1)
    return Tensor._wrap(out)
