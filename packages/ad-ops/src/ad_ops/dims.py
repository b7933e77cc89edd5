"""Rearranging dimensions: ``movedim``, ``unflatten``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ad_core import Tensor, TensorLike, lift, normalize_dim
from ad_core.shape import Permute, Reshape


def _dims(op: str, name: str, value: int | Sequence[int], ndim: int) -> list[int]:
    if not isinstance(value, int | np.integer | Sequence):
        raise TypeError(f"{op}: {name} must be an int or a sequence of ints, got {value!r}")
    values = [value] if isinstance(value, int | np.integer) else list(value)
    dims = [normalize_dim(op, d, ndim) for d in values]
    if len(set(dims)) != len(dims):
        raise ValueError(f"{op}: {name} {value!r} repeats a dimension")
    return dims


def movedim(
    input: TensorLike, source: int | Sequence[int], destination: int | Sequence[int]
) -> Tensor:
    """Move dimensions ``source`` to positions ``destination``, the others keeping
    their order, as ``torch.movedim``.

    >>> import ad_core, ad_ops as F
    >>> F.movedim(ad_core.zeros(2, 3, 4), 0, -1).shape
    (3, 4, 2)
    >>> F.movedim(ad_core.zeros(2, 3, 4), (0, 1), (2, 0)).shape
    (3, 4, 2)
    """
    (t,) = lift((input,))
    src = _dims("movedim", "source", source, t.ndim)
    dst = _dims("movedim", "destination", destination, t.ndim)
    if len(src) != len(dst):
        raise ValueError(
            f"movedim: source {source!r} and destination {destination!r} must have the "
            "same number of dimensions"
        )
    order = [d for d in range(t.ndim) if d not in src]
    for d, s in sorted(zip(dst, src, strict=True)):
        order.insert(d, s)
    return Permute.apply(t, dims=tuple(order))


def unflatten(input: TensorLike, dim: int, sizes: Sequence[int]) -> Tensor:
    """Split dimension ``dim`` into ``sizes`` (one entry may be -1), as
    ``torch.unflatten``.

    >>> import ad_core, ad_ops as F
    >>> F.unflatten(ad_core.zeros(2, 12), 1, (3, -1)).shape
    (2, 3, 4)
    """
    (t,) = lift((input,))
    if t.ndim == 0:
        raise ValueError("unflatten: expected a tensor of at least one dimension, got a 0-d tensor")
    d = normalize_dim("unflatten", dim, t.ndim)
    parts = [int(s) for s in sizes]
    n = t.shape[d]
    known = int(np.prod([s for s in parts if s != -1]))
    if (
        not parts
        or parts.count(-1) > 1
        or any(s < -1 for s in parts)
        or (-1 not in parts and known != n)
        or (-1 in parts and (known == 0 or n % known))
    ):
        raise ValueError(
            f"unflatten: sizes {tuple(sizes)} do not multiply to the size {n} of dim {d}"
        )
    if -1 in parts:
        parts[parts.index(-1)] = n // known
    return Reshape.apply(t, shape=(*t.shape[:d], *parts, *t.shape[d + 1 :]))
