"""The arithmetic operators of Tensor: ``+ - * / **`` and unary ``-``."""

from __future__ import annotations

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

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        try:
            return a + b
        except ValueError:
            raise _mismatch("add", a, b) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return grad, grad


class Sub(Function):
    """``a - b`` with broadcasting."""

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        try:
            return a - b
        except ValueError:
            raise _mismatch("sub", a, b) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return grad, (-grad if self.needs_input_grad[1] else None)


class Mul(Function):
    """``a * b`` with broadcasting."""

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

    def forward(self, a: NDArray) -> NDArray:
        return -a

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (-grad,)


class Pow(Function):
    """``a ** b`` with broadcasting; ``x ** 2`` has gradient 0 at 0."""

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        self.save(a, b)
        try:
            return np.power(a, b)
        except ValueError:
            raise _mismatch("pow", a, b) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, b = self.saved_tensors
        need_a, need_b = self.needs_input_grad
        grad_a = grad * b * a ** (b - 1) if need_a else None
        grad_b = None
        if need_b:
            # log(0) is -inf: where a == 0 the exponent's gradient is 0, as in PyTorch.
            safe_a = a + Tensor._wrap(a.data == 0).astype(a.dtype)
            grad_b = grad * a**b * Log.apply(safe_a)
        return grad_a, grad_b


class Log(Function):
    """Natural logarithm (needed here for the exponent's gradient of ``**``)."""

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.log(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad / a,)
