"""Logic on truth values: ``logical_not``, ``logical_and``, ``logical_or``,
``logical_xor``, ``all``, ``any``, ``count_nonzero``, ``nonzero``.

Non-zero counts as True. The results are bool or int64 tensors outside the
graph, as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal, overload

import numpy as np

from ad_core import Tensor, TensorLike, broadcast_shapes, lift, normalize_dims


def _binary(op: str, ufunc: Callable[..., Any], input: TensorLike, other: TensorLike) -> Tensor:
    a, b = lift((input, other))
    try:
        return Tensor._wrap(np.asarray(ufunc(a.array, b.array)))
    except ValueError:
        broadcast_shapes(op, a.shape, b.shape)
        raise


def logical_not(input: TensorLike) -> Tensor:
    """Elementwise NOT (zero is False), as ``torch.logical_not``.

    >>> import ad_core, ad_ops as F
    >>> F.logical_not(ad_core.tensor([0.0, 2.0]))
    tensor([ True, False])
    """
    (t,) = lift((input,))
    return Tensor._wrap(np.logical_not(t.array))


def logical_and(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise AND with broadcasting, as ``torch.logical_and``.

    >>> import ad_core, ad_ops as F
    >>> F.logical_and(ad_core.tensor([True, True]), ad_core.tensor([True, False]))
    tensor([ True, False])
    """
    return _binary("logical_and", np.logical_and, input, other)


def logical_or(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise OR with broadcasting, as ``torch.logical_or``.

    >>> import ad_core, ad_ops as F
    >>> F.logical_or(ad_core.tensor([False, True]), ad_core.tensor([False, False]))
    tensor([False,  True])
    """
    return _binary("logical_or", np.logical_or, input, other)


def logical_xor(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise exclusive OR with broadcasting, as ``torch.logical_xor``.

    >>> import ad_core, ad_ops as F
    >>> F.logical_xor(ad_core.tensor([True, True]), ad_core.tensor([True, False]))
    tensor([False,  True])
    """
    return _binary("logical_xor", np.logical_xor, input, other)


Dim = int | Sequence[int] | None


def _reduce(op: str, fn: Callable[..., Any], input: TensorLike, dim: Dim, keepdim: bool) -> Tensor:
    (t,) = lift((input,))
    dims = normalize_dims(op, dim, t.ndim)
    return Tensor._wrap(np.asarray(fn(t.array, axis=dims, keepdims=keepdim)))


def all(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """Whether every element over ``dim`` (all dimensions when None) is
    non-zero, as ``torch.all``; a bool tensor.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([[1.0, 0.0], [2.0, 3.0]])
    >>> F.all(x), F.all(x, dim=1)
    (tensor(False), tensor([False,  True]))
    """
    return _reduce("all", np.all, input, dim, keepdim)


def any(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """Whether some element over ``dim`` is non-zero, as ``torch.any``.

    >>> import ad_core, ad_ops as F
    >>> F.any(ad_core.tensor([[0.0, 0.0], [2.0, 0.0]]), dim=1)
    tensor([False,  True])
    """
    return _reduce("any", np.any, input, dim, keepdim)


def count_nonzero(input: TensorLike, dim: Dim = None) -> Tensor:
    """The number of non-zero elements over ``dim``, as ``torch.count_nonzero``; int64.

    >>> import ad_core, ad_ops as F
    >>> F.count_nonzero(ad_core.tensor([[1.0, 0.0], [2.0, 3.0]]), dim=0)
    tensor([2, 1])
    """
    (t,) = lift((input,))
    dims = normalize_dims("count_nonzero", dim, t.ndim)
    return Tensor._wrap(np.asarray(np.count_nonzero(t.array, axis=dims), dtype=np.int64))


@overload
def nonzero(input: TensorLike, *, as_tuple: Literal[False] = False) -> Tensor: ...


@overload
def nonzero(input: TensorLike, *, as_tuple: Literal[True]) -> tuple[Tensor, ...]: ...


@overload
def nonzero(input: TensorLike, *, as_tuple: bool) -> Tensor | tuple[Tensor, ...]: ...


def nonzero(input: TensorLike, *, as_tuple: bool = False) -> Tensor | tuple[Tensor, ...]:
    """The indices of the non-zero elements, as ``torch.nonzero``: an int64
    tensor of shape ``(count, ndim)``, or with ``as_tuple=True`` one 1-D tensor
    per dimension (a 0-d input counts as 1-D there).

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([[0.0, 1.0], [2.0, 0.0]])
    >>> F.nonzero(x)
    tensor([[0, 1],
            [1, 0]])
    >>> F.nonzero(x, as_tuple=True)
    (tensor([0, 1]), tensor([1, 0]))
    """
    (t,) = lift((input,))
    if as_tuple:
        return tuple(
            Tensor._wrap(i.astype(np.int64, copy=False)) for i in np.nonzero(np.atleast_1d(t.array))
        )
    return Tensor._wrap(np.argwhere(t.array).astype(np.int64, copy=False))
