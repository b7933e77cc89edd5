"""Max and average pooling over 1-D and 2-D windows, built on im2col/col2im.

Max pooling finds which tap of each window won (the first maximum, or a NaN,
as PyTorch does) and sends the whole gradient there. Its backward
(``WindowScatter``) and the forward (``WindowGather``) are linear maps,
each the other's adjoint, so gradients of gradients work. Average pooling
is linear too: ``AvgPool`` and ``AvgPoolAdjoint`` are each other's
backward.
"""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift

from .im2col import (
    IntPair,
    Window,
    check_input_dims,
    col2im,
    expand,
    im2col,
    make_window,
    pad,
)


def _taps(cols: NDArray) -> NDArray:
    """``(N, C, kh, kw, oh, ow)`` as ``(N, C, kh*kw, oh, ow)``."""
    n, c, kh, kw, oh, ow = cols.shape
    return cols.reshape(n, c, kh * kw, oh, ow)


class WindowGather(Function):
    """For each window of ``x``, the tap that ``mask`` (N, C, kh*kw, oh, ow, one
    True per window) picks."""

    raw_backward = True

    def forward(self, x: NDArray, mask: NDArray, window: Window) -> NDArray:
        self.mask, self.window = mask, window
        out: NDArray = (_taps(im2col(x, window)) * mask).sum(axis=2)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (WindowScatter.apply(grad, mask=self.mask, window=self.window),)


class MaxPool(Function):
    """The largest element of each window (padding is ``-inf``); NaN propagates.

    The winning tap of each window (the first maximum, as in PyTorch) is found
    only when backward needs it, from the windows kept by forward.
    """

    raw_backward = True

    def forward(self, x: NDArray, window: Window) -> NDArray:
        self.window = window
        self.cols = _taps(im2col(x, window, -np.inf))
        # Loops over taps, not reductions over the short middle axis: those are slower.
        self.out: NDArray = self.cols[:, :, 0].copy()
        for t in range(1, self.cols.shape[2]):
            np.maximum(self.out, self.cols[:, :, t], out=self.out)
        return self.out

    def winners(self) -> NDArray:
        """A mask (N, C, kh*kw, oh, ow) of the first maximum (or NaN) of each window."""
        mask: NDArray = self.cols == self.out[:, :, None]
        if np.isnan(self.out).any():
            mask |= np.isnan(self.cols)
        taken = mask[:, :, 0].copy()
        for t in range(1, mask.shape[2]):
            mask[:, :, t] &= ~taken
            taken |= mask[:, :, t]
        return mask

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (WindowScatter.apply(grad, mask=self.winners(), window=self.window),)


class WindowScatter(Function):
    """The adjoint of ``WindowGather``: each value of ``g`` (N, C, oh, ow) added
    at the tap of its window that ``mask`` picks."""

    raw_backward = True

    def forward(self, g: NDArray, mask: NDArray, window: Window) -> NDArray:
        self.mask, self.window = mask, window
        cols = mask * g[:, :, None]
        return col2im(cols.reshape(g.shape[:2] + window.kernel + g.shape[2:]), window)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (WindowGather.apply(grad, mask=self.mask, window=self.window),)


class AvgPool(Function):
    """The sum of each window divided by ``divisor`` (a number or an ``(oh, ow)`` array)."""

    raw_backward = True

    def forward(self, x: NDArray, window: Window, divisor: NDArray) -> NDArray:
        self.window, self.divisor = window, divisor
        padded = pad(x, window)
        taps = window.taps()
        out = padded[(slice(None), slice(None), *taps[0][2])].copy()
        for _, _, (rows, columns) in taps[1:]:
            out += padded[:, :, rows, columns]
        out /= divisor
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (AvgPoolAdjoint.apply(grad, window=self.window, divisor=self.divisor),)


