"""Named results ``(values, indices)``, as ``torch.return_types``.

``ad_ops.sort(x)`` returns a ``return_types.sort``: a tuple that unpacks as
``values, indices = ...`` and also has the fields by name, as in PyTorch.
"""

from __future__ import annotations

from typing import NamedTuple

from ad_core import Tensor


class ValuesIndices(NamedTuple):
    """The values chosen by an operation and their int64 indices in the input.

    >>> import ad_core, ad_ops as F
    >>> F.max(ad_core.tensor([[1.0, 3.0]]), dim=1)
    ad_ops.return_types.max(
    values=tensor([3.]),
    indices=tensor([1]))
    """

    values: Tensor
    indices: Tensor

    def __repr__(self) -> str:
        return (
            f"ad_ops.return_types.{type(self).__name__}(\n"
            f"values={self.values!r},\nindices={self.indices!r})"
        )


# Lower-case class names mirror ``torch.return_types.max`` and friends.
class max(ValuesIndices):
    """The result of ``ad_ops.max(input, dim)``."""

    __slots__ = ()


class min(ValuesIndices):
    """The result of ``ad_ops.min(input, dim)``."""

    __slots__ = ()


class sort(ValuesIndices):
    """The result of ``ad_ops.sort``."""

    __slots__ = ()


class topk(ValuesIndices):
    """The result of ``ad_ops.topk``."""

    __slots__ = ()
