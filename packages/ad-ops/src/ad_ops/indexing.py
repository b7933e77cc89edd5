"""Indexing helpers: ``gather``, ``take_along_dim``, ``index_select``,
``masked_fill``, ``masked_select``, ``repeat_interleave``, ``one_hot``."""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, broadcast_shapes, lift, normalize_dim
from ad_core.broadcast import BroadcastTo
from ad_core.indexing import Index

from .selection import Where


def _indices(op: str, index: TensorLike) -> NDArray:
    array = index.array if isinstance(index, Tensor) else np.asarray(index)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{op}: expected integer indices, got dtype {array.dtype}")
    return array


class Gather(Function):
    """``out[...i...] = a[...index[...i...]...]`` along ``dim``."""

    raw_backward = True

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

    raw_backward = True

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


class TakeAlong(Function):
    """``a`` at ``index`` along ``dim`` where no place is picked twice (the
    indices of ``sort``, ``topk``, ``max(dim)``); ``keepdim=False`` drops
    ``dim``, where ``index`` has size 1."""

    raw_backward = True

    def forward(self, a: NDArray, dim: int, index: NDArray, keepdim: bool = True) -> NDArray:
        self.shape = a.shape
        self.dim = dim
        self.index = index
        self.keepdim = keepdim
        out = np.take_along_axis(a, index, axis=dim)
        return out if keepdim else out.squeeze(dim)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        if not self.keepdim:
            grad = grad.reshape(self.index.shape)
        return (PutAlong.apply(grad, shape=self.shape, dim=self.dim, index=self.index),)


class PutAlong(Function):
    """Zeros of ``shape`` with ``grad`` put at ``index`` along ``dim``: the
    adjoint of ``TakeAlong`` (one write per place, no accumulation needed)."""

    raw_backward = True

    def forward(self, grad: NDArray, shape: tuple[int, ...], dim: int, index: NDArray) -> NDArray:
        self.dim = dim
        self.index = index
        out = np.zeros(shape, dtype=grad.dtype)
        np.put_along_axis(out, index, grad, axis=dim)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (TakeAlong.apply(grad, dim=self.dim, index=self.index),)


class RepeatInterleave(Function):
    """Each slice along ``dim`` repeated ``repeats`` times (an int, or one count per slice)."""

    raw_backward = True

    def forward(self, a: NDArray, repeats: int | NDArray, dim: int) -> NDArray:
        self.repeats = repeats
        self.dim = dim
        self.size = a.shape[dim]
        return np.repeat(a, repeats, axis=dim)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (SumRuns.apply(grad, repeats=self.repeats, dim=self.dim, size=self.size),)


class SumRuns(Function):
    """Sums of the consecutive runs of lengths ``repeats`` along ``dim``: the
    adjoint of ``RepeatInterleave`` (``size`` runs)."""

    def forward(self, grad: NDArray, repeats: int | NDArray, dim: int, size: int) -> NDArray:
        self.repeats = repeats
        self.dim = dim
        shape = (*grad.shape[:dim], size, *grad.shape[dim + 1 :])
        if isinstance(repeats, int):
            if repeats == 0:
                return np.zeros(shape, dtype=grad.dtype)
            split = (*grad.shape[:dim], size, repeats, *grad.shape[dim + 1 :])
            return np.asarray(grad.reshape(split).sum(axis=dim + 1))
        if grad.shape[dim] == 0:
            return np.zeros(shape, dtype=grad.dtype)
        starts = np.cumsum(repeats) - repeats
        # reduceat returns the element at a start for an empty run: zero those.
        out = np.add.reduceat(grad, np.minimum(starts, grad.shape[dim] - 1), axis=dim)
        empty = repeats == 0
        if empty.any():
            out[(slice(None),) * dim + (empty,)] = 0
        return np.asarray(out)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (RepeatInterleave.apply(grad, repeats=self.repeats, dim=self.dim),)


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


