"""Activation functions as modules, each calling its ``ad_ops`` primitive.

``inplace=True`` is accepted for compatibility with PyTorch code and
ignored: every activation returns a new tensor.
"""

from __future__ import annotations

import ad_ops as F
from ad_core import Tensor

from .arguments import check_bool, check_dim, check_number
from .module import Module


class ReLU(Module):
    """max(0, x) elementwise.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.ReLU()(ad_core.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = check_bool(type(self).__name__, "inplace", inplace)

    def forward(self, input: Tensor) -> Tensor:
        return F.relu(input)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """x for x ≥ 0, ``negative_slope``·x otherwise.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.LeakyReLU(0.1)(ad_core.tensor([-1.0, 2.0]))
    tensor([-0.1000,  2.0000])
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = check_number("LeakyReLU", "negative_slope", negative_slope)
        self.inplace = check_bool("LeakyReLU", "inplace", inplace)

    def forward(self, input: Tensor) -> Tensor:
        return F.leaky_relu(input, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """x for x > 0, ``alpha``·(exp(x) − 1) otherwise.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.ELU()(ad_core.tensor([0.0, 2.0]))
    tensor([0., 2.])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = check_number("ELU", "alpha", alpha)
        self.inplace = check_bool("ELU", "inplace", inplace)

    def forward(self, input: Tensor) -> Tensor:
        return F.elu(input, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(Module):
    """x·Φ(x); ``approximate="tanh"`` uses the tanh approximation.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.GELU()(ad_core.tensor([0.0]))
    tensor([0.])
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """x·sigmoid(x) (swish).

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.SiLU()(ad_core.tensor([0.0]))
    tensor([0.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = check_bool(type(self).__name__, "inplace", inplace)

    def forward(self, input: Tensor) -> Tensor:
        return F.silu(input)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class Sigmoid(Module):
    """1 / (1 + exp(−x)).

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.Sigmoid()(ad_core.tensor([0.0]))
    tensor([0.5000])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.sigmoid(input)


class Tanh(Module):
    """Hyperbolic tangent.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.Tanh()(ad_core.tensor([0.0]))
    tensor([0.])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.tanh(input)


class Softplus(Module):
    """log(1 + exp(β·x)) / β, linear above ``threshold``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.Softplus()(ad_core.tensor([0.0, 30.0]))
    tensor([ 0.6931, 30.0000])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = check_number("Softplus", "beta", beta)
        self.threshold = check_number("Softplus", "threshold", threshold)

    def forward(self, input: Tensor) -> Tensor:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


def _softmax_dim(dim: int | None, ndim: int) -> int:
    # PyTorch's legacy choice when no dim is given.
    if dim is not None:
        return dim
    return 0 if ndim in (0, 1, 3) else 1


class Softmax(Module):
    """exp(x) / Σ exp(x) along ``dim``.

    Without ``dim`` the dimension is chosen as PyTorch's legacy rule does
    (0 for 0-, 1- and 3-D inputs, else 1), without PyTorch's warning.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.Softmax(dim=-1)(ad_core.tensor([[0.0, 0.0]]))
    tensor([[0.5000, 0.5000]])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim if dim is None else check_dim(type(self).__name__, "dim", dim)

    def forward(self, input: Tensor) -> Tensor:
        return F.softmax(input, _softmax_dim(self.dim, input.ndim))

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """log(softmax(x)) along ``dim``, computed stably.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.LogSoftmax(dim=1)(ad_core.tensor([[0.0, 0.0]]))
    tensor([[-0.6931, -0.6931]])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim if dim is None else check_dim(type(self).__name__, "dim", dim)

    def forward(self, input: Tensor) -> Tensor:
        return F.log_softmax(input, _softmax_dim(self.dim, input.ndim))

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
