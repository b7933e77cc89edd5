"""``sum`` and ``mean`` over dimensions, and the dim normalisation every reduction shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .broadcast import BroadcastTo
from .function import Function
from .tensor import Tensor
from .types import NDArray


def normalize_dim(op: str, dim: int, ndim: int) -> int:
    """``dim`` as a non-negative index, or an ``IndexError`` naming ``op``.

    >>> normalize_dim("sum", -1, 3)
    2
    """
    if not isinstance(dim, int | np.integer) or isinstance(dim, bool):
        raise TypeError(f"{op}: dim must be an int, got {type(dim).__name__}")
    size = max(ndim, 1)
    if not -size <= dim < size:
        raise IndexError(
            f"{op}: dim {dim} is out of range for a tensor of {ndim} dimensions "
            f"(expected in [{-size}, {size - 1}])"
        )
    return int(dim) % size


def normalize_dims(op: str, dim: int | Sequence[int] | None, ndim: int) -> tuple[int, ...]:
    """``dim`` (None for all, an int or a sequence) as sorted non-negative indices.

    An empty sequence means every dimension, as in PyTorch.

    >>> normalize_dims("mean", (0, -1), 3)
    (0, 2)
    >>> normalize_dims("sum", (), 2)
    (0, 1)
    """
    if isinstance(dim, int) and not isinstance(dim, bool) and -ndim <= dim < ndim:
        return (dim % ndim,)
    if isinstance(dim, int | np.integer):
        dims: tuple[Any, ...] = (dim,)
    elif dim is None or isinstance(dim, list | tuple | range):
        dims = tuple(dim or ())
    else:
        raise TypeError(f"{op}: dim must be an int, a sequence of ints or None, got {dim!r}")
    if not dims:
        return tuple(range(ndim))
    out = tuple(sorted({normalize_dim(op, d, ndim) for d in dims}))
    if len(out) != len(dims):
        raise ValueError(f"{op}: dim {dim} names a dimension more than once")
    if ndim == 0:
        return ()
    return out


def expand_reduced(
    grad: Tensor, shape: tuple[int, ...], dims: tuple[int, ...], keepdim: bool
) -> Tensor:
    """Broadcast the gradient of a reduction back to the input's ``shape``."""
    # Reduced leading dimensions broadcast back by themselves; others need
    # their size-1 axes restored first.
    if not keepdim and dims != tuple(range(len(dims))):
        kept = tuple(1 if i in dims else n for i, n in enumerate(shape))
        grad = grad.reshape(kept)
    return BroadcastTo.apply(grad, shape=shape)


def check_keepdim(op: str, keepdim: Any) -> None:
    """A ``TypeError`` naming ``op`` unless ``keepdim`` is a bool."""
    if keepdim is not True and keepdim is not False and not isinstance(keepdim, np.bool_):
        raise TypeError(f"{op}: keepdim must be a bool, got {keepdim!r}")


class Sum(Function):
    """Sum over ``dim``."""

    raw_backward = True

    def forward(self, a: NDArray, dim: int | Sequence[int] | None, keepdim: bool) -> NDArray:
        check_keepdim("sum", keepdim)
        self.shape = a.shape
        self.dims = normalize_dims("sum", dim, a.ndim)
        self.keepdim = keepdim
        return np.asarray(a.sum(axis=self.dims, keepdims=keepdim))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (expand_reduced(grad, self.shape, self.dims, self.keepdim),)


class Mean(Function):
    """Mean over ``dim``."""

    raw_backward = True

    def forward(self, a: NDArray, dim: int | Sequence[int] | None, keepdim: bool) -> NDArray:
        if a.dtype.kind not in "fc":
            raise TypeError(f"mean: expected a floating tensor, got {a.dtype}")
        check_keepdim("mean", keepdim)
        self.shape = a.shape
        self.dims = normalize_dims("mean", dim, a.ndim)
        self.keepdim = keepdim
        self.count = int(np.prod([a.shape[d] for d in self.dims]))
        if not self.count:  # nan, as PyTorch, without NumPy's "Mean of empty slice"
            return np.asarray(a.sum(axis=self.dims, keepdims=keepdim) * np.nan)
        return np.asarray(a.mean(axis=self.dims, keepdims=keepdim))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (expand_reduced(grad / self.count, self.shape, self.dims, self.keepdim),)
