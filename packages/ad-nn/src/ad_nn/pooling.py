"""Pooling layers: ``MaxPool1d/2d``, ``AvgPool1d/2d``, ``AdaptiveAvgPool1d/2d``."""

from __future__ import annotations

import numpy as np

import ad_ops as F
from ad_core import Tensor, TensorLike, lift
from ad_ops.im2col import expand

from .arguments import check_bool, check_int
from .module import Module

IntOrTuple = int | tuple[int, ...]


def _check_window(
    op: str,
    dims: int,
    kernel_size: IntOrTuple,
    stride: IntOrTuple | None,
    padding: IntOrTuple,
    ceil_mode: bool,
) -> None:
    """Refuse window arguments that no input could take, naming ``op``."""
    expand(op, "kernel_size", kernel_size, dims, 1)
    if stride is not None:
        expand(op, "stride", stride, dims, 1)
    expand(op, "padding", padding, dims, 0)
    check_bool(op, "ceil_mode", ceil_mode)


class _MaxPoolNd(Module):
    _dims = 0

    def __init__(
        self,
        kernel_size: IntOrTuple,
        stride: IntOrTuple | None = None,
        padding: IntOrTuple = 0,
        dilation: IntOrTuple = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        op = type(self).__name__
        _check_window(op, self._dims, kernel_size, stride, padding, ceil_mode)
        expand(op, "dilation", dilation, self._dims, 1)
        if return_indices:
            raise NotImplementedError(f"{op}: return_indices is not supported")
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class MaxPool1d(_MaxPoolNd):
    """Max over sliding windows of (N, C, L) or (C, L) inputs, as ``torch.nn.MaxPool1d``.

    ``stride`` defaults to ``kernel_size``; ``return_indices`` is not supported.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.MaxPool1d(2)(ad_core.tensor([[1.0, 3.0, 2.0, 0.0]]))
    tensor([[3., 2.]])
    """

    _dims = 1

    def forward(self, input: Tensor) -> Tensor:
        return F.max_pool1d(
            input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode
        )


class MaxPool2d(_MaxPoolNd):
    """Max over sliding windows of (N, C, H, W) or (C, H, W) inputs, as ``torch.nn.MaxPool2d``.

    ``stride`` defaults to ``kernel_size``; ``return_indices`` is not supported.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> pool = nn.MaxPool2d(2)
    >>> pool
    MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    >>> pool(ad_core.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """

    _dims = 2

    def forward(self, input: Tensor) -> Tensor:
        return F.max_pool2d(
            input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode
        )


class _AvgPoolNd(Module):
    _dims = 0

    def __init__(
        self,
        kernel_size: IntOrTuple,
        stride: IntOrTuple | None = None,
        padding: IntOrTuple = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
    ) -> None:
        super().__init__()
        op = type(self).__name__
        _check_window(op, self._dims, kernel_size, stride, padding, ceil_mode)
        check_bool(op, "count_include_pad", count_include_pad)
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """Mean over sliding windows of (N, C, L) or (C, L) inputs, as ``torch.nn.AvgPool1d``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.AvgPool1d(2)(ad_core.tensor([[1.0, 3.0, 2.0, 0.0]]))
    tensor([[2., 1.]])
    """

    _dims = 1

    def forward(self, input: Tensor) -> Tensor:
        return F.avg_pool1d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
        )


class AvgPool2d(_AvgPoolNd):
    """Mean over sliding windows of (N, C, H, W) or (C, H, W) inputs, as ``torch.nn.AvgPool2d``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.AvgPool2d(2)(ad_core.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
    """

    _dims = 2

    def __init__(
        self,
        kernel_size: IntOrTuple,
        stride: IntOrTuple | None = None,
        padding: IntOrTuple = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: int | None = None,
    ) -> None:
        super().__init__(kernel_size, stride, padding, ceil_mode, count_include_pad)
        if (
            divisor_override is not None
            and check_int("AvgPool2d", "divisor_override", divisor_override, minimum=-(2**62)) == 0
        ):
            raise ValueError("AvgPool2d: expected a nonzero divisor_override, got 0")
        self.divisor_override = divisor_override

    def forward(self, input: Tensor) -> Tensor:
        return F.avg_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )


