"""Arithmetic by name: ``add``, ``sub``, ``mul``, ``div``, ``true_divide``,
``neg``, ``pow``, ``fmod``, ``remainder``, ``lerp``.

``add``, ``sub``, ``mul``, ``div``, ``neg`` and ``pow`` are the operators
of ``Tensor`` (the same ``Function``s of ad-core) with PyTorch's extra
arguments; either operand may be a number.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ad_core import (
    Function,
    NDArray,
    Tensor,
    TensorLike,
    broadcast_shapes,
    get_default_dtype,
    lift,
)
from ad_core.arithmetic import Add, Div, Mul, Neg, Pow, Sub

from .rounding import Stepwise


class AddScaled(Function):
    """``a + alpha * b`` with broadcasting."""

    def forward(self, a: NDArray, b: NDArray, alpha: float) -> NDArray:
        self.alpha = alpha
        try:
            return np.asarray(a + alpha * b)
        except ValueError:
            broadcast_shapes("add", a.shape, b.shape)
            raise

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return grad, (grad * self.alpha if self.needs_input_grad[1] else None)


def add(input: TensorLike, other: TensorLike, *, alpha: float = 1) -> Tensor:
    """``input + alpha * other`` with broadcasting, as ``torch.add``.

    >>> import ad_core, ad_ops as F
    >>> F.add(ad_core.tensor([1.0, 2.0]), ad_core.tensor([10.0, 20.0]), alpha=0.5)
    tensor([ 6., 12.])
    """
    if alpha == 1:
        return Add.apply(input, other)
    return AddScaled.apply(input, other, alpha=alpha)


def sub(input: TensorLike, other: TensorLike, *, alpha: float = 1) -> Tensor:
    """``input - alpha * other`` with broadcasting, as ``torch.sub``.

    >>> import ad_core, ad_ops as F
    >>> F.sub(ad_core.tensor([1.0, 2.0]), 1.0, alpha=2)
    tensor([-1.,  0.])
    """
    if alpha == 1:
        return Sub.apply(input, other)
    return AddScaled.apply(input, other, alpha=-alpha)


def mul(input: TensorLike, other: TensorLike) -> Tensor:
    """``input * other`` with broadcasting, as ``torch.mul``.

    >>> import ad_core, ad_ops as F
    >>> F.mul(ad_core.tensor([1.0, 2.0]), 3.0)
    tensor([3., 6.])
    """
    return Mul.apply(input, other)


def _integer_division(op: str, a: Tensor, b: Tensor) -> bool:
    """Whether both operands are integers (or bools); refuses integer division by zero."""
    if a.dtype.kind not in "iub" or b.dtype.kind not in "iub":
        return False
    if np.any(b.array == 0):
        raise ZeroDivisionError(f"{op}: integer division by zero")
    return True


def _truncated(a: NDArray, b: NDArray) -> NDArray:
    if a.dtype.kind == "f":
        return np.asarray(np.trunc(a / b))
    quotient = np.floor_divide(a, b)
    # Floor and truncation differ by one where the division is inexact and negative.
    return np.asarray(quotient + ((np.remainder(a, b) != 0) & ((a < 0) != (b < 0))))


_ROUNDING: dict[str, Callable[[NDArray, NDArray], NDArray]] = {
    "trunc": _truncated,
    "floor": np.floor_divide,
}


def div(input: TensorLike, other: TensorLike, *, rounding_mode: str | None = None) -> Tensor:
    """``input / other`` with broadcasting, as ``torch.div``.

    ``rounding_mode=None`` is true division: integer operands give the
    default float dtype, as in PyTorch. ``'trunc'`` rounds the quotient
    toward zero and ``'floor'`` down, keeping integer dtypes; their gradient
    is zero, as in PyTorch. Integer division by zero raises.

    >>> import ad_core, ad_ops as F
    >>> F.div(ad_core.tensor([7, -7]), 2)
    tensor([ 3.5000, -3.5000])
    >>> F.div(ad_core.tensor([7, -7]), 2, rounding_mode="trunc")
    tensor([ 3, -3])
    >>> F.div(ad_core.tensor([7.0, -7.0]), 2.0, rounding_mode="floor")
    tensor([ 3., -4.])
    """
    a, b = lift((input, other))
    integers = _integer_division("div", a, b)
    if rounding_mode is None:
        if integers:
            a, b = a.astype(get_default_dtype()), b.astype(get_default_dtype())
        return Div.apply(a, b)
    if rounding_mode not in _ROUNDING:
        raise ValueError(
            f"div: expected rounding_mode None, 'trunc' or 'floor', got {rounding_mode!r}"
        )
    return Stepwise.apply(a, b, fn=_ROUNDING[rounding_mode], op="div")


def true_divide(input: TensorLike, other: TensorLike) -> Tensor:
    """``div(input, other)`` without rounding, as ``torch.true_divide``.

    >>> import ad_core, ad_ops as F
    >>> F.true_divide(ad_core.tensor([1, 2]), 4)
    tensor([0.2500, 0.5000])
    """
    return div(input, other)


def neg(input: TensorLike) -> Tensor:
    """``-input``, as ``torch.neg``.

    >>> import ad_core, ad_ops as F
    >>> F.neg(ad_core.tensor([1.0, -2.0]))
    tensor([-1.,  2.])
    """
    return Neg.apply(input)


def pow(input: TensorLike, exponent: TensorLike) -> Tensor:
    """``input ** exponent`` with broadcasting, as ``torch.pow``; either may be
    a number (not both). Where the base is 0 the exponent's gradient is 0, as
    in PyTorch.

    >>> import ad_core, ad_ops as F
    >>> F.pow(ad_core.tensor([1.0, 2.0, 3.0]), 2), F.pow(2.0, ad_core.tensor([0.0, 3.0]))
    (tensor([1., 4., 9.]), tensor([1., 8.]))
    """
    if not isinstance(input, Tensor | np.ndarray) and not isinstance(exponent, Tensor | np.ndarray):
        raise TypeError("pow: expected input or exponent to be a tensor, got two numbers")
    return Pow.apply(input, exponent)


class Fmod(Function):
    """Remainder of ``a / b`` with the quotient rounded toward zero (``floor``
    when ``floor``), so the sign follows ``a`` (``b``)."""

    def forward(self, a: NDArray, b: NDArray, floor: bool) -> NDArray:
        self.floor = floor
        self.save(a, b)
        try:
            return np.asarray((np.remainder if floor else np.fmod)(a, b))
        except ValueError:
            broadcast_shapes("remainder" if floor else "fmod", a.shape, b.shape)
            raise

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        need_b = self.needs_input_grad[1]
        if not need_b:
            return grad, None
        a, b = (t.array for t in self.saved_tensors)
        quotient = np.floor(a / b) if self.floor else np.trunc(a / b)
        return grad, -grad * Tensor._wrap(quotient)


def fmod(input: TensorLike, other: TensorLike) -> Tensor:
    """Remainder with the sign of ``input`` (C's ``fmod``), as ``torch.fmod``:
    ``input - trunc(input / other) * other``.

    >>> import ad_core, ad_ops as F
    >>> F.fmod(ad_core.tensor([-3.0, 3.0]), 2.0)
    tensor([-1.,  1.])
    """
    a, b = lift((input, other))
    _integer_division("fmod", a, b)
    return Fmod.apply(a, b, floor=False)


def remainder(input: TensorLike, other: TensorLike) -> Tensor:
    """Remainder with the sign of ``other`` (Python's ``%``), as
    ``torch.remainder``: ``input - floor(input / other) * other``.

    >>> import ad_core, ad_ops as F
    >>> F.remainder(ad_core.tensor([-3.0, 3.0]), 2.0)
    tensor([1., 1.])
    """
    a, b = lift((input, other))
    _integer_division("remainder", a, b)
    return Fmod.apply(a, b, floor=True)


class Lerp(Function):
    """``start + weight * (end - start)``."""

    raw_backward = True

    def forward(self, start: NDArray, end: NDArray, weight: NDArray) -> NDArray:
        self.save(start, end, weight)
        try:
            return np.asarray(start + weight * (end - start))
        except ValueError:
            broadcast_shapes("lerp", start.shape, end.shape, weight.shape)
            raise

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        start, end, weight = self.saved_tensors
        need_start, need_end, need_weight = self.needs_input_grad
        return (
            grad * (1 - weight) if need_start else None,
            grad * weight if need_end else None,
            grad * (end - start) if need_weight else None,
        )


def lerp(input: TensorLike, end: TensorLike, weight: TensorLike) -> Tensor:
    """Linear interpolation ``input + weight * (end - input)``, as ``torch.lerp``;
    ``weight`` is a number or a tensor, and all three broadcast.

    >>> import ad_core, ad_ops as F
    >>> F.lerp(ad_core.tensor([0.0, 10.0]), ad_core.tensor([10.0, 20.0]), 0.25)
    tensor([ 2.5000, 12.5000])
    """
    start, stop = lift((input, end))
    if start.dtype.kind != "f" or stop.dtype.kind != "f":
        raise TypeError(
            f"lerp: expected floating tensors, got dtypes {start.dtype} and {stop.dtype}"
        )
    (w,) = lift((weight,)) if isinstance(weight, Tensor | np.ndarray) else lift((start, weight))[1:]
    return Lerp.apply(start, stop, w)
