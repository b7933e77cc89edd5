"""Parts along one dimension: ``narrow``, ``unbind``."""

from __future__ import annotations

import numpy as np

from ad_core import Tensor, TensorLike, lift, normalize_dim
from ad_core.indexing import Index


def _one_or_more_dims(op: str, input: TensorLike, dim: int) -> tuple[Tensor, int]:
    (t,) = lift((input,))
    if t.ndim == 0:
        raise ValueError(f"{op}: expected a tensor of at least one dimension, got a 0-d tensor")
    return t, normalize_dim(op, dim, t.ndim)


def narrow(input: TensorLike, dim: int, start: int | TensorLike, length: int) -> Tensor:
    """Elements ``start`` to ``start + length`` along ``dim``, as ``torch.narrow``
    (a negative ``start`` counts from the end; ``start`` may be a 0-d tensor).

    >>> import ad_core, ad_ops as F
    >>> F.narrow(ad_core.tensor([[1, 2, 3], [4, 5, 6]]), 1, 1, 2)
    tensor([[2, 3],
            [5, 6]])
    """
    t, d = _one_or_more_dims("narrow", input, dim)
    n = t.shape[d]
    first = start.item() if isinstance(start, Tensor) else start
    if not isinstance(first, int | np.integer) or isinstance(first, bool):
        raise TypeError(f"narrow: start must be an int, got {type(first).__name__}")
    if not -n <= first <= n:
        raise IndexError(f"narrow: start {first} is out of range for dim {d} of size {n}")
    first = int(first) % n if n and first < 0 else int(first)
    if length < 0 or first + length > n:
        raise ValueError(
            f"narrow: start ({first}) + length ({length}) exceeds the size {n} of dim {d}"
        )
    return Index.apply(t, index=(*(slice(None),) * d, slice(first, first + length)))


def unbind(input: TensorLike, dim: int = 0) -> tuple[Tensor, ...]:
    """The slices along ``dim``, without it, as ``torch.unbind``.

    >>> import ad_core, ad_ops as F
    >>> F.unbind(ad_core.tensor([[1, 2], [3, 4]]), dim=1)
    (tensor([1, 3]), tensor([2, 4]))
    """
    t, d = _one_or_more_dims("unbind", input, dim)
    lead = (slice(None),) * d
    return tuple(Index.apply(t, index=(*lead, i)) for i in range(t.shape[d]))
