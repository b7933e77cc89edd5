"""Elementwise math: ``exp``, ``log``, ``sqrt``, trigonometry, ``abs``, ``sign``...

Each op is a small ``Function``; backward is written in Tensor operations so
that gradients of gradients work. Where PyTorch gives inf or nan silently
(``exp`` overflowing, ``sqrt`` of a negative, ``1 / 0``...), so do these:
NumPy's floating-point warnings are silenced for exactly those ops.
"""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike
from ad_core.arithmetic import Log
from ad_core.function import constant


class Exp(Function):
    """``exp(a)``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = np.exp(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * out,)


class Log1p(Function):
    """``log(1 + a)``, accurate for small ``a``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.log1p(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad / (a + 1),)


class Expm1(Function):
    """``exp(a) - 1``, accurate for small ``a``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = np.expm1(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * (out + 1),)


class Sqrt(Function):
    """``sqrt(a)``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = np.sqrt(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad / (out * 2),)


class Rsqrt(Function):
    """``1 / sqrt(a)``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = 1 / np.sqrt(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * (out * out * out * -0.5),)


class Square(Function):
    """``a * a``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.square(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad * a * 2,)


class Sin(Function):
    """``sin(a)``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.sin(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad * Cos.apply(a),)


class Cos(Function):
    """``cos(a)``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.cos(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (-grad * Sin.apply(a),)


class Tan(Function):
    """``tan(a)``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = np.tan(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * (out * out + 1),)


class Abs(Function):
    """``|a|``; the gradient at 0 is 0, as in PyTorch."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        self.sign = np.sign(a)
        return np.abs(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad * constant(self.sign),)


class Sign(Function):
    """``sign(a)``: -1, 0 or 1; its gradient is 0 everywhere."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        return np.sign(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad * 0,)


class Reciprocal(Function):
    """``1 / a``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = 1 / a
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (-grad * (out * out),)


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
