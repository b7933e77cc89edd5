"""``Identity``, ``Flatten`` and ``Unflatten``: modules that only reshape."""

from __future__ import annotations

import math
from typing import Any

from ad_core import Tensor, TensorLike, lift, normalize_dim

from .arguments import check_dim
from .module import Module


class Identity(Module):
    """Return the input unchanged; arguments are accepted and ignored.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> x = ad_core.ones(2)
    >>> nn.Identity(54, unused="x")(x) is x
    True
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:
        return input


class Flatten(Module):
    """Flatten dimensions ``start_dim`` … ``end_dim`` into one.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.Flatten()(ad_core.zeros(2, 3, 4, 5)).shape
    (2, 60)
    >>> nn.Flatten(0, 2)(ad_core.zeros(2, 3, 4, 5)).shape
    (24, 5)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = check_dim("Flatten", "start_dim", start_dim)
        self.end_dim = check_dim("Flatten", "end_dim", end_dim)

    def forward(self, input: TensorLike) -> Tensor:
        (input,) = lift((input,))
        shape = input.shape
        if not shape:
            return input.reshape(1)
        start = normalize_dim("Flatten", self.start_dim, len(shape))
        end = normalize_dim("Flatten", self.end_dim, len(shape))
        if start > end:
            raise ValueError(
                f"Flatten: start_dim ({self.start_dim}) cannot come after end_dim "
                f"({self.end_dim}) for input of shape {shape}"
            )
        return input.reshape(*shape[:start], math.prod(shape[start : end + 1]), *shape[end + 1 :])

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Expand dimension ``dim`` into ``unflattened_size``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.Unflatten(1, (2, 5))(ad_core.zeros(3, 10)).shape
    (3, 2, 5)
    """

    def __init__(self, dim: int, unflattened_size: tuple[int, ...] | list[int]) -> None:
        super().__init__()
        if not isinstance(unflattened_size, tuple | list) or not all(
            isinstance(s, int) for s in unflattened_size
        ):
            raise TypeError(
                f"Unflatten: unflattened_size must be a tuple of ints, got {unflattened_size!r}"
            )
        self.dim = check_dim("Unflatten", "dim", dim)
        self.unflattened_size = tuple(unflattened_size)

    def forward(self, input: TensorLike) -> Tensor:
        (input,) = lift((input,))
        shape = input.shape
        dim = normalize_dim("Unflatten", self.dim, len(shape))
        sizes = list(self.unflattened_size)
        if sizes.count(-1) == 1:
            known = math.prod(s for s in sizes if s != -1)
            if known and shape[dim] % known == 0:
                sizes[sizes.index(-1)] = shape[dim] // known
        if math.prod(sizes) != shape[dim]:
            raise ValueError(
                f"Unflatten: unflattened_size {self.unflattened_size} does not match size "
                f"{shape[dim]} of dimension {self.dim} of input of shape {shape}"
            )
        return input.reshape(*shape[:dim], *sizes, *shape[dim + 1 :])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
