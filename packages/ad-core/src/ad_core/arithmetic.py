"""The arithmetic operators of Tensor: ``+ - * / **`` and unary ``-``."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .broadcast import broadcast_shapes
from .function import Function
from .tensor import Tensor
from .types import NDArray


def _mismatch(op: str, a: NDArray, b: NDArray) -> ValueError:
    try:
        broadcast_shapes(op, a.shape, b.shape)
    except ValueError as err:
        return err
    return ValueError(f"{op}: cannot combine dtypes {a.dtype} and {b.dtype}")


class Add(Function):
    """``a + b`` with broadcasting."""

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        try:
            return a + b
        except ValueError:
            raise _mismatch("add", a, b) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return grad, grad


class Sub(Function):
    """``a - b`` with broadcasting."""

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        try:
            return a - b
        except ValueError:
            raise _mismatch("sub", a, b) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return grad, (-grad if self.needs_input_grad[1] else None)


class Mul(Function):
    """``a * b`` with broadcasting."""

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        self.save(a, b)
        try:
            return a * b
        except ValueError:
            raise _mismatch("mul", a, b) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, b = self.saved_tensors
        need_a, need_b = self.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)


class Div(Function):
    """``a / b`` with broadcasting."""

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        try:
            out = a / b
        except ValueError:
            raise _mismatch("div", a, b) from None
        self.save(b, out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        b, out = self.saved_tensors
        grad_a = grad / b
        return grad_a, (-grad_a * out if self.needs_input_grad[1] else None)


class Neg(Function):
    """``-a``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        return -a

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (-grad,)


def _cube(a: NDArray) -> NDArray:
    return a * a * a


def _inverse_square(a: NDArray) -> NDArray:
    return 1 / (a * a)


def _inverse_sqrt(a: NDArray) -> NDArray:
    return 1 / np.sqrt(a)


def _reciprocal(a: NDArray) -> NDArray:
    return 1 / a


def _copy(a: NDArray) -> NDArray:
    return a.copy()


# Scalar exponents computed without `pow`, as PyTorch's CPU kernels do (so the
# values match it bit for bit): NumPy's float power calls `pow` per element,
# 30-170x slower than a multiply.
_SCALAR_POWERS: dict[float, Callable[[NDArray], NDArray]] = {
    2.0: np.square,
    3.0: _cube,
    -2.0: _inverse_square,
    0.5: np.sqrt,
    -0.5: _inverse_sqrt,
    -1.0: _reciprocal,
    1.0: _copy,
    0.0: np.ones_like,
}


class Pow(Function):
    """``a ** b`` with broadcasting.

    As in PyTorch, the base's gradient is 0 where the exponent is 0 (so
    ``x ** 0`` has gradient 0 at 0), and the exponent's gradient is 0 where
    the base is 0 and the exponent is not negative.
    """

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        self.save(a, b)
        if b.ndim == 0 and a.dtype.kind == "f":
            e = b.item()
            if e == 2.0 or e == 3.0:
                return _SCALAR_POWERS[e](a)
            fast = _SCALAR_POWERS.get(e)
        else:
            fast = None
        if fast is not None:
            return np.asarray(fast(a))
        try:
            return np.power(a, b)
        except ValueError:
            raise _mismatch("pow", a, b) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, b = self.saved_tensors
        need_a, need_b = self.needs_input_grad
        grad_a = grad_b = None
        if need_a:
            grad_a = _base_grad(grad, a, b, need_b)
        if need_b:
            out = a**b
            keep = ((a == 0) & (b >= 0)).astype(a.dtype)
            grad_b = grad * out * Log.apply(a + keep)
        return grad_a, grad_b


def _base_grad(grad: Tensor, a: Tensor, b: Tensor, need_b: bool) -> Tensor:
    """``grad * b * a ** (b - 1)``, 0 where ``b`` is 0."""
    if b.ndim == 0 and not need_b:
        e: float = b.item()
        if e == 0:
            return grad * 0
        if e == 1:
            return grad
        if e == 2:
            return grad * a * 2
        return grad * e * a ** (e - 1)
    # Where b is 0 the exponent b - 1 becomes 0, so that b * a**0 is 0, not 0 * inf.
    is_zero = (b == 0).astype(b.dtype)
    return grad * b * a ** (b - 1 + is_zero)


class Log(Function):
    """Natural logarithm (needed here for the exponent's gradient of ``**``)."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.log(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad / a,)
