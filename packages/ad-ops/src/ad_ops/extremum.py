"""Extrema: ``max``, ``min`` (with PyTorch's three forms), ``amax``, ``amin``,
``argmax``, ``argmin``.

``max(x)`` and ``amax`` share the gradient evenly among tied extrema, as
PyTorch does; ``max(x, dim)`` returns ``(values, indices)`` and sends the
gradient to the index it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift, normalize_dim, normalize_dims
from ad_core.reduction import expand_reduced

from . import return_types
from .indexing import TakeAlong
from .selection import maximum, minimum


def _check_nonempty(op: str, a: NDArray, dims: tuple[int, ...]) -> None:
    if any(a.shape[d] == 0 for d in dims) or (a.size == 0 and not dims):
        raise RuntimeError(f"{op}: cannot reduce over an empty dimension (input shape {a.shape})")


class Extremum(Function):
    """``amax`` or ``amin`` over ``dims``; tied extrema share the gradient evenly."""

    def forward(
        self, a: NDArray, op: str, dim: int | Sequence[int] | None, keepdim: bool, largest: bool
    ) -> NDArray:
        self.dims = normalize_dims(op, dim, a.ndim)
        _check_nonempty(op, a, self.dims)
        self.keepdim = keepdim
        kept = (np.amax if largest else np.amin)(a, axis=self.dims, keepdims=True)
        self.save(a, kept)
        if keepdim:
            return np.asarray(kept)
        return np.asarray(kept.reshape([n for i, n in enumerate(a.shape) if i not in self.dims]))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, kept = (t.array for t in self.saved_tensors)
        mask = (a == kept).astype(grad.dtype)
        share = Tensor._wrap(mask / mask.sum(axis=self.dims, keepdims=True))
        return (expand_reduced(grad, a.shape, self.dims, self.keepdim) * share,)


def _along(op: str, input: TensorLike, dim: int, keepdim: bool) -> tuple[Tensor, Tensor]:
    """Values and indices of the extremum along one ``dim`` (the first of ties)."""
    (t,) = lift((input,))
    if not isinstance(dim, int | np.integer) or isinstance(dim, bool):
        raise TypeError(
            f"{op}: dim must be an int, got {type(dim).__name__} "
            f"(a{op} reduces over several dimensions)"
        )
    d = normalize_dim(op, dim, t.ndim)
    if t.ndim == 0:
        t, keepdim = t.reshape(1), False
    a = t.array
    _check_nonempty(op, a, (d,))
    index = (np.argmax if op == "max" else np.argmin)(a, axis=d, keepdims=True)
    index = index.astype(np.int64, copy=False)
    values = TakeAlong.apply(t, dim=d, index=index, keepdim=keepdim)
    return values, Tensor._wrap(index if keepdim else index.squeeze(d))


@overload
def max(input: TensorLike) -> Tensor: ...


@overload
def max(input: TensorLike, dim: int, keepdim: bool = False) -> return_types.max: ...


@overload
def max(input: TensorLike, *, other: TensorLike) -> Tensor: ...


@overload
def max(input: TensorLike, other: Tensor, /) -> Tensor: ...


def max(
    input: TensorLike,
    dim: int | Tensor | None = None,
    keepdim: bool = False,
    *,
    other: TensorLike | None = None,
) -> Tensor | return_types.max:
    """The largest value, as ``torch.max`` in its three forms.

    - ``max(input)``: the largest of all elements; tied maxima share the
      gradient evenly.
    - ``max(input, dim, keepdim=False)``: a named tuple ``(values, indices)``
      along one ``dim``; the index is the first of ties and receives the
      whole gradient. (``amax`` takes several dims.)
    - ``max(input, other)``: the elementwise ``maximum``.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([[1.0, 3.0, 3.0], [4.0, 0.0, 2.0]], requires_grad=True)
    >>> F.max(x)
    tensor(4., grad_fn=<ExtremumBackward>)
    >>> values, indices = F.max(x, dim=1)
    >>> values.sum().backward()
    >>> indices, x.grad
    (tensor([1, 0]), tensor([[0., 1., 0.],
            [1., 0., 0.]]))
    >>> F.max(ad_core.tensor([1.0, 5.0]), ad_core.tensor([3.0, 2.0]))
    tensor([3., 5.])
    """
    if other is not None:
        return maximum(input, other)
    if isinstance(dim, Tensor | np.ndarray):
        return maximum(input, dim)
    if dim is None:
        return Extremum.apply(input, op="max", dim=None, keepdim=False, largest=True)
    return return_types.max(*_along("max", input, dim, keepdim))


@overload
def min(input: TensorLike) -> Tensor: ...


@overload
def min(input: TensorLike, dim: int, keepdim: bool = False) -> return_types.min: ...


@overload
def min(input: TensorLike, *, other: TensorLike) -> Tensor: ...


@overload
def min(input: TensorLike, other: Tensor, /) -> Tensor: ...


def min(
    input: TensorLike,
    dim: int | Tensor | None = None,
    keepdim: bool = False,
    *,
    other: TensorLike | None = None,
) -> Tensor | return_types.min:
    """The smallest value, as ``torch.min``: ``min(input)``, ``min(input, dim,
    keepdim=False)`` -> ``(values, indices)``, or ``min(input, other)``; see ``max``.

    >>> import ad_core, ad_ops as F
    >>> F.min(ad_core.tensor([[1.0, 5.0], [0.0, 2.0]]), dim=1)
    ad_ops.return_types.min(
    values=tensor([1., 0.]),
    indices=tensor([0, 0]))
    """
    if other is not None:
        return minimum(input, other)
    if isinstance(dim, Tensor | np.ndarray):
        return minimum(input, dim)
    if dim is None:
        return Extremum.apply(input, op="min", dim=None, keepdim=False, largest=False)
    return return_types.min(*_along("min", input, dim, keepdim))


def amax(input: TensorLike, dim: int | Sequence[int] | None = (), keepdim: bool = False) -> Tensor:
    """Largest values over ``dim`` (an int or a tuple; all dimensions when
    empty or None), as ``torch.amax``; tied maxima share the gradient evenly.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([1.0, 3.0, 3.0], requires_grad=True)
    >>> F.amax(x).backward()
    >>> x.grad
    tensor([0.0000, 0.5000, 0.5000])
    """
    return Extremum.apply(input, op="amax", dim=dim, keepdim=keepdim, largest=True)


def amin(input: TensorLike, dim: int | Sequence[int] | None = (), keepdim: bool = False) -> Tensor:
    """Smallest values over ``dim``, as ``torch.amin``; ties share the gradient evenly.

    >>> import ad_core, ad_ops as F
    >>> F.amin(ad_core.tensor([[1.0, 5.0], [0.0, 2.0]]), dim=(0, 1))
    tensor(0.)
    """
    return Extremum.apply(input, op="amin", dim=dim, keepdim=keepdim, largest=False)


def _arg_extremum(op: str, input: TensorLike, dim: int | None, keepdim: bool) -> Tensor:
    (t,) = lift((input,))
    a = t.array
    find = np.argmax if op == "argmax" else np.argmin
    if dim is None:
        _check_nonempty(op, a, ())
        index = np.asarray(find(a), dtype=np.int64)
        return Tensor._wrap(index.reshape((1,) * a.ndim) if keepdim else index)
    d = normalize_dim(op, dim, a.ndim)
    if a.ndim == 0:
        return Tensor._wrap(np.zeros((), dtype=np.int64))
    _check_nonempty(op, a, (d,))
    return Tensor._wrap(np.asarray(find(a, axis=d, keepdims=keepdim), dtype=np.int64))


def argmax(input: TensorLike, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the largest value along ``dim`` (of the flattened input when
    None), as ``torch.argmax``; int64, first occurrence on ties.

    >>> import ad_core, ad_ops as F
    >>> F.argmax(ad_core.tensor([[1.0, 5.0], [7.0, 2.0]]), dim=1)
    tensor([1, 0])
    """
    return _arg_extremum("argmax", input, dim, keepdim)


def argmin(input: TensorLike, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the smallest value along ``dim``, as ``torch.argmin``.

    >>> import ad_core, ad_ops as F
    >>> F.argmin(ad_core.tensor([3.0, 1.0, 2.0]))
    tensor(1)
    """
    return _arg_extremum("argmin", input, dim, keepdim)
