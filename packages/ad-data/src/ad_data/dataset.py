"""Datasets: map-style and iterable bases, arrays, subsets and concatenations.

A dataset that can fetch many indices at once defines ``__getitems__(indices)``;
the :class:`~ad_data.DataLoader` then builds each batch with one call instead of
one ``__getitem__`` per sample. Unlike PyTorch, where ``__getitems__`` returns a
list of samples that ``collate_fn`` then merges, here it returns the batch as
``default_collate`` would have built it (Tensors), so that merging costs one
fancy-index per array.
"""

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ad_core import Tensor

from .collate import default_collate

T_co = TypeVar("T_co", covariant=True)


class Dataset(Generic[T_co]):
    """A map-style dataset: ``dataset[i]`` is sample ``i`` for ``0 <= i < len(dataset)``.

    Subclasses define ``__getitem__`` and ``__len__``, and optionally
    ``__getitems__(indices)`` returning a whole collated batch (see the module
    docstring). ``a + b`` is ``ConcatDataset([a, b])``.

    Examples
    --------
    >>> class Squares(Dataset[int]):
    ...     def __getitem__(self, index: int) -> int:
    ...         return index * index
    ...     def __len__(self) -> int:
    ...         return 4
    >>> [Squares()[i] for i in range(len(Squares()))]
    [0, 1, 4, 9]
    """

    def __getitem__(self, index: int) -> T_co:
        raise NotImplementedError(
            f"{type(self).__name__}: subclasses of Dataset define __getitem__"
        )

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__}: subclasses of Dataset define __len__")

    def __add__(self, other: "Dataset[T_co]") -> "ConcatDataset[T_co]":
        return ConcatDataset([self, other])


class IterableDataset(Dataset[T_co]):
    """A dataset read as a stream: subclasses define ``__iter__``.

    With ``num_workers > 0`` a :class:`~ad_data.DataLoader` reads the stream in one
    background thread (PyTorch gives each worker process its own copy).

    Examples
    --------
    >>> class Count(IterableDataset[int]):
    ...     def __iter__(self) -> Iterator[int]:
    ...         return iter(range(3))
    >>> list(Count())
    [0, 1, 2]
    """

    def __iter__(self) -> Iterator[T_co]:
        raise NotImplementedError(
            f"{type(self).__name__}: subclasses of IterableDataset define __iter__"
        )

    def __len__(self) -> int:
        # TypeError, as for any object without a length, so that list() and friends skip it.
        raise TypeError(f"{type(self).__name__}: this IterableDataset defines no __len__")


def _index_array(op: str, indices: Any) -> NDArray[np.intp]:
    """``indices`` as an index array, refused unless they are integers."""
    array = np.asarray(indices)
    if array.dtype.kind not in "iu" and array.size:
        raise TypeError(f"{op}: expected integer indices, got {indices!r}")
    return array.astype(np.intp, copy=False)


def _bad_index(op: str, index: Any, length: int) -> Exception:
    """The error for an ``index`` that is not an int in range of ``length``."""
    if isinstance(index, np.ndarray) and index.dtype.kind in "iu":
        index = next(int(i) for i in index.reshape(-1) if not -length <= i < length)
    if isinstance(index, int | np.integer):
        return IndexError(f"{op}: index {index} is out of range for a dataset of length {length}")
    return TypeError(f"{op}: expected an integer index, got {index!r}")


