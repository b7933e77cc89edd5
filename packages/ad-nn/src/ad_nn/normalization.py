"""``LayerNorm`` and ``GroupNorm``."""

from __future__ import annotations

import numpy as np

from ad_core import DTypeLike, Tensor

from .arguments import (
    check_bool,
    check_device,
    check_int,
    check_number,
    expand_shape,
    parameter_dtype,
)
from .functional.normalization import group_norm, layer_norm
from .module import Module
from .parameter import Parameter


class LayerNorm(Module):
    """Normalise over the trailing ``normalized_shape`` dimensions of each sample,
    then scale and shift elementwise, as ``torch.nn.LayerNorm``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> ln = nn.LayerNorm(4)
    >>> ln
    LayerNorm((4,), eps=1e-05, elementwise_affine=True)
    >>> ln(ad_core.tensor([[1.0, 2.0, 3.0, 4.0]])).shape
    (1, 4)
    """

    def __init__(
        self,
        normalized_shape: int | tuple[int, ...] | list[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device: str | None = None,
        dtype: DTypeLike | None = None,
    ) -> None:
        super().__init__()
        self.normalized_shape = expand_shape("LayerNorm", "normalized_shape", normalized_shape)
        self.eps = check_number("LayerNorm", "eps", eps, 0.0)
        self.elementwise_affine = check_bool("LayerNorm", "elementwise_affine", elementwise_affine)
        check_bool("LayerNorm", "bias", bias)
        check_device("LayerNorm", device)
        dt = parameter_dtype("LayerNorm", dtype)
        self.weight: Parameter | None
        self.bias: Parameter | None
        if elementwise_affine:
            self.weight = Parameter(np.ones(self.normalized_shape, dtype=dt))
            if bias:
                self.bias = Parameter(np.zeros(self.normalized_shape, dtype=dt))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
        )


class GroupNorm(Module):
    """Normalise each of ``num_groups`` groups of channels per sample, then scale
    and shift per channel, as ``torch.nn.GroupNorm``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> gn = nn.GroupNorm(2, 4)
    >>> gn
    GroupNorm(2, 4, eps=1e-05, affine=True)
    >>> gn(ad_core.randn(3, 4, 5)).shape
    (3, 4, 5)
    """

    def __init__(
        self,
        num_groups: int,
        num_channels: int,
        eps: float = 1e-5,
        affine: bool = True,
        device: str | None = None,
        dtype: DTypeLike | None = None,
    ) -> None:
        super().__init__()
        num_groups = check_int("GroupNorm", "num_groups", num_groups, 1)
        num_channels = check_int("GroupNorm", "num_channels", num_channels, 1)
        if num_channels % num_groups != 0:
            raise ValueError(
                f"GroupNorm: num_channels ({num_channels}) must be divisible by "
                f"num_groups ({num_groups})"
            )
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = check_number("GroupNorm", "eps", eps, 0.0)
        self.affine = check_bool("GroupNorm", "affine", affine)
        check_device("GroupNorm", device)
        dt = parameter_dtype("GroupNorm", dtype)
        self.weight: Parameter | None
        self.bias: Parameter | None
        if affine:
            self.weight = Parameter(np.ones(num_channels, dtype=dt))
            self.bias = Parameter(np.zeros(num_channels, dtype=dt))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}"
