"""random_split: disjoint covering subsets, PyTorch's fraction rules, seeds and errors."""

import warnings
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_data import ArrayDataset, Subset, random_split


def all_indices(parts: list[Subset[Any]]) -> list[int]:
    return [int(i) for part in parts for i in part.indices]


def test_lengths_give_disjoint_covering_subsets() -> None:
    ds = ArrayDataset(np.arange(20) * 3)
    parts = random_split(ds, [5, 0, 15], seed=0)
    assert [len(p) for p in parts] == [5, 0, 15]
    assert sorted(all_indices(parts)) == list(range(20))
    assert all(p.dataset is ds for p in parts)
    first = parts[0]
    assert [int(first[i][0]) for i in range(5)] == [3 * i for i in first.indices]


def test_split_is_random_and_seeded() -> None:
    ds = ArrayDataset(np.arange(50))
    a = all_indices(random_split(ds, [25, 25], seed=3))
    b = all_indices(random_split(ds, [25, 25], seed=3))
    c = all_indices(random_split(ds, [25, 25], generator=np.random.default_rng(3)))
    assert a == b == c and a != list(range(50))
    assert all_indices(random_split(ds, [25, 25], seed=4)) != a
    assert all_indices(random_split(ds, [25, 25])) != all_indices(random_split(ds, [25, 25]))


def test_unseeded_split_draws_from_the_global_generator() -> None:
    ds = ArrayDataset(np.arange(50))
    ad_core.manual_seed(8)
    a = all_indices(random_split(ds, [25, 25]))
    ad_core.manual_seed(8)
    expected = ad_core.default_generator().permutation(50).tolist()
    ad_core.manual_seed(8)
    assert all_indices(random_split(ds, [25, 25])) == a == expected


@pytest.mark.parametrize(
    ("n", "fractions", "expected"),
    [
        (10, [0.7, 0.3], [7, 3]),
        (10, [0.5, 0.5], [5, 5]),
        (11, [1 / 3, 1 / 3, 1 / 3], [4, 4, 3]),
        (7, [0.25, 0.25, 0.25, 0.25], [2, 2, 2, 1]),
        (5, [0.1, 0.9], [1, 4]),
        (3, [1.0], [3]),
    ],
)
def test_fractions_follow_pytorch(n: int, fractions: list[float], expected: list[int]) -> None:
    parts = random_split(ArrayDataset(np.arange(n)), fractions, seed=0)
    assert [len(p) for p in parts] == expected
    assert sorted(all_indices(parts)) == list(range(n))


def test_empty_fraction_split_warns() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parts = random_split(ArrayDataset(np.arange(2)), [0.9, 0.05, 0.05], seed=0)
    assert [len(p) for p in parts] == [2, 0, 0]
    assert [str(w.message) for w in caught] == [
        "random_split: split at index 1 is empty",
        "random_split: split at index 2 is empty",
    ]
    assert all(w.category is UserWarning and w.filename == __file__ for w in caught)
    with warnings.catch_warnings():
        random_split(ArrayDataset(np.arange(10)), [0.5, 0.5], seed=0)


def test_integer_valued_floats_that_are_not_fractions_are_lengths() -> None:
    assert [len(p) for p in random_split(ArrayDataset(np.arange(4)), [1.0, 3.0])] == [1, 3]


@pytest.mark.parametrize(
    ("lengths", "error", "message"),
    [
        (
            [3, 4],
            ValueError,
            r"lengths must sum to the dataset's length 10, got \[3, 4\] \(sum 7\)",
        ),
        ([6, 6], ValueError, "lengths must sum to the dataset's length 10"),
        ([0.5, 0.4], ValueError, "expected non-negative integer lengths or fractions summing to 1"),
        ([12, -2], ValueError, "got -2 at index 1"),
        ([1.5, -0.5], ValueError, "fraction at index 0 is not between 0 and 1"),
        ([], ValueError, "random_split: expected at least one length"),
        (["5", 5], TypeError, "expected lengths to be ints or fractions, got str at index 0"),
        ([True, 9], TypeError, "got bool at index 0"),
    ],
)
def test_errors(lengths: list[Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        random_split(ArrayDataset(np.arange(10)), lengths)


def test_seed_and_generator_together_rejected() -> None:
    with pytest.raises(ValueError, match="random_split: expected seed or generator, not both"):
        random_split(ArrayDataset(np.arange(2)), [1, 1], np.random.default_rng(0), seed=0)
