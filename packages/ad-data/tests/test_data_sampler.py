"""Samplers: what each pass yields, its distribution, reproducibility and errors."""

import time
import tracemalloc
from collections.abc import Iterator
from itertools import islice
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_data import (
    ArrayDataset,
    BatchSampler,
    DataLoader,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)


def test_base_sampler_needs_iter() -> None:
    with pytest.raises(NotImplementedError, match="Sampler: subclasses of Sampler define"):
        iter(Sampler())


def test_sequential_sampler() -> None:
    sampler = SequentialSampler(range(5))
    assert list(sampler) == [0, 1, 2, 3, 4] and len(sampler) == 5
    assert list(SequentialSampler([])) == []


def test_random_sampler_each_pass_is_a_new_permutation() -> None:
    sampler = RandomSampler(range(50), seed=0)
    passes = [list(sampler) for _ in range(3)]
    for order in passes:
        assert sorted(order) == list(range(50))
        assert all(isinstance(i, int) for i in order)
    assert passes[0] != passes[1] != passes[2]
    assert len(sampler) == 50


def test_random_sampler_same_seed_same_sequence_of_passes() -> None:
    a, b = RandomSampler(range(20), seed=7), RandomSampler(range(20), seed=7)
    assert [list(a) for _ in range(3)] == [list(b) for _ in range(3)]
    generator = np.random.default_rng(7)
    c = RandomSampler(range(20), generator=generator)
    assert list(c) == list(RandomSampler(range(20), seed=7))


def test_random_sampler_first_position_is_uniform() -> None:
    sampler = RandomSampler(range(5), seed=1)
    firsts = np.bincount([next(iter(sampler)) for _ in range(5000)], minlength=5)
    assert firsts.min() > 900 and firsts.max() < 1100


def test_random_sampler_num_samples_beyond_size_chains_permutations() -> None:
    order = list(RandomSampler(range(4), num_samples=10, seed=0))
    assert len(order) == 10
    assert sorted(order[:4]) == sorted(order[4:8]) == [0, 1, 2, 3]
    assert len(set(order[8:])) == 2
    assert list(RandomSampler(range(4), num_samples=2, seed=0)) != []


def test_random_sampler_with_replacement_is_uniform() -> None:
    sampler = RandomSampler(range(4), replacement=True, num_samples=8000, seed=2)
    counts = np.bincount(list(sampler), minlength=4)
    assert len(sampler) == 8000 and counts.sum() == 8000
    assert counts.min() > 1850 and counts.max() < 2150


def test_random_sampler_num_samples_follows_data_source() -> None:
    data = [1, 2, 3]
    sampler = RandomSampler(data, seed=0)
    data.append(4)
    assert len(sampler) == 4 and sorted(sampler) == [0, 1, 2, 3]


def test_random_sampler_errors() -> None:
    with pytest.raises(TypeError, match="RandomSampler: expected replacement to be a bool"):
        RandomSampler(range(3), replacement=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="got num_samples=0"):
        RandomSampler(range(3), num_samples=0)
    with pytest.raises(ValueError, match="got num_samples=0"):
        RandomSampler([])
    with pytest.raises(ValueError, match="RandomSampler: expected seed or generator, not both"):
        RandomSampler(range(3), seed=0, generator=np.random.default_rng(0))
    with pytest.raises(ValueError, match="cannot sample from an empty data_source"):
        iter(RandomSampler([], num_samples=3))


ENDLESS = 10**10  # an "infinite" sampler, as makemore and minGPT build


def pull(sampler: Sampler[int], count: int) -> tuple[list[int], float, int]:
    """The first ``count`` indices of a pass, the seconds they took and the peak bytes."""
    tracemalloc.start()
    start = time.perf_counter()
    drawn = list(islice(iter(sampler), count))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return drawn, seconds, peak


