"""Sliding windows over 2-D planes: ``im2col`` gathers every window into columns,
``col2im`` adds columns back into the plane; ``unfold`` and ``fold`` are the
differentiable versions (each is the other's adjoint), as in
``torch.nn.functional``. Convolution and pooling are built on these.

Both directions loop over the ``kh * kw`` kernel taps only: each tap is one
strided copy (or add) of a whole slice, vectorised over batch, channels and
output positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift

IntPair = int | tuple[int, ...]


def expand(op: str, name: str, value: object, n: int, minimum: int) -> tuple[int, ...]:
    """``value`` (an int or a tuple of ``n`` ints, each at least ``minimum``) as a tuple.

    Examples
    --------
    >>> expand("conv2d", "stride", 2, 2, 1)
    (2, 2)
    >>> expand("conv2d", "stride", (1, 3), 2, 1)
    (1, 3)
    """
    if type(value) is int and value >= minimum:
        return (value,) * n
    items: Sequence[Any] = value if isinstance(value, tuple | list) else (value,) * n
    if len(items) != n or not all(
        isinstance(v, int | np.integer) and not isinstance(v, bool) for v in items
    ):
        raise TypeError(f"{op}: expected {name} to be an int or a tuple of {n} ints, got {value!r}")
    if any(v < minimum for v in items):
        raise ValueError(f"{op}: expected every {name} to be at least {minimum}, got {value!r}")
    return tuple(int(v) for v in items)


def check_input_dims(op: str, x: Tensor, dims: int) -> None:
    """Refuse an input of ``op`` (over ``dims`` spatial dimensions) that is not
    ``(N, C, *spatial)`` or ``(C, *spatial)``, saying when the channel axis is missing.

    >>> import ad_core
    >>> check_input_dims("conv2d", ad_core.ones(4, 4), 2)
    Traceback (most recent call last):
    ...
    ValueError: conv2d: expected input of shape (N, C, H, W) or (C, H, W), got shape (4, 4): \
it has no channel dimension; add one with `ad_ops.unsqueeze(input, 0)`
    """
    if x.ndim in (dims + 1, dims + 2):
        return
    spatial = ("L",) if dims == 1 else ("H", "W")
    batched = ", ".join(("N", "C", *spatial))
    unbatched = ", ".join(("C", *spatial))
    message = f"{op}: expected input of shape ({batched}) or ({unbatched}), got shape {x.shape}"
    if x.ndim == dims:
        message += ": it has no channel dimension; add one with `ad_ops.unsqueeze(input, 0)`"
    raise ValueError(message)


@dataclass(frozen=True)
class Window:
    """Where a window of ``kernel`` taps slides over an ``in_size`` plane.

    ``padding`` is ``((top, bottom), (left, right))``; ``out_size`` is the
    number of window positions in each dimension.
    """

    kernel: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    padding: tuple[tuple[int, int], tuple[int, int]]
    in_size: tuple[int, int]
    out_size: tuple[int, int]

    @property
    def padded_size(self) -> tuple[int, int]:
        """The plane's size once padded."""
        (t, b), (l, r) = self.padding
        return (self.in_size[0] + t + b, self.in_size[1] + l + r)

    def taps(self) -> list[tuple[int, int, tuple[slice, slice]]]:
        """For each kernel tap ``(i, j)``, the slice of the padded plane it reads."""
        (oh, ow), (sh, sw), (dh, dw) = self.out_size, self.stride, self.dilation
        return [
            (
                i,
                j,
                (
                    slice(i * dh, i * dh + sh * (oh - 1) + 1, sh),
                    slice(j * dw, j * dw + sw * (ow - 1) + 1, sw),
                ),
            )
            for i in range(self.kernel[0])
            for j in range(self.kernel[1])
        ]


