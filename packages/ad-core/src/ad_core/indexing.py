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
        part = part.array
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


def as_view_index(index: Any) -> Any:
    """A basic index that gives a view even where it picks one element (NumPy
    returns a copied scalar for ``a[0]`` of a vector, but a view for ``a[0, ...]``)."""
    if not _is_basic(index):
        return index
    parts = index if isinstance(index, tuple) else (index,)
    if any(p is Ellipsis for p in parts):
        return index
    return (*parts, Ellipsis)


class Index(Function):
    """``a[index]``; repeated advanced indices accumulate their gradients."""

    raw_backward = True

    def forward(self, a: NDArray, index: Any) -> NDArray:
        self.shape = a.shape
        self.index = index
        try:
            return np.asarray(a[as_view_index(index)])
        except IndexError as err:
            raise IndexError(f"index: {err} (tensor of shape {a.shape})") from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (IndexAdd.apply(grad, shape=self.shape, index=self.index),)


class IndexAdd(Function):
    """Zeros of ``shape`` with ``grad`` added at ``index``: the adjoint of ``Index``."""

    raw_backward = True

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


class IndexPut(Function):
    """``a`` with ``a[index]`` replaced by ``value`` (broadcast): the value of
    ``a[index] = value``. The overwritten elements of ``a`` get no gradient;
    ``value`` gets the gradient of the elements it went to."""

    raw_backward = True

    def forward(self, a: NDArray, value: NDArray, index: Any) -> NDArray:
        self.index = index
        self.value_shape = value.shape
        out = a.copy()
        try:
            out[index] = squeeze_leading_ones(value, out[index].ndim)
        except (IndexError, ValueError) as err:
            raise type(err)(
                f"index_put: cannot assign a value of shape {value.shape} to the "
                f"index {index!r} of a tensor of shape {a.shape} ({err})"
            ) from None
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        need_a, need_value = self.needs_input_grad
        grad_a = grad_value = None
        if need_a:
            zero = Tensor._wrap(np.zeros((), dtype=grad.dtype))
            grad_a = IndexPut.apply(grad, zero, index=self.index)
        if need_value:
            # The engine sums this back to the value's shape where it was broadcast.
            grad_value = Index.apply(grad, index=self.index)
            missing = len(self.value_shape) - grad_value.ndim
            if missing > 0:
                grad_value = grad_value.reshape((1,) * missing + grad_value.shape)
        return grad_a, grad_value


def squeeze_leading_ones(value: NDArray, ndim: int) -> NDArray:
    """``value`` without the leading size-1 dimensions beyond ``ndim``: PyTorch
    lets a ``(1,)`` tensor be assigned to a single element."""
    extra = value.ndim - ndim
    if extra > 0 and all(n == 1 for n in value.shape[:extra]):
        return value.reshape(value.shape[extra:])
    return value
