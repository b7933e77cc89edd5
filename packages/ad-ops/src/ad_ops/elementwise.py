"""Elementwise math: ``exp``, ``log``, ``sqrt``, trigonometry, ``abs``, ``clamp``, ``where``...

Each op is a small ``Function``; backward is written in Tensor operations so
that gradients of gradients work. Where PyTorch gives inf or nan silently
(``exp`` overflowing, ``sqrt`` of a negative, ``1 / 0``...), so do these:
NumPy's floating-point warnings are silenced for exactly those ops.
"""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, is_grad_enabled, lift
from ad_core.arithmetic import Log


def _const(array: NDArray) -> Tensor:
    return Tensor._wrap(array)


def _mismatch(op: str, *shapes: tuple[int, ...]) -> str:
    listed = " and ".join(str(s) for s in shapes)
    return f"{op}: shapes {listed} cannot be broadcast"


class Exp(Function):
    """``exp(a)``."""

    def forward(self, a: NDArray) -> NDArray:
        with np.errstate(over="ignore"):
            out = np.exp(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * out,)


class Log1p(Function):
    """``log(1 + a)``, accurate for small ``a``."""

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log1p(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        if is_grad_enabled():
            return (grad / (a + 1),)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (_const(grad.data / (a.data + 1)),)


class Expm1(Function):
    """``exp(a) - 1``, accurate for small ``a``."""

    def forward(self, a: NDArray) -> NDArray:
        with np.errstate(over="ignore"):
            out = np.expm1(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * (out + 1),)


class Sqrt(Function):
    """``sqrt(a)``."""

    def forward(self, a: NDArray) -> NDArray:
        with np.errstate(invalid="ignore"):
            out = np.sqrt(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        if is_grad_enabled():
            return (grad / (out * 2),)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (_const(grad.data / (out.data * 2)),)


class Rsqrt(Function):
    """``1 / sqrt(a)``."""

    def forward(self, a: NDArray) -> NDArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = 1 / np.sqrt(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        if is_grad_enabled():
            return (grad * out * out * out * -0.5,)
        o = out.data
        with np.errstate(invalid="ignore", over="ignore"):
            return (_const(grad.data * (o * o * o * -0.5)),)


class Square(Function):
    """``a * a``."""

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.square(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad * a * 2,)


class Sin(Function):
    """``sin(a)``."""

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.sin(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad * Cos.apply(a),)


class Cos(Function):
    """``cos(a)``."""

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.cos(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (-grad * Sin.apply(a),)


class Tan(Function):
    """``tan(a)``."""

    def forward(self, a: NDArray) -> NDArray:
        out = np.tan(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * (out * out + 1),)


class Abs(Function):
    """``|a|``; the gradient at 0 is 0, as in PyTorch."""

    def forward(self, a: NDArray) -> NDArray:
        self.sign = np.sign(a)
        return np.abs(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad * _const(self.sign),)


class Sign(Function):
    """``sign(a)``: -1, 0 or 1; its gradient is 0 everywhere."""

    def forward(self, a: NDArray) -> NDArray:
        return np.sign(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad * 0,)


class Reciprocal(Function):
    """``1 / a``."""

    def forward(self, a: NDArray) -> NDArray:
        with np.errstate(divide="ignore", over="ignore"):
            out = 1 / a
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        if is_grad_enabled():
            return (-grad * out * out,)
        o = out.data
        with np.errstate(invalid="ignore", over="ignore"):
            return (_const(-grad.data * (o * o)),)


class Clamp(Function):
    """``a`` limited to ``[lo, hi]``; the gradient passes where ``lo <= a <= hi``."""

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


def exp(input: TensorLike) -> Tensor:
    """Elementwise exponential, as ``torch.exp``.

    >>> import ad_core, ad_ops as F
    >>> F.exp(ad_core.tensor([0.0, 1.0]))
    tensor([1.0000, 2.7183])
    """
    return Exp.apply(input)


def log(input: TensorLike) -> Tensor:
    """Elementwise natural logarithm, as ``torch.log`` (nan below 0, -inf at 0).

    >>> import ad_core, ad_ops as F
    >>> F.log(ad_core.tensor([1.0, 4.0]))
    tensor([0.0000, 1.3863])
    """
    return Log.apply(input)


def log1p(input: TensorLike) -> Tensor:
    """``log(1 + input)``, accurate for small values, as ``torch.log1p``.

    >>> import ad_core, ad_ops as F
    >>> F.log1p(ad_core.tensor([0.0, 1e-10], dtype="float64")).tolist()
    [0.0, 9.999999999500001e-11]
    """
    return Log1p.apply(input)


def expm1(input: TensorLike) -> Tensor:
    """``exp(input) - 1``, accurate for small values, as ``torch.expm1``.

    >>> import ad_core, ad_ops as F
    >>> F.expm1(ad_core.tensor([0.0, 1e-10], dtype="float64")).tolist()
    [0.0, 1.00000000005e-10]
    """
    return Expm1.apply(input)


def sqrt(input: TensorLike) -> Tensor:
    """Elementwise square root, as ``torch.sqrt`` (its gradient at 0 is inf).

    >>> import ad_core, ad_ops as F
    >>> F.sqrt(ad_core.tensor([4.0, 9.0]))
    tensor([2., 3.])
    """
    return Sqrt.apply(input)


def rsqrt(input: TensorLike) -> Tensor:
    """``1 / sqrt(input)``, as ``torch.rsqrt``.

    >>> import ad_core, ad_ops as F
    >>> F.rsqrt(ad_core.tensor([4.0, 0.25]))
    tensor([0.5000, 2.0000])
    """
    return Rsqrt.apply(input)


def square(input: TensorLike) -> Tensor:
    """``input * input``, as ``torch.square``.

    >>> import ad_core, ad_ops as F
    >>> F.square(ad_core.tensor([-2.0, 3.0]))
    tensor([4., 9.])
    """
    return Square.apply(input)


def sin(input: TensorLike) -> Tensor:
    """Elementwise sine, as ``torch.sin``.

    >>> import ad_core, ad_ops as F
    >>> F.sin(ad_core.tensor([0.0]))
    tensor([0.])
    """
    return Sin.apply(input)


def cos(input: TensorLike) -> Tensor:
    """Elementwise cosine, as ``torch.cos``.

    >>> import ad_core, ad_ops as F
    >>> F.cos(ad_core.tensor([0.0]))
    tensor([1.])
    """
    return Cos.apply(input)


def tan(input: TensorLike) -> Tensor:
    """Elementwise tangent, as ``torch.tan``.

    >>> import ad_core, ad_ops as F
    >>> F.tan(ad_core.tensor([0.0]))
    tensor([0.])
    """
    return Tan.apply(input)


def abs(input: TensorLike) -> Tensor:
    """Elementwise absolute value, as ``torch.abs``; the gradient at 0 is 0.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([-2.0, 0.0, 3.0], requires_grad=True)
    >>> F.abs(x).sum().backward()
    >>> x.grad
    tensor([-1.,  0.,  1.])
    """
    return Abs.apply(input)


def sign(input: TensorLike) -> Tensor:
    """-1, 0 or 1 by the sign of each element, as ``torch.sign``; gradient 0.

    >>> import ad_core, ad_ops as F
    >>> F.sign(ad_core.tensor([-2.0, 0.0, 3.0]))
    tensor([-1.,  0.,  1.])
    """
    return Sign.apply(input)


def reciprocal(input: TensorLike) -> Tensor:
    """``1 / input``, as ``torch.reciprocal``.

    >>> import ad_core, ad_ops as F
    >>> F.reciprocal(ad_core.tensor([2.0, -4.0]))
    tensor([ 0.5000, -0.2500])
    """
    return Reciprocal.apply(input)


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
            lo = min.data if isinstance(min, Tensor) else np.asarray(min)
            out = Where.apply(min, out, condition=np.asarray(out.data < lo))
        if max is not None:
            hi = max.data if isinstance(max, Tensor) else np.asarray(max)
            out = Where.apply(max, out, condition=np.asarray(out.data > hi))
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


def where(condition: TensorLike, input: TensorLike, other: TensorLike) -> Tensor:
    """``input`` where ``condition`` is True, else ``other``, as ``torch.where``.

    The three broadcast together; ``condition`` must be boolean and gets no
    gradient.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([-1.0, 2.0])
    >>> F.where(x > 0, x, 0.0)
    tensor([0., 2.])
    """
    cond = condition.data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: expected a bool condition, got dtype {cond.dtype}")
    return Where.apply(input, other, condition=cond)
