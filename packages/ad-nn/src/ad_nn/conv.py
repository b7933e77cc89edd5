"""``Conv1d`` and ``Conv2d``."""

from __future__ import annotations

import math

import numpy as np

import ad_ops as F
from ad_core import DTypeLike, Tensor, get_default_dtype

from . import init
from .module import Module
from .parameter import Parameter

IntOrTuple = int | tuple[int, ...]


def _tuple(op: str, name: str, value: IntOrTuple, n: int) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * n
    if isinstance(value, tuple) and len(value) == n and all(isinstance(v, int) for v in value):
        return value
    raise ValueError(f"{op}: {name} must be an int or a tuple of {n} ints, got {value!r}")


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
        if not isinstance(groups, int) or groups <= 0:
            raise ValueError(f"{op}: groups must be a positive integer, got {groups!r}")
        if in_channels % groups != 0:
            raise ValueError(f"{op}: in_channels ({in_channels}) must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError(f"{op}: out_channels ({out_channels}) must be divisible by groups")
        if padding_mode != "zeros":
            raise ValueError(f"{op}: only padding_mode='zeros' is supported, got {padding_mode!r}")
        if device is not None and device != "cpu":
            raise ValueError(f"{op}: only the 'cpu' device exists, got {device!r}")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _tuple(op, "kernel_size", kernel_size, n)
        self.stride = _tuple(op, "stride", stride, n)
        self.dilation = _tuple(op, "dilation", dilation, n)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"{op}: padding must be 'same', 'valid' or ints, got {padding!r}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{op}: padding='same' is not supported for strided convolutions")
            self.padding: tuple[int, ...] | str = padding
        else:
            self.padding = _tuple(op, "padding", padding, n)
        self.groups = groups
        self.padding_mode = padding_mode
        dt = get_default_dtype() if dtype is None else np.dtype(dtype)
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
