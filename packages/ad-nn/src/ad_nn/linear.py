"""``Linear``: y = x Wᵀ + b."""

from __future__ import annotations

import math

import numpy as np

import ad_ops as F
from ad_core import DTypeLike, Tensor

from . import init
from .arguments import check_bool, check_device, check_int, parameter_dtype
from .module import Module
from .parameter import Parameter


class Linear(Module):
    """Affine map y = x·Wᵀ + b on the last dimension, as ``torch.nn.Linear``.

    ``weight`` has shape (out_features, in_features) and starts from
    kaiming-uniform with a = √5 (bound 1/√in_features); ``bias`` from
    U(−1/√in_features, 1/√in_features).

    Parameters
    ----------
    in_features, out_features:
        Sizes of each input and output sample.
    bias:
        Learn an additive bias (default True).
    device:
        Only ``None`` or ``"cpu"``.
    dtype:
        Dtype of the parameters (default: the default dtype).

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> layer = nn.Linear(3, 4)
    >>> layer
    Linear(in_features=3, out_features=4, bias=True)
    >>> layer.weight.shape, layer(ad_core.ones(2, 3)).shape
    ((4, 3), (2, 4))
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: str | None = None,
        dtype: DTypeLike | None = None,
    ) -> None:
        super().__init__()
        in_features = check_int("Linear", "in_features", in_features)
        out_features = check_int("Linear", "out_features", out_features)
        check_bool("Linear", "bias", bias)
        check_device("Linear", device)
        dt = parameter_dtype("Linear", dtype)
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(np.empty((out_features, in_features), dtype=dt))
        if bias:
            self.bias: Parameter | None = Parameter(np.empty(out_features, dtype=dt))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the initial weights again, as PyTorch does."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0.0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
