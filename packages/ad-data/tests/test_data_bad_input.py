"""Bad calls into ad_data: each raises a built-in exception whose message names
the class or function and the offending argument, never NumPy's own message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from ad_data import (
    ArrayDataset,
    ConcatDataset,
    DataLoader,
    Subset,
    SubsetRandomSampler,
    WeightedRandomSampler,
    default_collate,
    random_split,
)


def bad(value: object) -> Any:
    """A value of the wrong type, passed on as the type checker is told to expect."""
    return value


DATA = ArrayDataset(np.arange(8.0).reshape(4, 2), np.arange(4))

BAD_CALLS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    (
        "subset-float-indices",
        lambda: Subset(DATA, bad([1.5])),
        TypeError,
        r"Subset: expected integer indices, got \[1.5\]",
    ),
    (
        "subset-out-of-range",
        lambda: Subset(DATA, [0, 10]),
        IndexError,
        r"Subset: index 10 is out of range for a dataset of length 4",
    ),
    (
        "dataset-float-index",
        lambda: DATA[bad(1.5)],
        TypeError,
        r"ArrayDataset: expected an integer index, got 1.5",
    ),
    (
        "dataset-index-out-of-range",
        lambda: DATA[10],
        IndexError,
        r"ArrayDataset: index 10 is out of range for a dataset of length 4",
    ),
    (
        "dataset-batch-out-of-range",
        lambda: DATA.__getitems__([1, 7]),
        IndexError,
        r"ArrayDataset: index 7 is out of range for a dataset of length 4",
    ),
    (
        "weighted-sampler-str-weights",
        lambda: WeightedRandomSampler(bad(["a", "b"]), 2),
        TypeError,
        r"WeightedRandomSampler: expected numeric weights, got dtype <U1",
    ),
    (
        "subset-sampler-str",
        lambda: SubsetRandomSampler(bad("ab")),
        TypeError,
        r"SubsetRandomSampler: expected indices to be a sequence of ints, got 'ab'",
    ),
    (
        "random-split-nan",
        lambda: random_split(DATA, [float("nan"), 1.0]),
        ValueError,
        r"random_split: expected finite lengths, got nan at index 0",
    ),
    (
        "concat-not-a-dataset",
        lambda: ConcatDataset([DATA, bad(3)]),
        TypeError,
        r"ConcatDataset: expected map-style datasets, got int at position 1",
    ),
    (
        "collate-dict-keys",
        lambda: default_collate([{"a": 1}, {"b": 2}]),
        RuntimeError,
        r"default_collate: each dict in the batch should have the keys \['a'\], got \['b'\]",
    ),
    (
        "loader-batch-size",
        lambda: DataLoader(DATA, batch_size=0),
        ValueError,
        r"DataLoader: expected batch_size to be a positive integer or None, got batch_size=0",
    ),
    (
        "loader-shuffle-str",
        lambda: DataLoader(DATA, shuffle=bad("yes")),
        TypeError,
        r"DataLoader: expected shuffle to be a bool, got 'yes'",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [pytest.param(call, error, message, id=name) for name, call, error, message in BAD_CALLS],
)
def test_bad_calls_name_the_function_and_the_argument(
    call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def test_valid_indices_still_work() -> None:
    assert Subset(DATA, [3, -1])[1][1] == 3
    assert [a.tolist() for a in DATA.__getitems__([0, -1])] == [[[0.0, 1.0], [6.0, 7.0]], [0, 3]]
    assert len(Subset(DATA, [])) == 0