@pytest.mark.parametrize(
    "make",
    [
        lambda seed: RandomSampler(range(10), replacement=True, num_samples=ENDLESS, seed=seed),
        lambda seed: RandomSampler(range(10), num_samples=ENDLESS, seed=seed),
        lambda seed: WeightedRandomSampler([1.0, 0.0, 3.0] * 3, num_samples=ENDLESS, seed=seed),
    ],
    ids=["random-replacement", "random-permutations", "weighted"],
)
def test_endless_samplers_draw_lazily(make: Any) -> None:
    sampler = make(0)
    assert len(sampler) == ENDLESS
    drawn, seconds, peak = pull(sampler, 20000)
    assert len(drawn) == 20000 and all(isinstance(i, int) and 0 <= i < 10 for i in drawn)
    assert seconds < 2.0 and peak < 8 * 2**20
    assert len(set(drawn)) >= 6
    assert pull(make(0), 20000)[0] == drawn
    assert pull(make(1), 20000)[0] != drawn


def test_finite_passes_are_the_draws_of_one_numpy_call() -> None:
    # What the samplers drew before they drew lazily: the same indices, pass after pass.
    n, total = 7, 3 * 4096 + 5
    lazy = RandomSampler(range(n), replacement=True, num_samples=total, seed=2)
    eager = np.random.default_rng(2)
    for _ in range(3):
        assert list(lazy) == eager.integers(0, n, size=total).tolist()
    weights = np.arange(50.0)
    lazy_weighted = WeightedRandomSampler(weights, num_samples=total, seed=3)
    eager = np.random.default_rng(3)
    for _ in range(3):
        expected = eager.choice(50, size=total, p=weights / weights.sum())
        assert list(lazy_weighted) == expected.tolist()
    chained = RandomSampler(range(1000), num_samples=2500, seed=1)
    eager = np.random.default_rng(1)
    for _ in range(3):
        parts = [eager.permutation(1000), eager.permutation(1000), eager.permutation(1000)[:500]]
        assert list(chained) == np.concatenate(parts).tolist()
    one_epoch = RandomSampler(range(100), seed=4)
    eager = np.random.default_rng(4)
    for _ in range(3):
        assert list(one_epoch) == eager.permutation(100).tolist()
        eager.permutation(100)  # the empty partial permutation PyTorch also draws


def test_loader_over_an_endless_sampler_yields_at_once() -> None:
    ds = ArrayDataset(np.arange(10.0), np.arange(10))
    sampler = RandomSampler(ds, replacement=True, num_samples=ENDLESS, seed=0)
    start = time.perf_counter()
    batches = list(islice(iter(DataLoader(ds, batch_size=32, sampler=sampler)), 200))
    assert time.perf_counter() - start < 2.0
    assert all(b[1].shape == (32,) for b in batches)
    labels = np.concatenate([b[1].array for b in batches])
    assert labels.min() >= 0 and labels.max() <= 9 and len(np.unique(labels)) == 10


@pytest.mark.parametrize(
    "make",
    [
        lambda: RandomSampler(range(30)),
        lambda: RandomSampler(range(30), replacement=True, num_samples=50),
        lambda: SubsetRandomSampler(list(range(30))),
        lambda: WeightedRandomSampler(np.ones(30), num_samples=50),
    ],
    ids=["random", "replacement", "subset", "weighted"],
)
def test_unseeded_samplers_follow_manual_seed(make: Any) -> None:
    ad_core.manual_seed(5)
    sampler = make()
    first, second = list(sampler), list(sampler)
    assert first != second
    ad_core.manual_seed(5)
    again = make()
    assert [list(again), list(again)] == [first, second]


def test_subset_random_sampler() -> None:
    indices = [10, 30, 20, 40]
    sampler = SubsetRandomSampler(indices, seed=3)
    passes = [list(sampler) for _ in range(4)]
    assert all(sorted(p) == [10, 20, 30, 40] for p in passes)
    assert len({tuple(p) for p in passes}) > 1 and len(sampler) == 4
    assert passes == [list(s) for s in [SubsetRandomSampler(indices, seed=3)] for _ in range(4)]


