"""``Tensor`` methods for shapes, indexing, sorting and matrix products.

Each method is the ad_ops function of the same name applied to the tensor
(``x.flip(0)`` is ``ad_ops.flip(x, 0)``), reached through ``dispatch``; see
there why. The examples need ad_ops imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .dispatch import call

if TYPE_CHECKING:
    from .tensor import Tensor
    from .types import TensorLike


def _tensor(name: str, *args: Any, **kwargs: Any) -> Tensor:
    out: Tensor = call(name, *args, **kwargs)
    return out


def _tensors(name: str, *args: Any, **kwargs: Any) -> tuple[Tensor, ...]:
    out: tuple[Tensor, ...] = tuple(call(name, *args, **kwargs))
    return out


def _sizes(sizes: tuple[Any, ...]) -> Any:
    """``f(2, 3)`` and ``f((2, 3))`` alike, as PyTorch's varargs methods."""
    if len(sizes) == 1 and isinstance(sizes[0], Sequence | type(None)):
        return sizes[0]
    return sizes


class ShapeMethods:
    """Shape, indexing, sorting and product methods of ``Tensor``.

    >>> import ad_core, ad_ops
    >>> ad_core.arange(6).reshape(2, 3).flip(1).tolist()
    [[2, 1, 0], [5, 4, 3]]
    """

    __slots__ = ()

    # --- shapes -------------------------------------------------------------------

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """``ad_ops.flatten(self, start_dim, end_dim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(2, 3, 4).flatten(1).shape
        (2, 12)
        """
        return _tensor("flatten", self, start_dim, end_dim)

    def unflatten(self, dim: int, sizes: Sequence[int]) -> Tensor:
        """``ad_ops.unflatten(self, dim, sizes)``.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(2, 12).unflatten(1, (3, 4)).shape
        (2, 3, 4)
        """
        return _tensor("unflatten", self, dim, sizes)

    def squeeze(self, dim: int | Sequence[int] | None = None) -> Tensor:
        """``ad_ops.squeeze(self, dim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(2, 1, 3).squeeze().shape
        (2, 3)
        """
        return _tensor("squeeze", self, dim)

    def unsqueeze(self, dim: int) -> Tensor:
        """``ad_ops.unsqueeze(self, dim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(2, 3).unsqueeze(1).shape
        (2, 1, 3)
        """
        return _tensor("unsqueeze", self, dim)

    def repeat(self, *sizes: Any) -> Tensor:
        """``ad_ops.repeat``: tile the tensor ``sizes`` times along each dimension.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1, 2]).repeat(2)
        tensor([1, 2, 1, 2])
        """
        return _tensor("repeat", self, *sizes)

    def repeat_interleave(self, repeats: int | TensorLike, dim: int | None = None) -> Tensor:
        """``ad_ops.repeat_interleave(self, repeats, dim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1, 2]).repeat_interleave(2)
        tensor([1, 1, 2, 2])
        """
        return _tensor("repeat_interleave", self, repeats, dim)

    def split(
        self, split_size_or_sections: int | Sequence[int], dim: int = 0
    ) -> tuple[Tensor, ...]:
        """``ad_ops.split(self, split_size_or_sections, dim)``.

        >>> import ad_core, ad_ops
        >>> [t.tolist() for t in ad_core.arange(5).split(2)]
        [[0, 1], [2, 3], [4]]
        """
        return _tensors("split", self, split_size_or_sections, dim)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``ad_ops.chunk(self, chunks, dim)``.

        >>> import ad_core, ad_ops
        >>> [t.tolist() for t in ad_core.arange(4).chunk(2)]
        [[0, 1], [2, 3]]
        """
        return _tensors("chunk", self, chunks, dim)

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        """``ad_ops.unbind(self, dim)``.

        >>> import ad_core, ad_ops
        >>> [t.tolist() for t in ad_core.tensor([[1, 2], [3, 4]]).unbind(1)]
        [[1, 3], [2, 4]]
        """
        return _tensors("unbind", self, dim)

    def flip(self, *dims: Any) -> Tensor:
        """``ad_ops.flip``: reverse the order along ``dims``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1, 2, 3]).flip(0)
        tensor([3, 2, 1])
        """
        return _tensor("flip", self, _sizes(dims))

    def roll(self, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None) -> Tensor:
        """``ad_ops.roll(self, shifts, dims)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1, 2, 3]).roll(1)
        tensor([3, 1, 2])
        """
        return _tensor("roll", self, shifts, dims)

    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        """``ad_ops.narrow(self, dim, start, length)``.

        >>> import ad_core, ad_ops
        >>> ad_core.arange(5).narrow(0, 1, 3)
        tensor([1, 2, 3])
        """
        return _tensor("narrow", self, dim, start, length)

    def movedim(self, source: int | Sequence[int], destination: int | Sequence[int]) -> Tensor:
        """``ad_ops.movedim(self, source, destination)``.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(2, 3, 4).movedim(0, -1).shape
        (3, 4, 2)
        """
        return _tensor("movedim", self, source, destination)

    def tril(self, diagonal: int = 0) -> Tensor:
        """``ad_ops.tril(self, diagonal)``.

        >>> import ad_core, ad_ops
        >>> ad_core.ones(2, 2).tril()
        tensor([[1., 0.],
                [1., 1.]])
        """
        return _tensor("tril", self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        """``ad_ops.triu(self, diagonal)``.

        >>> import ad_core, ad_ops
        >>> ad_core.ones(2, 2).triu(1)
        tensor([[0., 1.],
                [0., 0.]])
        """
        return _tensor("triu", self, diagonal)

    # --- indexing -----------------------------------------------------------------

    def masked_fill(self, mask: TensorLike, value: TensorLike) -> Tensor:
        """``ad_ops.masked_fill(self, mask, value)``.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(3).masked_fill(ad_core.tensor([True, False, True]), 5.0)
        tensor([5., 0., 5.])
        """
        return _tensor("masked_fill", self, mask, value)

    def masked_select(self, mask: TensorLike) -> Tensor:
        """``ad_ops.masked_select(self, mask)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1, 2, 3]).masked_select(ad_core.tensor([True, False, True]))
        tensor([1, 3])
        """
        return _tensor("masked_select", self, mask)

    def gather(self, dim: int, index: TensorLike) -> Tensor:
        """``ad_ops.gather(self, dim, index)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([[1, 2], [3, 4]]).gather(1, ad_core.tensor([[1], [0]]))
        tensor([[2],
                [3]])
        """
        return _tensor("gather", self, dim, index)

    def scatter(
        self, dim: int, index: TensorLike, src: TensorLike | None = None, value: Any = None
    ) -> Tensor:
        """``ad_ops.scatter(self, dim, index, src)`` (or ``value``), out of place.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(3).scatter(0, ad_core.tensor([2]), ad_core.tensor([7.0]))
        tensor([0., 0., 7.])
        """
        return _tensor("scatter", self, dim, index, src, value=value)

    def scatter_add(self, dim: int, index: TensorLike, src: TensorLike) -> Tensor:
        """``ad_ops.scatter_add(self, dim, index, src)``, out of place.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(2).scatter_add(0, ad_core.tensor([1, 1]), ad_core.ones(2))
        tensor([0., 2.])
        """
        return _tensor("scatter_add", self, dim, index, src)

    def index_select(self, dim: int, index: TensorLike) -> Tensor:
        """``ad_ops.index_select(self, dim, index)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([5, 6, 7]).index_select(0, ad_core.tensor([2, 0]))
        tensor([7, 5])
        """
        return _tensor("index_select", self, dim, index)

    def take_along_dim(self, indices: TensorLike, dim: int | None = None) -> Tensor:
        """``ad_ops.take_along_dim(self, indices, dim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([[1, 2], [3, 4]]).take_along_dim(ad_core.tensor([[1], [0]]), 1)
        tensor([[2],
                [3]])
        """
        return _tensor("take_along_dim", self, indices, dim)

    def where(self, condition: TensorLike, other: TensorLike) -> Tensor:
        """``ad_ops.where(condition, self, other)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 2.0]).where(ad_core.tensor([True, False]), 0.0)
        tensor([1., 0.])
        """
        return _tensor("where", condition, self, other)

    # --- sorting ------------------------------------------------------------------

    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
        """``ad_ops.sort``: the named tuple ``(values, indices)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([3.0, 1.0, 2.0]).sort().indices
        tensor([1, 2, 0])
        """
        return call("sort", self, dim, descending, stable=stable)

    def argsort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
        """``ad_ops.argsort(self, dim, descending)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([3.0, 1.0, 2.0]).argsort(descending=True)
        tensor([0, 2, 1])
        """
        return _tensor("argsort", self, dim, descending, stable=stable)

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
        """``ad_ops.topk``: the named tuple ``(values, indices)`` of the ``k`` largest.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([3.0, 1.0, 2.0]).topk(2).values
        tensor([3., 2.])
        """
        return call("topk", self, k, dim, largest, sorted)

    # --- products -----------------------------------------------------------------

    def matmul(self, other: TensorLike) -> Tensor:
        """``self @ other``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 2.0]).matmul(ad_core.tensor([3.0, 4.0]))
        tensor(11.)
        """
        return _tensor("matmul", self, other)

    def mm(self, mat2: TensorLike) -> Tensor:
        """``ad_ops.mm(self, mat2)``: the product of two matrices.

        >>> import ad_core, ad_ops
        >>> ad_core.eye(2).mm(ad_core.ones(2, 1))
        tensor([[1.],
                [1.]])
        """
        return _tensor("mm", self, mat2)

    def bmm(self, mat2: TensorLike) -> Tensor:
        """``ad_ops.bmm(self, mat2)``: a batch of matrix products.

        >>> import ad_core, ad_ops
        >>> ad_core.ones(4, 2, 3).bmm(ad_core.ones(4, 3, 5)).shape
        (4, 2, 5)
        """
        return _tensor("bmm", self, mat2)

    def dot(self, other: TensorLike) -> Tensor:
        """``ad_ops.dot(self, other)``: the inner product of two vectors.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 2.0]).dot(ad_core.tensor([3.0, 4.0]))
        tensor(11.)
        """
        return _tensor("dot", self, other)

    def outer(self, vec2: TensorLike) -> Tensor:
        """``ad_ops.outer(self, vec2)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 2.0]).outer(ad_core.tensor([1.0, 3.0]))
        tensor([[1., 3.],
                [2., 6.]])
        """
        return _tensor("outer", self, vec2)

    def addmm(
        self, mat1: TensorLike, mat2: TensorLike, *, beta: float = 1, alpha: float = 1
    ) -> Tensor:
        """``ad_ops.addmm``: ``beta * self + alpha * (mat1 @ mat2)``.

        >>> import ad_core, ad_ops
        >>> ad_core.ones(2).addmm(ad_core.eye(2), ad_core.eye(2))
        tensor([[2., 1.],
                [1., 2.]])
        """
        return _tensor("addmm", self, mat1, mat2, beta=beta, alpha=alpha)

    def baddbmm(
        self, batch1: TensorLike, batch2: TensorLike, *, beta: float = 1, alpha: float = 1
    ) -> Tensor:
        """``ad_ops.baddbmm``: ``beta * self + alpha * (batch1 @ batch2)``, batched.

        >>> import ad_core, ad_ops
        >>> ad_core.zeros(3, 2, 2).baddbmm(ad_core.ones(3, 2, 1), ad_core.ones(3, 1, 2)).shape
        (3, 2, 2)
        """
        return _tensor("baddbmm", self, batch1, batch2, beta=beta, alpha=alpha)
