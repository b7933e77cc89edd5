"""``conv1d`` and ``conv2d`` by im2col and one batched matmul per call.

Three primitives share the work, and each one's backward is written with
the other two, so gradients of gradients work to any order:

- ``Conv``: ``(x, w) -> y``, the convolution itself;
- ``ConvInputGrad``: ``(gy, w) -> gx``, a transposed convolution (col2im);
- ``ConvWeightGrad``: ``(x, gy) -> gw``, a correlation of input and gradient.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift

from .im2col import IntPair, Window, check_input_dims, col2im, expand, im2col, make_window
from .linalg import input_like_weight


def _weight_matrix(w: NDArray, groups: int) -> NDArray:
    """``(O, C/g, kh, kw)`` as ``(g, O/g, C/g*kh*kw)``."""
    return w.reshape(groups, w.shape[0] // groups, -1)


def _columns(x: NDArray, window: Window, groups: int) -> NDArray:
    """The windows of ``x`` as ``(N, g, C/g*kh*kw, L)``."""
    return im2col(x, window).reshape(
        x.shape[0], groups, -1, window.out_size[0] * window.out_size[1]
    )


class Conv(Function):
    """Cross-correlation of ``x`` (N, C, H, W) with ``w`` (O, C/g, kh, kw), plus an
    optional bias (O,)."""

    def forward(
        self, x: NDArray, w: NDArray, *bias: NDArray, window: Window, groups: int
    ) -> NDArray:
        self.window, self.groups = window, groups
        self.save(x, w)
        # Kept for the weight gradient, so that backward does not gather them again.
        self.cols = _columns(x, window, groups)
        out: NDArray = np.matmul(_weight_matrix(w, groups), self.cols)
        out = out.reshape((x.shape[0], w.shape[0], *window.out_size))
        if bias:
            out += bias[0].reshape(-1, 1, 1)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        x, w = self.saved_tensors
        params = {"window": self.window, "groups": self.groups}
        gx = ConvInputGrad.apply(grad, w, **params) if self.needs_input_grad[0] else None
        gw = None
        if self.needs_input_grad[1]:
            gw = ConvWeightGrad.apply(x, grad, kernel_shape=w.shape, cols=self.cols, **params)
        if len(self.needs_input_grad) == 2:
            return gx, gw
        gb = grad.sum((0, 2, 3)) if self.needs_input_grad[2] else None
        return gx, gw, gb


class ConvInputGrad(Function):
    """The gradient of ``Conv`` with respect to its input: ``gy`` (N, O, oh, ow)
    through ``w`` back to the input plane, linear in each of ``gy`` and ``w``."""

    raw_backward = True

    def forward(self, gy: NDArray, w: NDArray, window: Window, groups: int) -> NDArray:
        self.window, self.groups = window, groups
        self.save(gy, w)
        n, o = gy.shape[:2]
        gy_groups = gy.reshape(n, groups, o // groups, -1)
        cols = np.matmul(_weight_matrix(w, groups).transpose(0, 2, 1), gy_groups)
        return col2im(cols.reshape((n, -1, *window.kernel, *window.out_size)), window)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        gy, w = self.saved_tensors
        params = {"window": self.window, "groups": self.groups}
        ggy = Conv.apply(grad, w, **params) if self.needs_input_grad[0] else None
        gw = None
        if self.needs_input_grad[1]:
            gw = ConvWeightGrad.apply(grad, gy, kernel_shape=w.shape, cols=None, **params)
        return ggy, gw


class ConvWeightGrad(Function):
    """The gradient of ``Conv`` with respect to its weight: the windows of ``x``
    against ``gy``, summed over the batch; linear in each of ``x`` and ``gy``."""

    raw_backward = True

    def forward(
        self,
        x: NDArray,
        gy: NDArray,
        window: Window,
        groups: int,
        kernel_shape: Sequence[int],
        cols: NDArray | None,
    ) -> NDArray:
        self.window, self.groups = window, groups
        self.save(x, gy)
        if cols is None:
            cols = _columns(x, window, groups)
        n, o = gy.shape[:2]
        gy_groups = gy.reshape(n, groups, o // groups, -1)
        gw: NDArray = np.matmul(gy_groups, cols.transpose(0, 1, 3, 2)).sum(0)
        return gw.reshape(kernel_shape)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        x, gy = self.saved_tensors
        params = {"window": self.window, "groups": self.groups}
        gx = ConvInputGrad.apply(gy, grad, **params) if self.needs_input_grad[0] else None
        ggy = Conv.apply(x, grad, **params) if self.needs_input_grad[1] else None
        return gx, ggy


def _padding(
    op: str,
    padding: IntPair | str,
    kernel: tuple[int, ...],
    dilation: tuple[int, ...],
    stride: tuple[int, ...],
) -> list[tuple[int, int]]:
    """``(before, after)`` per spatial dimension; ``"same"`` puts the odd one after."""
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0)] * len(kernel)
        if padding != "same":
            raise ValueError(f"{op}: padding must be 'valid', 'same' or ints, got {padding!r}")
        if any(s != 1 for s in stride):
            raise ValueError(f"{op}: padding='same' is not supported for strided convolutions")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
        return [(t // 2, t - t // 2) for t in totals]
    return [(p, p) for p in expand(op, "padding", padding, len(kernel), 0)]


def _conv(
    op: str,
    dims: int,
    input: TensorLike,
    weight: TensorLike,
    bias: TensorLike | None,
    stride: IntPair,
    padding: IntPair | str,
    dilation: IntPair,
    groups: int,
) -> Tensor:
    x, w, *b = lift((input, weight) if bias is None else (input, weight, bias))
    check_input_dims(op, x, dims)
    if w.ndim != dims + 2:
        raise ValueError(f"{op}: expected weight of {dims + 2} dimensions, got shape {w.shape}")
    if 0 in w.shape[2:]:
        raise ValueError(
            f"{op}: expected a kernel of positive sizes, got weight of shape {w.shape}"
        )
    x = input_like_weight(op, input, x, w, *b)
    if not isinstance(groups, int | np.integer) or isinstance(groups, bool) or groups < 1:
        raise ValueError(f"{op}: expected groups to be a positive int, got {groups!r}")
    channels, out_channels = x.shape[-dims - 1], w.shape[0]
    if channels % groups or out_channels % groups:
        raise ValueError(
            f"{op}: in_channels ({channels}) and out_channels ({out_channels}) must both be "
            f"divisible by groups ({groups})"
        )
    if w.shape[1] * groups != channels:
        raise ValueError(
            f"{op}: weight of shape {w.shape} with groups={groups} expects input with "
            f"{w.shape[1] * groups} channels, got input of shape {x.shape}"
        )
    if b and b[0].shape != (out_channels,):
        raise ValueError(f"{op}: expected bias of shape ({out_channels},), got {b[0].shape}")
    kernel = tuple(w.shape[2:])
    strides = expand(op, "stride", stride, dims, 1)
    dilations = expand(op, "dilation", dilation, dims, 1)
    pads = _padding(op, padding, kernel, dilations, strides)
    if dims == 1:
        kernel, strides, dilations, pads = (
            (1, *kernel),
            (1, *strides),
            (1, *dilations),
            [(0, 0), *pads],
        )
        w = w.reshape(w.shape[0], w.shape[1], 1, w.shape[2])
    batched = x.ndim == dims + 2
    x4 = x.reshape(*x.shape[:-1], 1, x.shape[-1]) if dims == 1 else x
    if not batched:
        x4 = x4.reshape(1, *x4.shape)
    window = make_window(
        op,
        (x4.shape[2], x4.shape[3]),
        (kernel[0], kernel[1]),
        (strides[0], strides[1]),
        (pads[0], pads[1]),
        (dilations[0], dilations[1]),
    )
    out = Conv.apply(x4, w, *b, window=window, groups=int(groups))
    if dims == 1:
        out = out.reshape(out.shape[0], out.shape[1], out.shape[3])
    return out if batched else out.reshape(out.shape[1:])


def conv2d(
    input: TensorLike,
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: IntPair = 1,
    padding: IntPair | str = 0,
    dilation: IntPair = 1,
    groups: int = 1,
) -> Tensor:
    """2-D convolution (cross-correlation), as ``torch.nn.functional.conv2d``.

    Parameters
    ----------
    input : Tensor
        Shape ``(N, C_in, H, W)``, or ``(C_in, H, W)`` unbatched.
    weight : Tensor
        Shape ``(C_out, C_in / groups, kh, kw)``.
    bias : Tensor, optional
        Shape ``(C_out,)``.
    stride, dilation : int or tuple of two ints
    padding : int, tuple of two ints, ``"valid"`` or ``"same"``
        Zeros added on both sides; ``"same"`` (stride 1 only) keeps the
        size, putting the odd element of padding after, as PyTorch does.
    groups : int
        Split input and output channels into this many independent groups.

    Returns
    -------
    Tensor
        Shape ``(N, C_out, H_out, W_out)`` with
        ``H_out = (H + 2 * padding - dilation * (kh - 1) - 1) // stride + 1``.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.arange(16.0).reshape(1, 1, 4, 4)
    >>> w = ad_core.ones(1, 1, 2, 2)
    >>> conv2d(x, w, stride=2)
    tensor([[[[10., 18.],
              [42., 50.]]]])
    """
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv1d(
    input: TensorLike,
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: IntPair = 1,
    padding: IntPair | str = 0,
    dilation: IntPair = 1,
    groups: int = 1,
) -> Tensor:
    """1-D convolution (cross-correlation), as ``torch.nn.functional.conv1d``.

    Parameters
    ----------
    input : Tensor
        Shape ``(N, C_in, L)``, or ``(C_in, L)`` unbatched.
    weight : Tensor
        Shape ``(C_out, C_in / groups, k)``.
    bias : Tensor, optional
        Shape ``(C_out,)``.
    stride, padding, dilation, groups
        As for ``conv2d``, with one spatial dimension.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.tensor([[[1.0, 2.0, 3.0, 4.0]]])
    >>> conv1d(x, ad_core.tensor([[[1.0, -1.0]]]), padding=1)
    tensor([[[-1., -1., -1., -1.,  4.]]])
    """
    return _conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)