class AvgPoolAdjoint(Function):
    """The adjoint of ``AvgPool``: ``g / divisor`` spread over each window."""

    raw_backward = True

    def forward(self, g: NDArray, window: Window, divisor: NDArray) -> NDArray:
        self.window, self.divisor = window, divisor
        scaled = (g / divisor).astype(g.dtype, copy=False)
        cols = np.broadcast_to(
            scaled[:, :, None, None], (*g.shape[:2], *window.kernel, *g.shape[2:])
        )
        return col2im(cols, window)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (AvgPool.apply(grad, window=self.window, divisor=self.divisor),)


def _window(
    op: str,
    dims: int,
    x: Tensor,
    kernel_size: IntPair,
    stride: IntPair | None,
    padding: IntPair,
    dilation: IntPair,
    ceil_mode: bool,
    max_padding: str,
) -> tuple[Tensor, Window]:
    """Check the arguments and return ``x`` as ``(N, C, H, W)`` with its window."""
    check_input_dims(op, x, dims)
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating input, got {x.dtype}")
    kernel = expand(op, "kernel_size", kernel_size, dims, 1)
    no_stride = stride is None or (isinstance(stride, tuple | list) and len(stride) == 0)
    strides = kernel if no_stride else expand(op, "stride", stride, dims, 1)
    pads = expand(op, "padding", padding, dims, 0)
    dilations = expand(op, "dilation", dilation, dims, 1)
    spans = [d * (k - 1) + 1 for k, d in zip(kernel, dilations, strict=True)]
    limits = spans if max_padding == "span" else list(kernel)
    if any(2 * p > limit for p, limit in zip(pads, limits, strict=True)):
        raise ValueError(
            f"{op}: padding should be at most half of the effective kernel size, got "
            f"padding={padding}, kernel_size={kernel_size}, dilation={dilation}"
        )
    if dims == 1:
        kernel, strides, pads, dilations = (1, *kernel), (1, *strides), (0, *pads), (1, *dilations)
        x = x.reshape(*x.shape[:-1], 1, x.shape[-1])
    if x.ndim == 3:
        x = x.reshape(1, *x.shape)
    window = make_window(
        op,
        (x.shape[2], x.shape[3]),
        (kernel[0], kernel[1]),
        (strides[0], strides[1]),
        ((pads[0], pads[0]), (pads[1], pads[1])),
        (dilations[0], dilations[1]),
        ceil_mode,
    )
    return x, window


def _restore(out: Tensor, dims: int, ndim: int) -> Tensor:
    """Undo ``_window``'s reshapes on the output."""
    shape = out.shape[4 - ndim :] if dims == 2 else (*out.shape[3 - ndim : 2], out.shape[3])
    return out if out.shape == shape else out.reshape(shape)


def _max_pool(
    op: str,
    dims: int,
    input: TensorLike,
    kernel_size: IntPair,
    stride: IntPair | None,
    padding: IntPair,
    dilation: IntPair,
    ceil_mode: bool,
    return_indices: bool,
) -> Tensor:
    if return_indices:
        raise NotImplementedError(f"{op}: return_indices=True is not supported")
    (x,) = lift((input,))
    x4, window = _window(op, dims, x, kernel_size, stride, padding, dilation, ceil_mode, "span")
    return _restore(MaxPool.apply(x4, window=window), dims, x.ndim)


def _counts(
    size: int, before: int, out: int, kernel: int, stride: int, lo: int, hi: int
) -> NDArray:
    """How many taps of each of ``out`` windows fall in ``[lo, hi)`` along one dimension."""
    start = np.arange(out) * stride - before
    counts: NDArray = np.clip(np.minimum(start + kernel, hi) - np.maximum(start, lo), 0, None)
    return counts


