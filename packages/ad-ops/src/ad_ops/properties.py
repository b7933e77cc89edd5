"""Questions about a tensor itself: ``is_tensor``, ``is_floating_point``, ``numel``."""

from __future__ import annotations

from typing import TypeGuard

from ad_core import Tensor, TensorLike, lift


def is_tensor(obj: object) -> TypeGuard[Tensor]:
    """Whether ``obj`` is a ``Tensor``, as ``torch.is_tensor``.

    >>> import ad_core, ad_ops as F
    >>> F.is_tensor(ad_core.zeros(2)), F.is_tensor([0.0, 0.0])
    (True, False)
    """
    return isinstance(obj, Tensor)


def is_floating_point(input: TensorLike) -> bool:
    """Whether the dtype is a floating one, as ``torch.is_floating_point``.

    >>> import ad_core, ad_ops as F
    >>> F.is_floating_point(ad_core.zeros(2)), F.is_floating_point(ad_core.tensor([1]))
    (True, False)
    """
    (t,) = lift((input,))
    return t.dtype.kind == "f"


def numel(input: TensorLike) -> int:
    """The number of elements, as ``torch.numel``.

    >>> import ad_core, ad_ops as F
    >>> F.numel(ad_core.zeros(2, 3))
    6
    """
    (t,) = lift((input,))
    return int(t.array.size)
