"""Shape ops: ``reshape``, ``transpose``, ``permute``, ``unsqueeze``, ``squeeze``,
``flatten``, ``broadcast_to``, ``cat``, ``stack``, ``split``, ``chunk``, ``pad``,
``flip``, ``repeat``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift, normalize_dim, normalize_dims
from ad_core.indexing import Index
from ad_core.shape import Permute, Reshape, swap_dims


class Cat(Function):
    """Concatenate the inputs along ``dim``."""

    raw_backward = True

    def forward(self, *arrays: NDArray, dim: int) -> NDArray:
        self.dim = dim
        self.sizes = [a.shape[dim] for a in arrays]
        return np.concatenate(arrays, axis=dim)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        grads: list[Tensor | None] = []
        start = 0
        lead = (slice(None),) * self.dim
        for size, need in zip(self.sizes, self.needs_input_grad, strict=True):
            grads.append(grad[(*lead, slice(start, start + size))] if need else None)
            start += size
        return tuple(grads)


class Stack(Function):
    """Stack the inputs along a new dimension ``dim``."""

    raw_backward = True

    def forward(self, *arrays: NDArray, dim: int) -> NDArray:
        self.dim = dim
        return np.stack(arrays, axis=dim)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        lead = (slice(None),) * self.dim
        return tuple(
            grad[(*lead, i)] if need else None for i, need in enumerate(self.needs_input_grad)
        )


class Pad(Function):
    """Constant padding; negative widths crop. Its adjoint is the opposite ``Pad``."""

    raw_backward = True

    def forward(self, a: NDArray, widths: tuple[tuple[int, int], ...], value: float) -> NDArray:
        self.widths = widths
        crop = tuple(
            slice(-lo if lo < 0 else 0, n + hi if hi < 0 else n)
            for (lo, hi), n in zip(widths, a.shape, strict=True)
        )
        grow = [(max(lo, 0), max(hi, 0)) for lo, hi in widths]
        return np.pad(a[crop], grow, mode="constant", constant_values=value)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        inverse = tuple((-lo, -hi) for lo, hi in self.widths)
        return (Pad.apply(grad, widths=inverse, value=0.0),)


class Flip(Function):
    """Reverse the order of elements along ``dims``."""

    raw_backward = True

    def forward(self, a: NDArray, dims: tuple[int, ...]) -> NDArray:
        self.dims = dims
        return np.flip(a, axis=dims)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (Flip.apply(grad, dims=self.dims),)


class Repeat(Function):
    """Tile the input ``repeats[i]`` times along dimension ``i`` (``Tensor.repeat``)."""

    def forward(self, a: NDArray, repeats: tuple[int, ...]) -> NDArray:
        self.shape = (1,) * (len(repeats) - a.ndim) + a.shape
        self.repeats = repeats
        return np.tile(a, repeats)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        interleaved = [n for pair in zip(self.repeats, self.shape, strict=True) for n in pair]
        summed = grad.reshape(interleaved).sum(dim=tuple(range(0, len(interleaved), 2)))
        return (summed,)


def reshape(input: TensorLike, shape: Sequence[int]) -> Tensor:
    """The same data in a new ``shape`` (one entry may be -1), as ``torch.reshape``.

    >>> import ad_core, ad_ops as F
    >>> F.reshape(ad_core.arange(6), (2, -1))
    tensor([[0, 1, 2],
            [3, 4, 5]])
    """
    return Reshape.apply(input, shape=tuple(shape))


def transpose(input: TensorLike, dim0: int, dim1: int) -> Tensor:
    """Swap dimensions ``dim0`` and ``dim1``, as ``torch.transpose``.

    >>> import ad_core, ad_ops as F
    >>> F.transpose(ad_core.zeros(2, 3, 4), 0, -1).shape
    (4, 3, 2)
    """
    (t,) = lift((input,))
    return Permute.apply(t, dims=swap_dims(t.ndim, dim0, dim1))


def permute(input: TensorLike, dims: Sequence[int]) -> Tensor:
    """Reorder the dimensions, as ``torch.permute``.

    >>> import ad_core, ad_ops as F
    >>> F.permute(ad_core.zeros(2, 3, 4), (2, 0, 1)).shape
    (4, 2, 3)
    """
    return Permute.apply(input, dims=tuple(dims))


def unsqueeze(input: TensorLike, dim: int) -> Tensor:
    """Insert a dimension of size 1 at ``dim``, as ``torch.unsqueeze``.

    >>> import ad_core, ad_ops as F
    >>> F.unsqueeze(ad_core.zeros(2, 3), -1).shape
    (2, 3, 1)
    """
    (t,) = lift((input,))
    d = normalize_dim("unsqueeze", dim, t.ndim + 1)
    return Reshape.apply(t, shape=(*t.shape[:d], 1, *t.shape[d:]))


def squeeze(input: TensorLike, dim: int | Sequence[int] | None = None) -> Tensor:
    """Remove dimensions of size 1 (all of them, or those in ``dim`` that have
    size 1), as ``torch.squeeze``.

    >>> import ad_core, ad_ops as F
    >>> F.squeeze(ad_core.zeros(1, 3, 1)).shape, F.squeeze(ad_core.zeros(1, 3, 1), 0).shape
    ((3,), (3, 1))
    """
    (t,) = lift((input,))
    dims = normalize_dims("squeeze", dim, t.ndim)
    shape = tuple(n for i, n in enumerate(t.shape) if not (i in dims and n == 1))
    return Reshape.apply(t, shape=shape)


def flatten(input: TensorLike, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dimensions ``start_dim`` to ``end_dim`` into one, as ``torch.flatten``.

    >>> import ad_core, ad_ops as F
    >>> F.flatten(ad_core.zeros(2, 3, 4), start_dim=1).shape
    (2, 12)
    """
    (t,) = lift((input,))
    if t.ndim == 0:
        return Reshape.apply(t, shape=(1,))
    start = normalize_dim("flatten", start_dim, t.ndim)
    end = normalize_dim("flatten", end_dim, t.ndim)
    if start > end:
        raise ValueError(
            f"flatten: start_dim {start_dim} must not come after end_dim {end_dim} "
            f"for a tensor of {t.ndim} dimensions"
        )
    merged = int(np.prod(t.shape[start : end + 1]))
    return Reshape.apply(t, shape=(*t.shape[:start], merged, *t.shape[end + 1 :]))