def _avg_pool(
    op: str,
    dims: int,
    input: TensorLike,
    kernel_size: IntPair,
    stride: IntPair | None,
    padding: IntPair,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: int | None,
) -> Tensor:
    (x,) = lift((input,))
    x4, window = _window(op, dims, x, kernel_size, stride, padding, 1, ceil_mode, "kernel")
    divisor: NDArray
    if divisor_override is not None:
        if not isinstance(divisor_override, int | np.integer) or isinstance(divisor_override, bool):
            raise TypeError(
                f"{op}: expected divisor_override to be an int, got {divisor_override!r}"
            )
        if divisor_override == 0:
            raise ValueError(f"{op}: expected a nonzero divisor_override, got 0")
        divisor = np.asarray(divisor_override, dtype=x.dtype)
    else:
        per_dim = []
        for size, (before, _), out, k, s in zip(
            window.in_size,
            window.padding,
            window.out_size,
            window.kernel,
            window.stride,
            strict=True,
        ):
            lo, hi = (-before, size + before) if count_include_pad else (0, size)
            per_dim.append(_counts(size, before, out, k, s, lo, hi))
        divisor = (per_dim[0][:, None] * per_dim[1][None, :]).astype(x.dtype)
    return _restore(AvgPool.apply(x4, window=window, divisor=divisor), dims, x.ndim)


def max_pool2d(
    input: TensorLike,
    kernel_size: IntPair,
    stride: IntPair | None = None,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor:
    """2-D max pooling, as ``torch.nn.functional.max_pool2d``.

    The gradient of each window goes to one element: its first maximum.
    ``return_indices=True`` is not supported (raises NotImplementedError).

    Parameters
    ----------
    input : Tensor
        Shape ``(N, C, H, W)``, or ``(C, H, W)`` unbatched.
    kernel_size : int or tuple of two ints
    stride : int or tuple of two ints, optional
        Defaults to ``kernel_size``.
    padding : int or tuple of two ints
        Implicit ``-inf`` on both sides; at most half the effective kernel.
    dilation : int or tuple of two ints
    ceil_mode : bool
        Round the output size up, keeping a last partial window.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.arange(16.0).reshape(1, 1, 4, 4)
    >>> max_pool2d(x, 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    return _max_pool(
        "max_pool2d", 2, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def max_pool1d(
    input: TensorLike,
    kernel_size: IntPair,
    stride: IntPair | None = None,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor:
    """1-D max pooling of ``(N, C, L)`` or ``(C, L)``, as
    ``torch.nn.functional.max_pool1d``; arguments as for ``max_pool2d``.

    Examples
    --------
    >>> import ad_core
    >>> max_pool1d(ad_core.tensor([[1.0, 3.0, 2.0, 0.0, 5.0]]), 2, ceil_mode=True)
    tensor([[3., 2., 5.]])
    """
    return _max_pool(
        "max_pool1d", 1, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def avg_pool2d(
    input: TensorLike,
    kernel_size: IntPair,
    stride: IntPair | None = None,
    padding: IntPair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """2-D average pooling, as ``torch.nn.functional.avg_pool2d``.

    Parameters
    ----------
    input : Tensor
        Shape ``(N, C, H, W)``, or ``(C, H, W)`` unbatched.
    kernel_size : int or tuple of two ints
    stride : int or tuple of two ints, optional
        Defaults to ``kernel_size``.
    padding : int or tuple of two ints
        Zeros on both sides; at most half the kernel.
    ceil_mode : bool
        Round the output size up, keeping a last partial window.
    count_include_pad : bool
        Count the zero padding in each window's divisor (PyTorch's default).
    divisor_override : int, optional
        Divide every window's sum by this instead.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.arange(16.0).reshape(1, 1, 4, 4)
    >>> avg_pool2d(x, 2)
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
    """
    return _avg_pool(
        "avg_pool2d",
        2,
        input,
        kernel_size,
        stride,
        padding,
        ceil_mode,
        count_include_pad,
        divisor_override,
    )


def avg_pool1d(
    input: TensorLike,
    kernel_size: IntPair,
    stride: IntPair | None = None,
    padding: IntPair = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Tensor:
    """1-D average pooling of ``(N, C, L)`` or ``(C, L)``, as
    ``torch.nn.functional.avg_pool1d``; arguments as for ``avg_pool2d``.

    Examples
    --------
    >>> import ad_core
    >>> avg_pool1d(ad_core.tensor([[1.0, 3.0, 2.0]]), 2, padding=1)
    tensor([[0.5000, 2.5000]])
    """
    return _avg_pool(
        "avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode, count_include_pad, None
    )
