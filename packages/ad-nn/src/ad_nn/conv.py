"""``Conv1d`` and ``Conv2d``."""

from __future__ import annotations

import math

import numpy as np

import ad_ops as F
from ad_core import DTypeLike, Tensor
from ad_ops.im2col import expand

from . import init
from .arguments import check_bool, check_device, check_int, parameter_dtype
from .module import Module
from .parameter import Parameter

IntOrTuple = int | tuple[int, ...]


class _ConvNd(Module):
    _dims = 0

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: IntOrTuple,
        stride: IntOrTuple = 1,
        padding: IntOrTuple | str = 0,
        dilation: IntOrTuple = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: str | None = None,
        dtype: DTypeLike | None = None,
    ) -> None:
        super().__init__()
        op = type(self).__name__
        n = self._dims
        in_channels = check_int(op, "in_channels", in_channels, 1)
        out_channels = check_int(op, "out_channels", out_channels, 1)
        groups = check_int(op, "groups", groups, 1)
        if in_channels % groups != 0:
            raise ValueError(f"{op}: in_channels ({in_channels}) must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError(f"{op}: out_channels ({out_channels}) must be divisible by groups")
        check_bool(op, "bias", bias)
        if padding_mode != "zeros":
            raise ValueError(f"{op}: only padding_mode='zeros' is supported, got {padding_mode!r}")
        check_device(op, device)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = expand(op, "kernel_size", kernel_size, n, 1)
        self.stride = expand(op, "stride", stride, n, 1)
        self.dilation = expand(op, "dilation", dilation, n, 1)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"{op}: padding must be 'same', 'valid' or ints, got {padding!r}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{op}: padding='same' is not supported for strided convolutions")
            self.padding: tuple[int, ...] | str = padding
        else:
            self.padding = expand(op, "padding", padding, n, 0)
        self.groups = groups
        self.padding_mode = padding_mode
        dt = parameter_dtype(op, dtype)
        shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(np.empty(shape, dtype=dt))
        if bias:
            self.bias: Parameter | None = Parameter(np.empty(out_channels, dtype=dt))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the initial weights again, as PyTorch does (kaiming-uniform, a = √5)."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1] * math.prod(self.kernel_size)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
            init.uniform_(self.bias, -bound, bound)

    def extra_repr(self) -> str:
        n = self._dims
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0,) * n:
            text += f", padding={self.padding!r}"
        if self.dilation != (1,) * n:
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text


class Conv1d(_ConvNd):
    """1-D convolution over (N, C_in, L) or (C_in, L) inputs, as ``torch.nn.Conv1d``.

    ``weight`` has shape (out_channels, in_channels / groups, kernel_size);
    weight and bias start as in PyTorch (bound 1/√fan_in). Only
    ``padding_mode="zeros"`` is supported.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> conv = nn.Conv1d(2, 4, 3, padding=1)
    >>> conv
    Conv1d(2, 4, kernel_size=(3,), stride=(1,), padding=(1,))
    >>> conv(ad_core.ones(5, 2, 10)).shape
    (5, 4, 10)
    """

    _dims = 1

    def forward(self, input: Tensor) -> Tensor:
        return F.conv1d(
            input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
        )


class Conv2d(_ConvNd):
    """2-D convolution over (N, C_in, H, W) or (C_in, H, W) inputs, as ``torch.nn.Conv2d``.

    ``weight`` has shape (out_channels, in_channels / groups, kh, kw);
    weight and bias start as in PyTorch (bound 1/√fan_in). Only
    ``padding_mode="zeros"`` is supported.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> conv = nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1, bias=False)
    >>> conv
    Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    >>> conv(ad_core.ones(1, 3, 8, 8)).shape
    (1, 8, 4, 4)
    """

    _dims = 2

    def forward(self, input: Tensor) -> Tensor:
        return F.conv2d(
            input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
        )