class ArrayDataset(Dataset[tuple[NDArray[Any], ...]]):
    """Samples are rows of arrays that share their first dimension.

    ``dataset[i]`` is ``tuple(a[i] for a in arrays)``, rows of NumPy arrays; a
    batch of indices is one fancy-index per array, wrapped in ``ad_core.Tensor``
    without another copy. Also exported as ``TensorDataset``.

    Parameters
    ----------
    *arrays : array_like
        At least one array (or ``ad_core.Tensor``, whose data is used); all have
        the same size along dimension 0.

    Examples
    --------
    >>> x = np.arange(6.0).reshape(3, 2)
    >>> y = np.array([0, 1, 0])
    >>> ds = ArrayDataset(x, y)
    >>> len(ds), ds[1]
    (3, (array([2., 3.]), np.int64(1)))
    >>> ds.__getitems__([2, 0])
    [tensor([[4., 5.],
            [0., 1.]], dtype=float64), tensor([0, 0])]
    """

    def __init__(self, *arrays: ArrayLike) -> None:
        if not arrays:
            raise ValueError("ArrayDataset: expected at least one array, got none")
        converted = tuple(np.asarray(a) for a in arrays)
        for position, array in enumerate(converted):
            if array.ndim == 0:
                raise ValueError(
                    f"ArrayDataset: expected arrays with a first dimension, "
                    f"got a 0-d array at position {position}"
                )
        sizes = [a.shape[0] for a in converted]
        if any(size != sizes[0] for size in sizes):
            raise ValueError(
                f"ArrayDataset: all arrays must have the same first dimension, got sizes {sizes}"
            )
        self.arrays: tuple[NDArray[Any], ...] = converted

    @property
    def tensors(self) -> tuple[NDArray[Any], ...]:
        """The arrays, under the name PyTorch's ``TensorDataset`` gives them."""
        return self.arrays

    def __getitem__(self, index: int) -> tuple[NDArray[Any], ...]:
        try:
            return tuple(a[index] for a in self.arrays)
        except IndexError:
            raise _bad_index("ArrayDataset", index, len(self)) from None

    def __getitems__(self, indices: Sequence[int] | NDArray[np.integer]) -> list[Tensor]:
        """The batch of ``indices``: one fancy-indexed Tensor per array."""
        where = _index_array("ArrayDataset", indices)
        # take() gathers rows about a quarter faster than a[where] for large arrays.
        try:
            return [Tensor._wrap(a.take(where, axis=0)) for a in self.arrays]
        except IndexError:
            raise _bad_index("ArrayDataset", where, len(self)) from None

    def __len__(self) -> int:
        return int(self.arrays[0].shape[0])


TensorDataset = ArrayDataset


class Subset(Dataset[T_co]):
    """The samples of ``dataset`` at ``indices``, in that order.

    Parameters
    ----------
    dataset : Dataset
        The whole dataset.
    indices : sequence of int
        Positions in ``dataset``; ``subset[i]`` is ``dataset[indices[i]]``.

    Examples
    --------
    >>> ds = ArrayDataset(np.arange(10))
    >>> sub = Subset(ds, [7, 2, 5])
    >>> len(sub), sub[0]
    (3, (np.int64(7),))
    >>> sub.__getitems__([0, 2])
    [tensor([7, 5])]
    """

    def __init__(
        self, dataset: Dataset[T_co], indices: Sequence[int] | NDArray[np.integer]
    ) -> None:
        self.dataset = dataset
        self.indices = indices
        self._index_array = _index_array("Subset", indices).reshape(-1)
        n = len(dataset)
        if self._index_array.size and not (
            -n <= self._index_array.min() and self._index_array.max() < n
        ):
            raise _bad_index("Subset", self._index_array, n)

    def __getitem__(self, index: int) -> T_co:
        return self.dataset[int(self._index_array[index])]

    def __getitems__(self, indices: Sequence[int] | NDArray[np.integer]) -> Any:
        """The collated batch of ``indices``, in one call when ``dataset`` allows it."""
        where = self._index_array[np.asarray(indices, dtype=np.intp)]
        getitems = getattr(self.dataset, "__getitems__", None)
        if getitems is not None:
            return getitems(where.tolist())
        return default_collate([self.dataset[int(i)] for i in where])

    def __len__(self) -> int:
        return len(self._index_array)


class ConcatDataset(Dataset[T_co]):
    """Map-style datasets one after another.

    Parameters
    ----------
    datasets : iterable of Dataset
        At least one map-style dataset.

    Examples
    --------
    >>> ds = ConcatDataset([ArrayDataset(np.arange(3)), ArrayDataset(np.arange(10, 12))])
    >>> len(ds), ds[3], ds[-1], ds.cumulative_sizes
    (5, (np.int64(10),), (np.int64(11),), [3, 5])
    """

    def __init__(self, datasets: Iterable[Dataset[T_co]]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: expected at least one dataset, got none")
        for position, dataset in enumerate(self.datasets):
            if not hasattr(dataset, "__getitem__") or not hasattr(dataset, "__len__"):
                raise TypeError(
                    f"ConcatDataset: expected map-style datasets, got {type(dataset).__name__} "
                    f"at position {position}"
                )
            if isinstance(dataset, IterableDataset):
                raise TypeError(
                    f"ConcatDataset: expected map-style datasets, got an IterableDataset "
                    f"at position {position}"
                )
        sizes = np.cumsum([len(d) for d in self.datasets])
        self.cumulative_sizes: list[int] = [int(s) for s in sizes]

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, index: int) -> T_co:
        length = len(self)
        if not -length <= index < length:
            raise IndexError(
                f"ConcatDataset: index {index} is out of range for a dataset of length {length}"
            )
        if index < 0:
            index += length
        which = bisect.bisect_right(self.cumulative_sizes, index)
        offset = self.cumulative_sizes[which - 1] if which > 0 else 0
        return self.datasets[which][index - offset]