def test_weighted_sampler_frequencies_follow_weights() -> None:
    weights = [1.0, 0.0, 2.0, 7.0]
    sampler = WeightedRandomSampler(weights, num_samples=20000, seed=0)
    counts = np.bincount(list(sampler), minlength=4)
    assert counts[1] == 0 and counts.sum() == 20000
    np.testing.assert_allclose(counts / 20000, [0.1, 0.0, 0.2, 0.7], atol=0.015)


def test_weighted_sampler_seeded_reproducible_and_varies_across_passes() -> None:
    a = WeightedRandomSampler([1, 2, 3], num_samples=30, seed=5)
    b = WeightedRandomSampler([1, 2, 3], num_samples=30, seed=5)
    first, second = list(a), list(a)
    assert first == list(b) and second == list(b) and first != second
    assert len(a) == 30


def test_weighted_sampler_without_replacement_draws_distinct_indices() -> None:
    sampler = WeightedRandomSampler([5, 0, 1, 1, 3], num_samples=4, replacement=False, seed=0)
    for _ in range(20):
        drawn = list(sampler)
        assert sorted(drawn) == [0, 2, 3, 4]
    heavy_first = [next(iter(sampler)) for _ in range(2000)].count(0) / 2000
    assert abs(heavy_first - 0.5) < 0.05


def test_weighted_sampler_errors() -> None:
    with pytest.raises(ValueError, match=r"expected 1-d weights, got shape \(2, 2\)"):
        WeightedRandomSampler(np.ones((2, 2)), num_samples=1)
    for bad in ([1.0, -1.0, 2.0], [0.0, 0.0], [1.0, np.nan]):
        with pytest.raises(ValueError, match="finite, non-negative weights with a positive sum"):
            WeightedRandomSampler(bad, num_samples=1)
    with pytest.raises(ValueError, match="got num_samples=0"):
        WeightedRandomSampler([1.0], num_samples=0)
    with pytest.raises(ValueError, match="cannot draw 3 samples without replacement from 2"):
        WeightedRandomSampler([1.0, 0.0, 1.0], num_samples=3, replacement=False)
    with pytest.raises(TypeError, match="expected replacement to be a bool"):
        WeightedRandomSampler([1.0], num_samples=1, replacement="no")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "size", "drop_last", "expected"),
    [
        (10, 3, False, 4),
        (10, 3, True, 3),
        (9, 3, False, 3),
        (9, 3, True, 3),
        (2, 5, True, 0),
        (2, 5, False, 1),
        (0, 4, False, 0),
    ],
)
def test_batch_sampler_batches_and_len(n: int, size: int, drop_last: bool, expected: int) -> None:
    sampler = BatchSampler(SequentialSampler(range(n)), size, drop_last)
    batches = list(sampler)
    assert len(sampler) == len(batches) == expected
    flat = [i for batch in batches for i in batch]
    kept = expected * size if drop_last else n
    assert flat == list(range(kept))
    assert all(len(batch) == size for batch in batches[:-1])


def test_batch_sampler_over_plain_iterable() -> None:
    sampler = BatchSampler([4, 2, 0], 2, False)
    assert list(sampler) == [[4, 2], [0]] and len(sampler) == 2

    def endless() -> Iterator[int]:
        yield from range(3)

    unsized = BatchSampler(endless(), 2, False)
    with pytest.raises(TypeError, match="BatchSampler: len\\(\\) needs a sampler with a length"):
        len(unsized)
    assert list(unsized) == [[0, 1], [2]]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, None])
def test_batch_sampler_rejects_bad_batch_size(bad: Any) -> None:
    with pytest.raises(ValueError, match="BatchSampler: expected batch_size to be a positive"):
        BatchSampler(range(3), bad, False)


def test_batch_sampler_rejects_bad_drop_last() -> None:
    with pytest.raises(ValueError, match="BatchSampler: expected drop_last to be a bool"):
        BatchSampler(range(3), 2, 0)  # type: ignore[arg-type]