def make_window(
    op: str,
    in_size: tuple[int, int],
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: tuple[tuple[int, int], tuple[int, int]],
    dilation: tuple[int, int],
    ceil_mode: bool = False,
) -> Window:
    """The ``Window`` of this geometry; raises naming ``op`` when no window fits.

    With ``ceil_mode`` a last, partial window is kept when it starts inside
    the input or its leading padding (PyTorch's rule); the extra room it needs
    is added to the trailing padding.

    Examples
    --------
    >>> make_window("conv2d", (5, 5), (3, 3), (2, 2), ((1, 1), (1, 1)), (1, 1)).out_size
    (3, 3)
    """
    out: list[int] = []
    pads: list[tuple[int, int]] = []
    for size, k, s, (before, after), d in zip(
        in_size, kernel, stride, padding, dilation, strict=True
    ):
        span = d * (k - 1) + 1
        room = size + before + after - span
        if room < 0:
            raise ValueError(
                f"{op}: kernel size {kernel} (dilation {dilation}) is larger than the padded "
                f"input of size {tuple(i + sum(p) for i, p in zip(in_size, padding, strict=True))}"
            )
        n = (-(-room // s) if ceil_mode else room // s) + 1
        if ceil_mode and (n - 1) * s >= size + before:
            n -= 1
        pads.append((before, max(after, (n - 1) * s + span - size - before)))
        out.append(n)
    return Window(kernel, stride, dilation, (pads[0], pads[1]), in_size, (out[0], out[1]))


def pad(x: NDArray, window: Window, value: float = 0.0) -> NDArray:
    """``x`` of shape ``(N, C, H, W)`` padded as ``window`` says, with ``value``."""
    (t, b), (l, r) = window.padding
    if not (t or b or l or r):
        return x
    out = np.full(x.shape[:2] + window.padded_size, value, dtype=x.dtype)
    out[:, :, t : t + x.shape[2], l : l + x.shape[3]] = x
    return out


def _tap_view(plane: NDArray, window: Window) -> NDArray:
    """The windows of a padded ``plane`` (N, C, Hp, Wp) as a strided view
    ``(N, C, kh, kw, oh, ow)``, sharing its memory."""
    sn, sc, sh, sw = plane.strides
    (dh, dw), (th, tw) = window.dilation, window.stride
    return np.lib.stride_tricks.as_strided(
        plane,
        plane.shape[:2] + window.kernel + window.out_size,
        (sn, sc, sh * dh, sw * dw, sh * th, sw * tw),
        writeable=False,
    )


def _taps_overlap(window: Window) -> bool:
    """Whether two windows share an element of the plane."""
    return not all(
        k == 1 or out == 1 or s >= d * (k - 1) + 1
        for k, out, s, d in zip(
            window.kernel, window.out_size, window.stride, window.dilation, strict=True
        )
    )


def im2col(x: NDArray, window: Window, value: float = 0.0) -> NDArray:
    """Every window of ``x`` (N, C, H, W), padded with ``value``, as a contiguous
    array of shape ``(N, C, kh, kw, oh, ow)``: one strided copy.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> w = make_window("unfold", (3, 3), (2, 2), (1, 1), ((0, 0), (0, 0)), (1, 1))
    >>> im2col(x, w)[0, 0, :, :, 0, 0]
    array([[0., 1.],
           [3., 4.]])
    """
    return np.ascontiguousarray(_tap_view(pad(x, window, value), window))


def col2im(cols: NDArray, window: Window) -> NDArray:
    """The adjoint of ``im2col``: add each window of ``cols``
    ``(N, C, kh, kw, oh, ow)`` back where it came from; returns ``(N, C, H, W)``.

    One strided copy per kernel tap where windows do not overlap (cheaper
    than adding), else one strided add per tap.

    Examples
    --------
    >>> w = make_window("fold", (3, 3), (2, 2), (1, 1), ((0, 0), (0, 0)), (1, 1))
    >>> col2im(np.ones((1, 1, 2, 2, 2, 2)), w)[0, 0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    out = np.zeros(cols.shape[:2] + window.padded_size, dtype=cols.dtype)
    overlap = _taps_overlap(window)
    for i, j, (rows, columns) in window.taps():
        if overlap:
            out[:, :, rows, columns] += cols[:, :, i, j]
        else:
            out[:, :, rows, columns] = cols[:, :, i, j]
    (t, _), (l, _) = window.padding
    h, w = window.in_size
    return out[:, :, t : t + h, l : l + w]


class Unfold(Function):
    """``(N, C, H, W)`` -> ``(N, C*kh*kw, L)``; backward is ``Fold``."""

    raw_backward = True

    def forward(self, x: NDArray, window: Window) -> NDArray:
        self.window = window
        return im2col(x, window).reshape(x.shape[0], -1, np.prod(window.out_size))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (Fold.apply(grad, window=self.window),)


class Fold(Function):
    """``(N, C*kh*kw, L)`` -> ``(N, C, H, W)``; backward is ``Unfold``."""

    raw_backward = True

    def forward(self, cols: NDArray, window: Window) -> NDArray:
        self.window = window
        n, ck, _ = cols.shape
        k = window.kernel[0] * window.kernel[1]
        return col2im(cols.reshape((n, ck // k, *window.kernel, *window.out_size)), window)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (Unfold.apply(grad, window=self.window),)


def _geometry(
    op: str, kernel_size: IntPair, dilation: IntPair, padding: IntPair, stride: IntPair
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    return (
        expand(op, "kernel_size", kernel_size, 2, 1),
        expand(op, "dilation", dilation, 2, 1),
        expand(op, "padding", padding, 2, 0),
        expand(op, "stride", stride, 2, 1),
    )


def unfold(
    input: TensorLike,
    kernel_size: IntPair,
    dilation: IntPair = 1,
    padding: IntPair = 0,
    stride: IntPair = 1,
) -> Tensor:
    """Extract sliding local blocks (im2col), as ``torch.nn.functional.unfold``.

    Parameters
    ----------
    input : Tensor
        Shape ``(N, C, H, W)``, or ``(C, H, W)`` unbatched.
    kernel_size, dilation, padding, stride : int or tuple of two ints
        The window's geometry; padding is zeros on both sides.

    Returns
    -------
    Tensor
        Shape ``(N, C * kh * kw, L)`` with ``L`` the number of window
        positions; column ``l`` is the ``l``-th window, channel-major.

    Examples
    --------
    >>> import ad_core
    >>> x = ad_core.arange(9.0).reshape(1, 1, 3, 3)
    >>> unfold(x, 2)
    tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
    """
    (x,) = lift((input,))
    if x.ndim not in (3, 4):
        raise ValueError(f"unfold: expected input of 3 or 4 dimensions, got shape {x.shape}")
    kernel, dil, pads, strides = _geometry("unfold", kernel_size, dilation, padding, stride)
    batched = x if x.ndim == 4 else x.reshape(1, *x.shape)
    window = make_window(
        "unfold",
        (batched.shape[2], batched.shape[3]),
        (kernel[0], kernel[1]),
        (strides[0], strides[1]),
        ((pads[0], pads[0]), (pads[1], pads[1])),
        (dil[0], dil[1]),
    )
    out = Unfold.apply(batched, window=window)
    return out if x.ndim == 4 else out.reshape(out.shape[1:])


def fold(
    input: TensorLike,
    output_size: IntPair,
    kernel_size: IntPair,
    dilation: IntPair = 1,
    padding: IntPair = 0,
    stride: IntPair = 1,
) -> Tensor:
    """Sum sliding local blocks back into a plane (col2im), as
    ``torch.nn.functional.fold``; the adjoint of ``unfold``.

    Parameters
    ----------
    input : Tensor
        Shape ``(N, C * kh * kw, L)``, or ``(C * kh * kw, L)`` unbatched.
    output_size : int or tuple of two ints
        The plane's ``(H, W)``.
    kernel_size, dilation, padding, stride : int or tuple of two ints
        The window's geometry, as given to ``unfold``.

    Examples
    --------
    >>> import ad_core
    >>> fold(ad_core.ones(1, 4, 4), 3, 2)
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """
    (x,) = lift((input,))
    if x.ndim not in (2, 3):
        raise ValueError(f"fold: expected input of 2 or 3 dimensions, got shape {x.shape}")
    size = expand("fold", "output_size", output_size, 2, 1)
    kernel, dil, pads, strides = _geometry("fold", kernel_size, dilation, padding, stride)
    window = make_window(
        "fold",
        (size[0], size[1]),
        (kernel[0], kernel[1]),
        (strides[0], strides[1]),
        ((pads[0], pads[0]), (pads[1], pads[1])),
        (dil[0], dil[1]),
    )
    batched = x if x.ndim == 3 else x.reshape(1, *x.shape)
    k = kernel[0] * kernel[1]
    blocks = window.out_size[0] * window.out_size[1]
    if batched.shape[1] % k or batched.shape[2] != blocks:
        raise ValueError(
            f"fold: expected input of shape (N, C * {k}, {blocks}) for kernel {kernel} over "
            f"{size}, got {x.shape}"
        )
    out = Fold.apply(batched, window=window)
    return out if x.ndim == 3 else out.reshape(out.shape[1:])
