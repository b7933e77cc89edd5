"""``astype``: casting between dtypes."""

from __future__ import annotations

from typing import Any

import numpy as np

from .function import Function
from .tensor import Tensor
from .types import NDArray


class Cast(Function):
    """Cast to ``dtype``; the gradient is cast back to the input's dtype."""

    raw_backward = True

    def forward(self, a: NDArray, dtype: np.dtype[Any]) -> NDArray:
        self.dtype = a.dtype
        return a.astype(dtype)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad.astype(self.dtype),)