def take_along_dim(input: TensorLike, indices: TensorLike, dim: int | None = None) -> Tensor:
    """Values of ``input`` at ``indices`` along ``dim``, as ``torch.take_along_dim``.

    Like ``gather``, but ``input`` and ``indices`` broadcast in the other
    dimensions; with ``dim=None`` both are flattened first. Negative indices
    count from the end (PyTorch refuses them when ``dim`` is None).

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([[10.0, 30.0, 20.0], [60.0, 40.0, 50.0]])
    >>> F.take_along_dim(x, F.argmax(x, dim=1, keepdim=True), dim=1)
    tensor([[30.],
            [60.]])
    """
    (t,) = lift((input,))
    idx = _indices("take_along_dim", indices)
    if dim is None:
        return gather(t.reshape(-1), 0, idx.reshape(-1))
    if idx.ndim != t.ndim:
        raise ValueError(
            f"take_along_dim: input and indices should have the same number of dimensions, "
            f"got shapes {t.shape} and {idx.shape}"
        )
    d = normalize_dim("take_along_dim", dim, t.ndim)
    if t.ndim == 0:
        return gather(t, 0, idx)
    others = broadcast_shapes(
        "take_along_dim", t.shape[:d] + t.shape[d + 1 :], idx.shape[:d] + idx.shape[d + 1 :]
    )
    t_shape = (*others[:d], t.shape[d], *others[d:])
    idx_shape = (*others[:d], idx.shape[d], *others[d:])
    if t.shape != t_shape:
        t = BroadcastTo.apply(t, shape=t_shape)
    return gather(t, d, np.broadcast_to(idx, idx_shape))


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
    m = mask.array if isinstance(mask, Tensor) else np.asarray(mask)
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


def masked_select(input: TensorLike, mask: TensorLike) -> Tensor:
    """The elements of ``input`` where ``mask`` is True, as a 1-D tensor, as
    ``torch.masked_select``; ``input`` and ``mask`` broadcast together.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([[1.0, -2.0], [-3.0, 4.0]])
    >>> F.masked_select(x, x > 0)
    tensor([1., 4.])
    """
    (t,) = lift((input,))
    m = mask.array if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != np.bool_:
        raise TypeError(f"masked_select: expected a bool mask, got dtype {m.dtype}")
    shape = broadcast_shapes("masked_select", t.shape, m.shape)
    if t.shape != shape:
        t = BroadcastTo.apply(t, shape=shape)
    return Index.apply(t, index=np.broadcast_to(m, shape))


def repeat_interleave(
    input: TensorLike,
    repeats: int | TensorLike | None = None,
    dim: int | None = None,
    *,
    output_size: int | None = None,
) -> Tensor:
    """Repeat each element (each slice along ``dim``) ``repeats`` times, as
    ``torch.repeat_interleave``.

    ``repeats`` is an int or a tensor of one count per slice (or a single
    count); with ``dim=None`` the input is flattened first. With ``repeats``
    omitted, ``input`` holds the counts and the result repeats their indices.
    ``output_size``, when given, must be the length of the result.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([[1, 2], [3, 4]])
    >>> F.repeat_interleave(x, 2)
    tensor([1, 1, 2, 2, 3, 3, 4, 4])
    >>> F.repeat_interleave(x, ad_core.tensor([1, 2]), dim=0)
    tensor([[1, 2],
            [3, 4],
            [3, 4]])
    """
    if repeats is None:
        counts = _indices("repeat_interleave", input)
        if counts.ndim != 1:
            raise ValueError(
                f"repeat_interleave: repeats must be a 1-D tensor, got shape {counts.shape}"
            )
        input, repeats, dim = Tensor._wrap(np.arange(counts.size, dtype=np.int64)), counts, 0
    (t,) = lift((input,))
    if dim is None:
        t = t.reshape(-1)
        dim = 0
    if t.ndim == 0:
        t = t.reshape(1)
    d = normalize_dim("repeat_interleave", dim, t.ndim)
    n = t.shape[d]
    reps: int | NDArray
    if isinstance(repeats, int | np.integer) and not isinstance(repeats, bool):
        reps = int(repeats)
        if reps < 0:
            raise ValueError(f"repeat_interleave: repeats must be non-negative, got {reps}")
        total = reps * n
    else:
        reps = _indices("repeat_interleave", repeats).astype(np.int64)
        if reps.ndim > 1 or (reps.ndim == 1 and reps.size not in (1, n)):
            raise ValueError(
                f"repeat_interleave: repeats must have 1 or {n} elements (the size of dim "
                f"{d}), got shape {reps.shape}"
            )
        if reps.size and reps.min() < 0:
            raise ValueError(f"repeat_interleave: repeats must be non-negative, got {reps}")
        if reps.size == 1:
            reps = int(reps.reshape(()))
            total = reps * n
        else:
            total = int(reps.sum())
    if output_size is not None and output_size != total:
        raise ValueError(
            f"repeat_interleave: output_size={output_size} does not match the {total} "
            "elements the repeats give"
        )
    return RepeatInterleave.apply(t, repeats=reps, dim=d)


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
