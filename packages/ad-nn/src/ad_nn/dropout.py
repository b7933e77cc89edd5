"""``Dropout``, ``Dropout1d`` and ``Dropout2d``: active in training mode only."""

from __future__ import annotations

import ad_ops as F
from ad_core import Tensor

from .arguments import check_bool, check_number
from .module import Module


class _DropoutNd(Module):
    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        check_number(type(self).__name__, "p", p, 0.0, 1.0)
        self.p = p
        self.inplace = check_bool(type(self).__name__, "inplace", inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Zero each element with probability ``p`` in training mode and scale the
    rest by 1/(1 − p); the identity in evaluation mode. The mask comes from
    ``ad_core.default_generator()``, so ``manual_seed`` makes it reproducible.
    ``inplace`` is accepted and ignored.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> drop = nn.Dropout(0.5)
    >>> y = drop(ad_core.ones(1000))
    >>> sorted(set(y.array.tolist()))
    [0.0, 2.0]
    >>> drop.eval()(ad_core.ones(2))
    tensor([1., 1.])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout(input, self.p, self.training)


class Dropout1d(_DropoutNd):
    """Zero whole channels of (N, C, L) or (C, L) inputs with probability ``p``
    in training mode, scaling the rest by 1/(1 − p).

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> y = nn.Dropout1d(0.5)(ad_core.ones(2, 8, 3)).array
    >>> bool(((y == y[:, :, :1]).all()))
    True
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout1d(input, self.p, self.training)


class Dropout2d(_DropoutNd):
    """Zero whole channels of (N, C, H, W) or (C, H, W) inputs with probability
    ``p`` in training mode, scaling the rest by 1/(1 − p).

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> y = nn.Dropout2d(0.5)(ad_core.ones(2, 8, 3, 3)).array
    >>> bool(((y == y[:, :, :1, :1]).all()))
    True
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout2d(input, self.p, self.training)
