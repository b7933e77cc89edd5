"""Samplers: the order in which a DataLoader visits a dataset's indices."""

from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from itertools import chain, islice
from typing import Any, Generic, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._generator import pass_generator, resolve_generator

T_co = TypeVar("T_co", covariant=True)

# Indices drawn at a time with replacement: few enough that a pass of any length
# starts at once in bounded memory, enough that NumPy's per-call cost vanishes
# (drawing 32 at a time, as PyTorch does, costs several times more per index).
_CHUNK = 4096


class Sampler(Generic[T_co]):
    """Base of samplers: an iterable of indices (or of lists of indices).

    Subclasses define ``__iter__`` and, when they know it, ``__len__``.

    Examples
    --------
    >>> class Evens(Sampler[int]):
    ...     def __iter__(self) -> Iterator[int]:
    ...         return iter(range(0, 6, 2))
    >>> list(Evens())
    [0, 2, 4]
    """

    def __iter__(self) -> Iterator[T_co]:
        raise NotImplementedError(f"{type(self).__name__}: subclasses of Sampler define __iter__")


class SequentialSampler(Sampler[int]):
    """Indices ``0, 1, ..., len(data_source) - 1`` in order.

    Examples
    --------
    >>> list(SequentialSampler(range(4)))
    [0, 1, 2, 3]
    """

    def __init__(self, data_source: Sized) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler[int]):
    """Indices of ``data_source`` in random order, a new order on every pass.

    Parameters
    ----------
    data_source : sized
        The dataset.
    replacement : bool, default False
        Draw with replacement. Without it, ``num_samples`` beyond the dataset's
        size chain whole permutations, as in PyTorch.
    num_samples : int, optional
        How many indices a pass yields; default ``len(data_source)``. Indices are
        drawn as the pass goes (a chunk with replacement, a permutation without),
        so a huge ``num_samples`` makes an endless sampler, as in PyTorch.
    generator : np.random.Generator, optional
        The generator to draw from.
    seed : int, optional
        Seed of a new generator (instead of ``generator``): two samplers with the
        same seed yield the same sequence of passes. Without either, each pass
        seeds a generator from ``ad_core.default_generator()``, so that
        ``ad_core.manual_seed`` makes it reproducible, as in PyTorch.

    Examples
    --------
    >>> sampler = RandomSampler(range(5), seed=0)
    >>> sorted(sampler)
    [0, 1, 2, 3, 4]
    >>> list(sampler) == list(RandomSampler(range(5), seed=0))
    False
    >>> len(RandomSampler(range(5), replacement=True, num_samples=12))
    12
    >>> endless = iter(RandomSampler(range(5), replacement=True, num_samples=10**12, seed=0))
    >>> all(0 <= next(endless) < 5 for _ in range(10000))
    True
    """

    def __init__(
        self,
        data_source: Sized,
        replacement: bool = False,
        num_samples: int | None = None,
        generator: np.random.Generator | None = None,
        seed: int | None = None,
    ) -> None:
        if not isinstance(replacement, bool):
            raise TypeError(
                f"RandomSampler: expected replacement to be a bool, got {replacement!r}"
            )
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = resolve_generator("RandomSampler", seed, generator)
        if not _is_positive_int(self.num_samples):
            raise ValueError(
                f"RandomSampler: expected num_samples to be a positive integer, "
                f"got num_samples={self.num_samples!r}"
            )

    @property
    def num_samples(self) -> int:
        """Indices per pass: ``num_samples`` if given, else the dataset's current size."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self) -> Iterator[int]:
        n = len(self.data_source)
        if n == 0:
            raise ValueError("RandomSampler: cannot sample from an empty data_source")
        generator = pass_generator(self.generator)
        if self.replacement:
            return _in_chunks(lambda size: generator.integers(0, n, size=size), self.num_samples)
        return chain.from_iterable(_permutations(generator, n, self.num_samples))

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler[int]):
    """The given indices in random order, a new order on every pass.

    Parameters
    ----------
    indices : sequence of int
        The indices to visit.
    generator, seed
        As in :class:`RandomSampler`.

    Examples
    --------
    >>> sorted(SubsetRandomSampler([10, 3, 7], seed=1))
    [3, 7, 10]
    """

    def __init__(
        self,
        indices: Sequence[int],
        generator: np.random.Generator | None = None,
        seed: int | None = None,
    ) -> None:
        kind = np.asarray(indices).dtype.kind
        if kind not in "iu" and len(indices):
            raise TypeError(
                f"SubsetRandomSampler: expected indices to be a sequence of ints, got {indices!r}"
            )
        self.indices = indices
        self.generator = resolve_generator("SubsetRandomSampler", seed, generator)

    def __iter__(self) -> Iterator[int]:
        order = pass_generator(self.generator).permutation(len(self.indices)).tolist()
        return (self.indices[i] for i in order)

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
    """Indices ``0..len(weights)-1`` drawn with probabilities proportional to ``weights``.

    Parameters
    ----------
    weights : array_like
        1-d, non-negative, finite, with a positive sum; need not sum to one.
    num_samples : int
        How many indices a pass yields. With replacement they are drawn as the
        pass goes, a chunk at a time, so a huge ``num_samples`` makes an endless
        sampler (PyTorch draws them all when the pass starts).
    replacement : bool, default True
        Without replacement an index appears at most once per pass, so
        ``num_samples`` may not exceed the number of non-zero weights.
    generator, seed
        As in :class:`RandomSampler`.

    Examples
    --------
    >>> sampler = WeightedRandomSampler([0.0, 1.0, 3.0], num_samples=1000, seed=0)
    >>> counts = np.bincount(list(sampler), minlength=3)
    >>> int(counts[0]), bool(650 < counts[2] < 850)
    (0, True)
    """

    def __init__(
        self,
        weights: ArrayLike,
        num_samples: int,
        replacement: bool = True,
        generator: np.random.Generator | None = None,
        seed: int | None = None,
    ) -> None:
        if not _is_positive_int(num_samples):
            raise ValueError(
                f"WeightedRandomSampler: expected num_samples to be a positive integer, "
                f"got num_samples={num_samples!r}"
            )
        if not isinstance(replacement, bool):
            raise TypeError(
                f"WeightedRandomSampler: expected replacement to be a bool, got {replacement!r}"
            )
        array = np.asarray(weights)
        if array.dtype.kind not in "biuf":
            raise TypeError(
                f"WeightedRandomSampler: expected numeric weights, got dtype {array.dtype}"
            )
        array = array.astype(np.float64)
        if array.ndim != 1:
            raise ValueError(
                f"WeightedRandomSampler: expected 1-d weights, got shape {array.shape}"
            )
        if not np.isfinite(array).all() or (array < 0).any() or array.sum() <= 0:
            raise ValueError(
                "WeightedRandomSampler: expected finite, non-negative weights with a positive sum"
            )
        nonzero = int(np.count_nonzero(array))
        if not replacement and num_samples > nonzero:
            raise ValueError(
                f"WeightedRandomSampler: cannot draw {num_samples} samples without replacement "
                f"from {nonzero} non-zero weights"
            )
        self.weights = array
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = resolve_generator("WeightedRandomSampler", seed, generator)
        self._probabilities = array / array.sum()
        # The inverse-CDF draw that Generator.choice(p=...) makes, computed once
        # instead of once per chunk; it gives choice's indices, draw for draw.
        self._cdf = self._probabilities.cumsum()
        self._cdf /= self._cdf[-1]

    def __iter__(self) -> Iterator[int]:
        generator = pass_generator(self.generator)
        if self.replacement:
            cdf = self._cdf
            return _in_chunks(
                lambda size: cdf.searchsorted(generator.random(size), side="right"),
                self.num_samples,
            )
        drawn = generator.choice(
            len(self.weights), size=self.num_samples, replace=False, p=self._probabilities
        )
        return iter(drawn.tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler[list[int]]):
    """Group another sampler's indices into lists of ``batch_size``.

    Parameters
    ----------
    sampler : Sampler or iterable of int
        The indices to group.
    batch_size : int
        Positive size of a batch.
    drop_last : bool
        Drop the last batch when it is smaller than ``batch_size``.

    Examples
    --------
    >>> list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=False))
    [[0, 1], [2, 3], [4]]
    >>> len(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=True))
    2
    """

    def __init__(
        self, sampler: Sampler[int] | Iterable[int], batch_size: int, drop_last: bool
    ) -> None:
        if not _is_positive_int(batch_size):
            raise ValueError(
                f"BatchSampler: expected batch_size to be a positive integer, "
                f"got batch_size={batch_size!r}"
            )
        if not isinstance(drop_last, bool):
            raise ValueError(f"BatchSampler: expected drop_last to be a bool, got {drop_last!r}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list[int]]:
        indices = iter(self.sampler)
        while batch := list(islice(indices, self.batch_size)):
            if self.drop_last and len(batch) < self.batch_size:
                return
            yield batch

    def __len__(self) -> int:
        if not isinstance(self.sampler, Sized):
            raise TypeError(
                f"BatchSampler: len() needs a sampler with a length, "
                f"got {type(self.sampler).__name__}"
            )
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return -(-len(self.sampler) // self.batch_size)


def _in_chunks(draw: Callable[[int], NDArray[np.integer]], total: int) -> Iterator[int]:
    """``total`` indices, ``draw(size)`` giving the next ``size`` of them, ``_CHUNK`` at a time."""
    sizes = (min(_CHUNK, total - start) for start in range(0, total, _CHUNK))
    return chain.from_iterable(draw(size).tolist() for size in sizes)


def _permutations(generator: np.random.Generator, n: int, total: int) -> Iterator[list[int]]:
    """Whole permutations of ``range(n)``, then part of one, ``total`` indices in all."""
    full, rest = divmod(total, n)
    for _ in range(full):
        yield generator.permutation(n).tolist()
    # Drawn even when rest is 0, as PyTorch's RandomSampler does; skipping it would
    # change every seeded pass after the first, and the recorded results with them.
    yield generator.permutation(n)[:rest].tolist()


def _is_positive_int(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool) and bool(value > 0)
