"""Sorting and selection: ``sort``, ``argsort``, ``topk``.

The values are gathered from the input at the indices found in NumPy, so
each index receives the gradient of the value it produced, as in PyTorch.
NaN counts as larger than every number (last in an ascending sort, first in
a descending one), as in PyTorch.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ad_core import NDArray, Tensor, TensorLike, lift, normalize_dim

from . import return_types
from .indexing import TakeAlong


def sort_indices(a: NDArray, dim: int, descending: bool, stable: bool) -> NDArray:
    """The int64 indices that sort ``a`` along ``dim``.

    >>> import numpy as np
    >>> sort_indices(np.array([2.0, 1.0, 2.0]), 0, descending=True, stable=True).tolist()
    [0, 2, 1]
    """
    kind: Literal["stable"] | None = "stable" if stable else None
    if not descending:
        return np.argsort(a, axis=dim, kind=kind).astype(np.int64, copy=False)
    # Sorting the reversed array ascending and reversing the result keeps tied
    # elements in their original order and puts NaN first, as PyTorch does.
    ascending = np.argsort(np.flip(a, dim), axis=dim, kind=kind)
    return np.asarray((a.shape[dim] - 1) - np.flip(ascending, dim), dtype=np.int64)


def _prepare(op: str, input: TensorLike, dim: int) -> tuple[Tensor, int, bool]:
    """The input (0-d made 1-D), ``dim`` as an index, and whether it was 0-d."""
    (t,) = lift((input,))
    d = normalize_dim(op, dim, t.ndim)
    if t.ndim == 0:
        return t.reshape(1), 0, True
    return t, d, False


def sort(
    input: TensorLike, dim: int = -1, descending: bool = False, *, stable: bool = False
) -> return_types.sort:
    """Sort along ``dim``, as ``torch.sort``: a named tuple ``(values, indices)``.

    ``stable=True`` keeps equal elements in their original order; otherwise
    their order is unspecified, as in PyTorch.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([3.0, 1.0, 2.0], requires_grad=True)
    >>> values, indices = F.sort(x, descending=True)
    >>> (values * ad_core.tensor([1.0, 10.0, 100.0])).sum().backward()
    >>> values, indices
    (tensor([3., 2., 1.], grad_fn=<TakeAlongBackward>), tensor([0, 2, 1]))
    >>> x.grad
    tensor([  1., 100.,  10.])
    """
    t, d, scalar = _prepare("sort", input, dim)
    index = sort_indices(t.array, d, descending, stable)
    values = TakeAlong.apply(t, dim=d, index=index)
    if scalar:
        return return_types.sort(values.reshape(()), Tensor._wrap(index.reshape(())))
    return return_types.sort(values, Tensor._wrap(index))


def argsort(
    input: TensorLike, dim: int = -1, descending: bool = False, *, stable: bool = False
) -> Tensor:
    """The int64 indices that sort ``input`` along ``dim``, as ``torch.argsort``.

    >>> import ad_core, ad_ops as F
    >>> F.argsort(ad_core.tensor([[3.0, 1.0, 2.0]]), descending=True)
    tensor([[0, 2, 1]])
    """
    t, d, scalar = _prepare("argsort", input, dim)
    index = sort_indices(t.array, d, descending, stable)
    return Tensor._wrap(index.reshape(()) if scalar else index)


def topk(
    input: TensorLike, k: int, dim: int = -1, largest: bool = True, sorted: bool = True
) -> return_types.topk:
    """The ``k`` largest (or smallest) elements along ``dim``, as ``torch.topk``:
    a named tuple ``(values, indices)``.

    With ``sorted=True`` they come largest first (smallest first when
    ``largest=False``); otherwise in no particular order. Which of tied
    elements is chosen is unspecified, as in PyTorch. It partitions, then
    sorts only the ``k`` chosen: linear in the size of ``dim``.

    >>> import ad_core, ad_ops as F
    >>> F.topk(ad_core.tensor([1.0, 5.0, 3.0, 4.0]), 2)
    ad_ops.return_types.topk(
    values=tensor([5., 4.]),
    indices=tensor([1, 3]))
    """
    t, d, scalar = _prepare("topk", input, dim)
    a = t.array
    n = a.shape[d]
    if not isinstance(k, int | np.integer) or isinstance(k, bool):
        raise TypeError(f"topk: k must be an int, got {type(k).__name__}")
    if k < 0:
        raise ValueError(f"topk: k must be non-negative, got {k}")
    if k > n:
        raise ValueError(f"topk: k={k} is larger than the size {n} of dim {d}")
    lead = (slice(None),) * d
    if k == 0:
        index = np.zeros((*a.shape[:d], 0, *a.shape[d + 1 :]), dtype=np.int64)
    elif largest:
        index = np.argpartition(a, n - k, axis=d)[(*lead, slice(n - k, None))]
    else:
        index = np.argpartition(a, k - 1, axis=d)[(*lead, slice(0, k))]
    index = index.astype(np.int64, copy=False)
    if sorted and k > 1:
        chosen = np.take_along_axis(a, index, axis=d)
        index = np.take_along_axis(index, sort_indices(chosen, d, largest, False), axis=d)
    values = TakeAlong.apply(t, dim=d, index=index)
    if scalar and k == 1:
        return return_types.topk(values.reshape(()), Tensor._wrap(index.reshape(())))
    return return_types.topk(values, Tensor._wrap(index))