def _tensor_list(op: str, tensors: object) -> tuple[Tensor, ...]:
    if not isinstance(tensors, list | tuple):
        raise TypeError(f"{op}: expected a sequence of tensors, got {type(tensors).__name__}")
    if len(tensors) == 0:
        raise ValueError(f"{op}: expected a non-empty sequence of tensors")
    return lift(tuple(tensors))


def cat(tensors: Sequence[TensorLike], dim: int = 0) -> Tensor:
    """Concatenate ``tensors`` along ``dim``, as ``torch.cat``.

    >>> import ad_core, ad_ops as F
    >>> F.cat([ad_core.zeros(1, 2), ad_core.ones(2, 2)]).shape
    (3, 2)
    """
    ts = _tensor_list("cat", tensors)
    ndim = ts[0].ndim
    if ndim == 0:
        raise ValueError("cat: zero-dimensional tensors cannot be concatenated")
    d = normalize_dim("cat", dim, ndim)
    for i, t in enumerate(ts):
        if (
            t.ndim != ndim
            or t.shape[:d] + t.shape[d + 1 :] != ts[0].shape[:d] + ts[0].shape[d + 1 :]
        ):
            raise ValueError(
                f"cat: tensor {i} has shape {t.shape}, which does not match shape "
                f"{ts[0].shape} of tensor 0 except in dimension {d}"
            )
    return Cat.apply(*ts, dim=d)


def stack(tensors: Sequence[TensorLike], dim: int = 0) -> Tensor:
    """Stack equally shaped ``tensors`` along a new dimension ``dim``, as ``torch.stack``.

    >>> import ad_core, ad_ops as F
    >>> F.stack([ad_core.zeros(2, 3), ad_core.ones(2, 3)], dim=1).shape
    (2, 2, 3)
    """
    ts = _tensor_list("stack", tensors)
    for i, t in enumerate(ts):
        if t.shape != ts[0].shape:
            raise ValueError(
                f"stack: expects each tensor to be equal size, but got {ts[0].shape} "
                f"at entry 0 and {t.shape} at entry {i}"
            )
    d = normalize_dim("stack", dim, ts[0].ndim + 1)
    return Stack.apply(*ts, dim=d)


def _ints(op: str, name: str, values: object) -> list[int]:
    """``values`` (a sequence of ints) as a list, refusing anything else by name.

    >>> _ints("pad", "pad", (1, 2))
    [1, 2]
    """
    items = values if isinstance(values, Sequence) and not isinstance(values, str) else None
    if items is None or not all(
        isinstance(v, int | np.integer) and not isinstance(v, bool) for v in items
    ):
        raise TypeError(f"{op}: expected {name} to be a sequence of ints, got {values!r}")
    return [int(v) for v in items]


