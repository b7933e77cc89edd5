"""Broadcasting: ``broadcast_to`` and its adjoint ``sum_to``, used by the engine
to reduce the gradient of a broadcast operand to the operand's shape."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .function import Function
from .tensor import Tensor
from .types import NDArray, TensorLike


def broadcast_shapes(op: str, *shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The broadcast shape, or a ``ValueError`` naming ``op`` and the shapes.

    >>> broadcast_shapes("add", (2, 3, 4), (3, 1))
    (2, 3, 4)
    """
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        listed = " and ".join(str(s) for s in shapes)
        raise ValueError(f"{op}: shapes {listed} cannot be broadcast") from None


def reduce_to_shape(array: NDArray, shape: tuple[int, ...]) -> NDArray:
    """Sum ``array`` over the dimensions that broadcasting added to ``shape``.

    >>> import numpy as np
    >>> reduce_to_shape(np.ones((2, 3, 4)), (3, 1)).tolist()
    [[8.0], [8.0], [8.0]]
    """
    if array.shape == shape:
        return array
    lead = array.ndim - len(shape)
    if lead < 0:
        raise ValueError(f"sum_to: cannot reduce shape {array.shape} to {shape}")
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and array.shape[lead + i] != 1
    )
    out = array.sum(axis=axes, keepdims=True) if axes else array
    if lead:
        out = out.reshape(out.shape[lead:])
    if out.shape != shape:
        raise ValueError(f"sum_to: cannot reduce shape {array.shape} to {shape}")
    return out


class SumTo(Function):
    """Sum a broadcast array back to ``shape``; the adjoint of ``BroadcastTo``."""

    raw_backward = True

    def forward(self, a: NDArray, shape: tuple[int, ...]) -> NDArray:
        self.shape = a.shape
        return np.asarray(reduce_to_shape(a, shape))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (BroadcastTo.apply(grad, shape=self.shape),)


class BroadcastTo(Function):
    """Broadcast an array to ``shape``.

    The result is a new, writable array rather than NumPy's read-only view:
    gradients (the main users) end up in ``.grad`` and are updated in place.
    """

    raw_backward = True

    def forward(self, a: NDArray, shape: tuple[int, ...]) -> NDArray:
        self.shape = a.shape
        out = np.empty(shape, dtype=a.dtype)
        try:
            np.copyto(out, a)
            return out
        except ValueError:
            raise ValueError(
                f"broadcast_to: shape {a.shape} cannot be broadcast to {tuple(shape)}"
            ) from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (SumTo.apply(grad, shape=self.shape),)


class Expand(Function):
    """``a`` seen as ``shape`` without copying, as ``torch.Tensor.expand``: a
    read-only broadcast view (writing into it raises, as writing into an
    expanded tensor does in PyTorch)."""

    raw_backward = True

    def forward(self, a: NDArray, shape: tuple[int, ...], op: str = "expand") -> NDArray:
        self.shape = a.shape
        return np.broadcast_to(a, expanded_shape(op, a.shape, shape))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (SumTo.apply(grad, shape=self.shape),)


def expanded_shape(op: str, shape: tuple[int, ...], sizes: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of ``expand(*sizes)``: ``-1`` keeps a dimension, new ones lead.

    >>> expanded_shape("expand", (3, 1), (2, -1, 4))
    (2, 3, 4)
    """
    lead = len(sizes) - len(shape)
    if lead < 0:
        raise ValueError(
            f"{op}: the number of sizes ({len(sizes)}) must be at least the number of "
            f"dimensions ({len(shape)}) of the tensor of shape {shape}"
        )
    out = []
    for i, n in enumerate(sizes):
        if not isinstance(n, int | np.integer) or isinstance(n, bool):
            raise TypeError(f"{op}: sizes must be ints, got {sizes!r}")
        old = shape[i - lead] if i >= lead else None
        if n == -1:
            if old is None:
                raise ValueError(f"{op}: -1 is not allowed for a new leading dimension: {sizes}")
            n = old
        elif n < 0 or (old is not None and old != 1 and old != n):
            raise ValueError(
                f"{op}: the size {old} of dimension {i - lead} cannot be expanded to {n} "
                f"(tensor of shape {shape}, sizes {sizes}); only size-1 dimensions expand"
            )
        out.append(int(n))
    return tuple(out)


def sum_to(x: TensorLike, shape: tuple[int, ...]) -> Tensor:
    """Sum ``x`` over the dimensions that broadcasting added to ``shape``.

    Examples
    --------
    >>> import ad_core
    >>> ad_core.sum_to(ad_core.ones(2, 3), (1, 3))
    tensor([[2., 2., 2.]])
    """
    return SumTo.apply(x, shape=tuple(shape))


def broadcast_to(input: TensorLike, size: Sequence[int]) -> Tensor:
    """``input`` seen in the shape ``size`` (-1 keeps a dimension) without
    copying, as ``torch.broadcast_to``; the gradient is summed back.

    Examples
    --------
    >>> import ad_core
    >>> ad_core.broadcast_to(ad_core.tensor([1.0, 2.0]), (2, -1))
    tensor([[1., 2.],
            [1., 2.]])
    """
    return Expand.apply(input, shape=tuple(size), op="broadcast_to")