def _averaging_matrix(size: int, out: int, dtype: np.dtype[np.floating]) -> Tensor:
    """Row i averages input positions floor(i·size/out) … ceil((i+1)·size/out) − 1,
    PyTorch's adaptive bins."""
    matrix = np.zeros((out, size), dtype=dtype)
    for i in range(out):
        start = (i * size) // out
        end = -((-(i + 1) * size) // out)
        matrix[i, start:end] = 1.0 / (end - start)
    return Tensor._wrap(matrix)


def _output_sizes(
    op: str, output_size: int | tuple[int | None, ...] | None, spatial: tuple[int, ...]
) -> tuple[int, ...]:
    sizes = output_size if isinstance(output_size, tuple) else (output_size,) * len(spatial)
    if len(sizes) != len(spatial):
        raise ValueError(f"{op}: output_size must have {len(spatial)} entries, got {output_size!r}")
    result = tuple(s if o is None else o for o, s in zip(sizes, spatial, strict=True))
    if any(not isinstance(o, int) or isinstance(o, bool) for o in result):
        raise TypeError(f"{op}: expected output_size to hold ints or None, got {output_size!r}")
    if any(o <= 0 for o in result):
        raise ValueError(f"{op}: output_size must hold positive ints, got {output_size!r}")
    return result


def _floating_input(op: str, input: TensorLike, dims: int) -> Tensor:
    (x,) = lift((input,))
    if x.ndim not in (dims + 1, dims + 2):
        raise ValueError(
            f"{op}: expected input of {dims + 1} (unbatched) or {dims + 2} (batched) "
            f"dimensions, got shape {x.shape}"
        )
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating input, got {x.dtype}")
    return x


class AdaptiveAvgPool1d(Module):
    """Average pooling to a fixed output length, as ``torch.nn.AdaptiveAvgPool1d``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.AdaptiveAvgPool1d(2)(ad_core.tensor([[1.0, 2.0, 3.0, 4.0, 5.0]]))
    tensor([[2., 4.]])
    """

    def __init__(self, output_size: int) -> None:
        super().__init__()
        _output_sizes("AdaptiveAvgPool1d", output_size, (1,))
        self.output_size = output_size

    def forward(self, input: TensorLike) -> Tensor:
        input = _floating_input("AdaptiveAvgPool1d", input, 1)
        (out,) = _output_sizes("AdaptiveAvgPool1d", self.output_size, input.shape[-1:])
        # Adaptive averaging is linear: one matrix product per spatial dimension.
        return input @ _averaging_matrix(input.shape[-1], out, input.dtype).T

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed output size (an int, or a pair whose None
    entries keep the input size), as ``torch.nn.AdaptiveAvgPool2d``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.AdaptiveAvgPool2d(1)(ad_core.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[7.5000]]]])
    >>> nn.AdaptiveAvgPool2d((3, None))(ad_core.zeros(2, 3, 7, 5)).shape
    (2, 3, 3, 5)
    """

    def __init__(self, output_size: int | tuple[int | None, int | None] | None) -> None:
        super().__init__()
        _output_sizes("AdaptiveAvgPool2d", output_size, (1, 1))
        self.output_size = output_size

    def forward(self, input: TensorLike) -> Tensor:
        input = _floating_input("AdaptiveAvgPool2d", input, 2)
        h, w = input.shape[-2:]
        oh, ow = _output_sizes("AdaptiveAvgPool2d", self.output_size, (h, w))
        out = input
        if oh != h:
            out = _averaging_matrix(h, oh, input.dtype) @ out
        if ow != w:
            out = out @ _averaging_matrix(w, ow, input.dtype).T
        return out

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"