def split(
    tensor: TensorLike, split_size_or_sections: int | Sequence[int], dim: int = 0
) -> tuple[Tensor, ...]:
    """Split into pieces along ``dim``, as ``torch.split``: an int is the size of
    each piece (the last may be smaller), a sequence lists the sizes.

    >>> import ad_core, ad_ops as F
    >>> [p.shape for p in F.split(ad_core.zeros(5, 2), 2)]
    [(2, 2), (2, 2), (1, 2)]
    """
    (t,) = lift((tensor,))
    if t.ndim == 0:
        raise ValueError("split: expected a tensor of at least one dimension, got a 0-d tensor")
    d = normalize_dim("split", dim, t.ndim)
    n = t.shape[d]
    if isinstance(split_size_or_sections, int | np.integer):
        size = int(split_size_or_sections)
        if size <= 0 and not (size == 0 and n == 0):
            raise ValueError(f"split: split_size must be positive, got {size}")
        sizes = [min(size, n - s) for s in range(0, n, size)] if n else [0]
    elif not isinstance(split_size_or_sections, Sequence):
        raise TypeError(
            "split: expected split_size_or_sections to be an int or a sequence of ints, "
            f"got {split_size_or_sections!r}"
        )
    else:
        sizes = _ints("split", "split_size_or_sections", split_size_or_sections)
        if any(s < 0 for s in sizes) or sum(sizes) != n:
            raise ValueError(
                f"split: sizes {sizes} must be non-negative and sum to {n}, the size of dim {d}"
            )
    lead = (slice(None),) * d
    pieces = []
    start = 0
    for s in sizes:
        pieces.append(Index.apply(t, index=(*lead, slice(start, start + s))))
        start += s
    return tuple(pieces)


def chunk(input: TensorLike, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """Split into ``chunks`` pieces of size ``ceil(n / chunks)`` along ``dim``
    (fewer when ``n`` runs out), as ``torch.chunk``.

    >>> import ad_core, ad_ops as F
    >>> [p.shape for p in F.chunk(ad_core.zeros(5), 3)]
    [(2,), (2,), (1,)]
    """
    if not isinstance(chunks, int | np.integer) or chunks <= 0:
        raise ValueError(f"chunk: chunks must be a positive int, got {chunks!r}")
    (t,) = lift((input,))
    if t.ndim == 0:
        raise ValueError("chunk: expected a tensor of at least one dimension, got a 0-d tensor")
    n = t.shape[normalize_dim("chunk", dim, t.ndim)]
    return split(t, max(-(-n // int(chunks)), 1), dim)


def pad(
    input: TensorLike, pad: Sequence[int], mode: str = "constant", value: float | None = None
) -> Tensor:
    """Pad with a constant, as ``torch.nn.functional.pad``.

    ``pad`` lists (before, after) widths starting from the LAST dimension:
    ``(left, right, top, bottom, ...)``. Negative widths crop. Only
    ``mode='constant'`` is supported.

    >>> import ad_core, ad_ops as F
    >>> F.pad(ad_core.ones(1, 2), (1, 0, 0, 1))
    tensor([[0., 1., 1.],
            [0., 0., 0.]])
    """
    if mode != "constant":
        raise ValueError(f"pad: only mode='constant' is supported, got {mode!r}")
    (t,) = lift((input,))
    widths_flat = _ints("pad", "pad", pad)
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating)
    ):
        raise TypeError(f"pad: expected value to be a number, got {value!r}")
    if len(widths_flat) % 2 or len(widths_flat) // 2 > t.ndim:
        raise ValueError(
            f"pad: expected an even number of widths, at most 2 per dimension "
            f"({2 * t.ndim} for shape {t.shape}), got {tuple(pad)}"
        )
    pairs = [(widths_flat[i], widths_flat[i + 1]) for i in range(0, len(widths_flat), 2)]
    widths = [(0, 0)] * (t.ndim - len(pairs)) + pairs[::-1]
    for (lo, hi), n in zip(widths, t.shape, strict=True):
        if n + lo + hi < 0:
            raise ValueError(f"pad: widths {tuple(pad)} crop more than shape {t.shape} holds")
    return Pad.apply(t, widths=tuple(widths), value=0.0 if value is None else float(value))


def flip(input: TensorLike, dims: int | Sequence[int]) -> Tensor:
    """Reverse the order of elements along ``dims``, as ``torch.flip``.

    >>> import ad_core, ad_ops as F
    >>> F.flip(ad_core.tensor([[1, 2], [3, 4]]), (0, 1))
    tensor([[4, 3],
            [2, 1]])
    """
    (t,) = lift((input,))
    return Flip.apply(t, dims=normalize_dims("flip", dims, t.ndim))


def repeat(input: TensorLike, *sizes: int | Sequence[int]) -> Tensor:
    """Tile the tensor ``sizes[i]`` times along dimension ``i``, as
    ``torch.Tensor.repeat`` (``sizes`` may add leading dimensions).

    >>> import ad_core, ad_ops as F
    >>> F.repeat(ad_core.tensor([1, 2]), 2, 2)
    tensor([[1, 2, 1, 2],
            [1, 2, 1, 2]])
    """
    (t,) = lift((input,))
    flat = sizes[0] if len(sizes) == 1 and isinstance(sizes[0], Sequence) else sizes
    repeats = tuple(_ints("repeat", "sizes", flat))
    if len(repeats) < t.ndim:
        raise ValueError(
            f"repeat: number of repeats {len(repeats)} can not be smaller than the number "
            f"of dimensions {t.ndim} of the tensor"
        )
    if any(r < 0 for r in repeats):
        raise ValueError(f"repeat: repeats must be non-negative, got {repeats}")
    return Repeat.apply(t, repeats=repeats)
