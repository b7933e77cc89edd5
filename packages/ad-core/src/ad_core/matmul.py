"""Matrix product ``@`` with NumPy's rules: 1-D, 2-D and batched operands."""

from __future__ import annotations

import numpy as np

from .function import Function
from .tensor import Tensor
from .types import NDArray


class MatMul(Function):
    """``a @ b`` as ``numpy.matmul``; batch dimensions broadcast."""

    raw_backward = True

    def forward(self, a: NDArray, b: NDArray) -> NDArray:
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(
                "matmul: both operands need at least one dimension, "
                f"got shapes {a.shape} and {b.shape}"
            )
        self.save(a, b)
        try:
            return np.asarray(np.matmul(a, b))
        except ValueError:
            raise ValueError(
                f"matmul: shapes {a.shape} and {b.shape} are not aligned "
                f"({a.shape[-1]} != {b.shape[-2] if b.ndim > 1 else b.shape[0]})"
            ) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, b = self.saved_tensors
        need_a, need_b = self.needs_input_grad
        if a.ndim == 1 and b.ndim == 1:
            return (grad * b if need_a else None), (grad * a if need_b else None)
        # Promote vectors to matrices as numpy.matmul does, then undo it.
        a2 = a.reshape(1, -1) if a.ndim == 1 else a
        b2 = b.reshape(-1, 1) if b.ndim == 1 else b
        g = grad
        if a.ndim == 1:
            g = g.reshape(*g.shape[:-1], 1, g.shape[-1])
        if b.ndim == 1:
            g = g.reshape(*g.shape, 1)
        grad_a = grad_b = None
        if need_a:
            grad_a = g @ b2.mT
            if a.ndim == 1:
                grad_a = grad_a.reshape(*grad_a.shape[:-2], grad_a.shape[-1])
        if need_b:
            grad_b = a2.mT @ g
            if b.ndim == 1:
                grad_b = grad_b.reshape(grad_b.shape[:-1])
        return grad_a, grad_b
