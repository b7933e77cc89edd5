"""Elementwise selection: ``where``, ``clamp`` (``clip``), ``maximum``, ``minimum``.

Each output element is one of the input elements (or a bound); the gradient
goes to the input that was chosen.
"""

from __future__ import annotations

from typing import overload

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift

from .logical import nonzero


def _const(array: NDArray) -> Tensor:
    return Tensor._wrap(array)


def _mismatch(op: str, *shapes: tuple[int, ...]) -> str:
    listed = " and ".join(str(s) for s in shapes)
    return f"{op}: shapes {listed} cannot be broadcast"


class Clamp(Function):
    """``a`` limited to ``[lo, hi]``; the gradient passes where ``lo <= a <= hi``."""

    raw_backward = True

    def forward(self, a: NDArray, lo: float | None, hi: float | None) -> NDArray:
        self.mask = np.ones(a.shape, dtype=a.dtype)
        if lo is not None:
            self.mask[a < lo] = 0
        if hi is not None:
            self.mask[a > hi] = 0
        return np.asarray(np.clip(a, lo, hi))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad * _const(self.mask),)


class Maximum(Function):
    """Elementwise ``max(a, b)``; at ties each side gets half the gradient, as in PyTorch."""

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        try:
            out = np.maximum(a, b)
        except ValueError:
            raise ValueError(_mismatch("maximum", a.shape, b.shape)) from None
        self.share = ((a > b) + 0.5 * (a == b)).astype(out.dtype)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        share = _const(self.share)
        need_a, need_b = self.needs_input_grad
        return (grad * share if need_a else None), (grad * (1 - share) if need_b else None)


class Minimum(Function):
    """Elementwise ``min(a, b)``; at ties each side gets half the gradient, as in PyTorch."""

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        try:
            out = np.minimum(a, b)
        except ValueError:
            raise ValueError(_mismatch("minimum", a.shape, b.shape)) from None
        self.share = ((a < b) + 0.5 * (a == b)).astype(out.dtype)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        share = _const(self.share)
        need_a, need_b = self.needs_input_grad
        return (grad * share if need_a else None), (grad * (1 - share) if need_b else None)


class Where(Function):
    """``a`` where ``condition`` holds, else ``b`` (all three broadcast)."""

    def forward(self, a: NDArray, b: NDArray, condition: NDArray) -> NDArray:
        self.condition = condition
        try:
            return np.asarray(np.where(condition, a, b))
        except ValueError:
            raise ValueError(_mismatch("where", condition.shape, a.shape, b.shape)) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        need_a, need_b = self.needs_input_grad
        zero = _const(np.zeros((), dtype=grad.dtype))
        return (
            Where.apply(grad, zero, condition=self.condition) if need_a else None,
            Where.apply(zero, grad, condition=self.condition) if need_b else None,
        )


def clamp(
    input: TensorLike,
    min: TensorLike | None = None,
    max: TensorLike | None = None,
) -> Tensor:
    """Limit ``input`` to ``[min, max]``, as ``torch.clamp``.

    The gradient passes where ``min <= input <= max`` (bounds included, as
    in PyTorch). ``min`` and ``max`` may be numbers or tensors; tensor bounds
    receive the gradient where they are the value taken. Where ``min > max``
    the result is ``max``.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([-2.0, 0.5, 3.0], requires_grad=True)
    >>> y = F.clamp(x, min=0.0, max=1.0)
    >>> y.sum().backward()
    >>> y, x.grad
    (tensor([0.0000, 0.5000, 1.0000], grad_fn=<ClampBackward>), tensor([0., 1., 0.]))
    """
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    if isinstance(min, Tensor | np.ndarray) or isinstance(max, Tensor | np.ndarray):
        out = lift((input,))[0]
        if min is not None:
            lo = min.array if isinstance(min, Tensor) else np.asarray(min)
            out = Where.apply(min, out, condition=np.asarray(out.array < lo))
        if max is not None:
            hi = max.array if isinstance(max, Tensor) else np.asarray(max)
            out = Where.apply(max, out, condition=np.asarray(out.array > hi))
        return out
    for name, bound in (("min", min), ("max", max)):
        if bound is not None and not isinstance(bound, int | float | np.number):
            raise TypeError(
                f"clamp: {name} must be a number or a tensor, got {type(bound).__name__}"
            )
    lo_value = None if min is None else float(min)
    hi_value = None if max is None else float(max)
    return Clamp.apply(input, lo=lo_value, hi=hi_value)


def maximum(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise maximum with broadcasting, as ``torch.maximum``.

    At ties each input receives half of the gradient.

    >>> import ad_core, ad_ops as F
    >>> F.maximum(ad_core.tensor([1.0, 5.0]), ad_core.tensor([3.0, 2.0]))
    tensor([3., 5.])
    """
    return Maximum.apply(input, other)


def minimum(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise minimum with broadcasting, as ``torch.minimum``.

    At ties each input receives half of the gradient.

    >>> import ad_core, ad_ops as F
    >>> F.minimum(ad_core.tensor([1.0, 5.0]), ad_core.tensor([3.0, 2.0]))
    tensor([1., 2.])
    """
    return Minimum.apply(input, other)


def clip(
    input: TensorLike,
    min: TensorLike | None = None,
    max: TensorLike | None = None,
) -> Tensor:
    """Alias of :func:`clamp`, as ``torch.clip``.

    >>> import ad_core, ad_ops as F
    >>> F.clip(ad_core.tensor([-2.0, 0.5, 3.0]), -1.0, 1.0)
    tensor([-1.0000,  0.5000,  1.0000])
    """
    return clamp(input, min, max)


@overload
def where(condition: TensorLike) -> tuple[Tensor, ...]: ...


@overload
def where(condition: TensorLike, input: TensorLike, other: TensorLike) -> Tensor: ...


def where(
    condition: TensorLike, input: TensorLike | None = None, other: TensorLike | None = None
) -> Tensor | tuple[Tensor, ...]:
    """``input`` where ``condition`` is True, else ``other``, as ``torch.where``.

    The three broadcast together; ``condition`` must be boolean and gets no
    gradient. With ``condition`` alone it is ``nonzero(condition,
    as_tuple=True)``: one tensor of indices per dimension.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([-1.0, 2.0])
    >>> F.where(x > 0, x, 0.0)
    tensor([0., 2.])
    >>> F.where(x > 0)
    (tensor([1]),)
    """
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    if input is None or other is None:
        raise TypeError("where: expected both input and other, or neither (where(condition))")
    cond = condition.array if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: expected a bool condition, got dtype {cond.dtype}")
    return Where.apply(input, other, condition=cond)
