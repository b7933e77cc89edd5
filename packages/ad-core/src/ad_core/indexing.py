"""``tensor[index]``: basic, advanced and boolean-mask indexing."""

from __future__ import annotations

from typing import Any

import numpy as np

from .function import Function
from .tensor import Tensor
from .types import NDArray


def normalize_index(index: Any) -> Any:
    """Replace Tensors and lists in an index by arrays, checking their dtypes."""
    if isinstance(index, tuple):
        return tuple(_index_part(i) for i in index)
    return _index_part(index)


def _index_part(part: Any) -> Any:
    if isinstance(part, Tensor):
        part = part.data
    elif isinstance(part, list):
        part = np.asarray(part)
    if isinstance(part, np.ndarray) and part.dtype.kind not in "iub":
        raise IndexError(
            f"index: tensors used as indices must be integer or bool, got dtype {part.dtype}"
        )
    if isinstance(part, float):
        raise IndexError(f"index: indices must be integers, slices or arrays, got float {part}")
    return part


def _is_basic(index: Any) -> bool:
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, slice | int | np.integer) for p in parts)


class Index(Function):
    """``a[index]``; repeated advanced indices accumulate their gradients."""

    def forward(self, a: NDArray, index: Any) -> NDArray:
        self.shape = a.shape
        self.index = index
        try:
            return np.asarray(a[index])
        except IndexError as err:
            raise IndexError(f"index: {err} (tensor of shape {a.shape})") from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (IndexAdd.apply(grad, shape=self.shape, index=self.index),)


class IndexAdd(Function):
    """Zeros of ``shape`` with ``grad`` added at ``index``: the adjoint of ``Index``."""

    def forward(self, grad: NDArray, shape: tuple[int, ...], index: Any) -> NDArray:
        self.index = index
        out = np.zeros(shape, dtype=grad.dtype)
        if _is_basic(index):
            out[index] = grad
        else:
            np.add.at(out, index, grad)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (Index.apply(grad, index=self.index),)
