"""``reshape``, ``view`` and ``permute`` (with ``transpose`` and ``T`` built on it)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .function import Function
from .reduction import normalize_dim
from .tensor import Tensor
from .types import NDArray


def check_shape(op: str, shape: Sequence[int]) -> None:
    """A ``ValueError`` naming ``op`` for sizes below -1 (NumPy takes any negative as -1)."""
    if shape and min(shape) < -1:
        raise ValueError(f"{op}: invalid shape dimension {min(shape)} in {tuple(shape)}")


class Reshape(Function):
    """The same data in a new shape."""

    raw_backward = True

    def forward(self, a: NDArray, shape: Sequence[int]) -> NDArray:
        self.shape = a.shape
        check_shape("reshape", shape)
        try:
            return a.reshape(tuple(shape))
        except (ValueError, TypeError):
            raise ValueError(
                f"reshape: cannot reshape a tensor of shape {a.shape} "
                f"({a.size} elements) into {tuple(shape)}"
            ) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad.reshape(self.shape),)


class View(Function):
    """The same data in a new shape, never copied: as ``torch.Tensor.view``, a
    layout that cannot be reshaped without a copy raises (use ``reshape``)."""

    raw_backward = True

    def forward(self, a: NDArray, shape: Sequence[int]) -> NDArray:
        self.shape = a.shape
        check_shape("view", shape)
        try:
            return a.reshape(tuple(shape), copy=False)
        except ValueError as err:
            if "copy" not in str(err):
                raise ValueError(
                    f"view: cannot view a tensor of shape {a.shape} "
                    f"({a.size} elements) as {tuple(shape)}"
                ) from None
            raise RuntimeError(
                f"view: size {tuple(shape)} is not compatible with the layout of the input "
                f"(shape {a.shape}, strides {a.strides}): at least one dimension spans "
                "across two contiguous subspaces. Use .reshape(...) instead."
            ) from None
        except TypeError:
            raise ValueError(f"view: expected a shape of ints, got {tuple(shape)!r}") from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad.reshape(self.shape),)


class Permute(Function):
    """Reorder dimensions."""

    raw_backward = True

    def forward(self, a: NDArray, dims: Sequence[int]) -> NDArray:
        if len(dims) != a.ndim:
            raise ValueError(
                f"permute: expected {a.ndim} dims for a tensor of shape {a.shape}, "
                f"got {tuple(dims)}"
            )
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(a.ndim)):
            # Negative or invalid dims: the slow path that explains what is wrong.
            self.dims = tuple(normalize_dim("permute", d, a.ndim) for d in dims)
            if len(set(self.dims)) != len(self.dims):
                raise ValueError(f"permute: dims {tuple(dims)} repeat a dimension")
        return a.transpose(self.dims)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (Permute.apply(grad, dims=tuple(np.argsort(self.dims).tolist())),)


def swap_dims(ndim: int, dim0: int, dim1: int) -> tuple[int, ...]:
    """The permutation that swaps ``dim0`` and ``dim1``.

    >>> swap_dims(3, 0, -1)
    (2, 1, 0)
    """
    d0 = normalize_dim("transpose", dim0, ndim)
    d1 = normalize_dim("transpose", dim1, ndim)
    dims = list(range(ndim))
    dims[d0], dims[d1] = dims[d1], dims[d0]
    return tuple(dims)
