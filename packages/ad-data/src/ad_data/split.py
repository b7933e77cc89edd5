"""``random_split``: disjoint random subsets of a dataset."""

import itertools
import math
import warnings
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

import ad_core

from ._generator import resolve_generator
from .dataset import Dataset, Subset

T = TypeVar("T")


def random_split(
    dataset: Dataset[T],
    lengths: Sequence[int | float],
    generator: np.random.Generator | None = None,
    seed: int | None = None,
) -> list[Subset[T]]:
    """Split ``dataset`` into disjoint random subsets of the given lengths.

    Parameters
    ----------
    dataset : Dataset
        A map-style dataset.
    lengths : sequence of int or float
        Sizes that sum to ``len(dataset)``, or fractions that sum to 1: as in
        PyTorch, each fraction gets ``floor(fraction * len(dataset))`` samples and
        the remainder is handed out one by one, round-robin from the first split.
    generator : np.random.Generator, optional
        The generator of the permutation.
    seed : int, optional
        Seed of a new generator (instead of ``generator``). Without either, the
        permutation is drawn from ``ad_core.default_generator()``, as PyTorch
        draws it from its global one.

    Returns
    -------
    list of Subset
        Together they hold every index exactly once.

    Examples
    --------
    >>> from ad_data import ArrayDataset
    >>> ds = ArrayDataset(np.arange(10))
    >>> train, test = random_split(ds, [0.7, 0.3], seed=0)
    >>> len(train), len(test)
    (7, 3)
    >>> sorted(np.concatenate([train.indices, test.indices]).tolist()) == list(range(10))
    True
    """
    n = len(dataset)
    sizes = _sizes(lengths, n)
    source = resolve_generator("random_split", seed, generator) or ad_core.default_generator()
    order = source.permutation(n)
    bounds = np.cumsum([0, *sizes])
    return [
        Subset(dataset, order[start:stop].tolist()) for start, stop in itertools.pairwise(bounds)
    ]


def _sizes(lengths: Sequence[int | float], n: int) -> list[int]:
    values = list(lengths)
    if not values:
        raise ValueError("random_split: expected at least one length, got none")
    for position, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise TypeError(
                f"random_split: expected lengths to be ints or fractions, "
                f"got {type(value).__name__} at index {position}"
            )
        if not math.isfinite(value):
            raise ValueError(
                f"random_split: expected finite lengths, got {value} at index {position}"
            )
    total = sum(values)
    if math.isclose(total, 1) and total <= 1:
        for position, fraction in enumerate(values):
            if not 0 <= fraction <= 1:
                raise ValueError(
                    f"random_split: fraction at index {position} is not between 0 and 1, "
                    f"got {fraction}"
                )
        sizes = [math.floor(n * fraction) for fraction in values]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        for position, size in enumerate(sizes):
            if size == 0:
                warnings.warn(
                    f"random_split: split at index {position} is empty", UserWarning, stacklevel=3
                )
        return sizes
    for position, value in enumerate(values):
        if value != int(value) or value < 0:
            raise ValueError(
                f"random_split: expected non-negative integer lengths or fractions summing to 1, "
                f"got {value} at index {position}"
            )
    sizes = [int(value) for value in values]
    if sum(sizes) != n:
        raise ValueError(
            f"random_split: lengths must sum to the dataset's length {n}, "
            f"got {sizes} (sum {sum(sizes)})"
        )
    return sizes
