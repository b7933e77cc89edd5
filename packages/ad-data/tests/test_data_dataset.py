"""Dataset, IterableDataset, ArrayDataset, Subset, ConcatDataset."""

from collections.abc import Iterator

import numpy as np
import pytest

import ad_core
from ad_core import Tensor
from ad_data import (
    ArrayDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    Subset,
    TensorDataset,
)


class Squares(Dataset[int]):
    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self.n:
            raise IndexError(index)
        return index * index

    def __len__(self) -> int:
        return self.n


class Stream(IterableDataset[int]):
    def __iter__(self) -> Iterator[int]:
        return iter(range(3))


def test_base_classes_name_what_is_missing() -> None:
    with pytest.raises(NotImplementedError, match="Dataset: subclasses of Dataset define"):
        Dataset()[0]
    with pytest.raises(NotImplementedError, match="__len__"):
        len(Dataset())
    with pytest.raises(NotImplementedError, match="define __iter__"):
        iter(IterableDataset())
    with pytest.raises(TypeError, match="Stream: this IterableDataset defines no __len__"):
        len(Stream())
    assert list(Stream()) == [0, 1, 2]


def test_array_dataset_samples_and_batches() -> None:
    x = np.arange(12.0).reshape(4, 3)
    y = np.array([5, 6, 7, 8])
    ds = ArrayDataset(x, y)
    assert len(ds) == 4 and TensorDataset is ArrayDataset and ds.tensors is ds.arrays
    sample = ds[2]
    assert isinstance(sample, tuple) and len(sample) == 2
    np.testing.assert_array_equal(sample[0], [6, 7, 8])
    assert sample[1] == 7
    bx, by = ds.__getitems__([3, 0, 3])
    assert isinstance(bx, Tensor) and isinstance(by, Tensor) and not bx.requires_grad
    np.testing.assert_array_equal(bx, x[[3, 0, 3]])
    np.testing.assert_array_equal(by, [8, 5, 8])
    assert ds[-1][1] == 8


def test_array_dataset_accepts_lists_and_keeps_dtype() -> None:
    ds = ArrayDataset([[1, 2], [3, 4]], np.array([0.5, 1.5], dtype=np.float32))
    assert ds.arrays[0].dtype.kind == "i" and ds.arrays[1].dtype == np.float32
    assert ds.__getitems__([1])[1].dtype == np.float32


def test_array_dataset_takes_tensors() -> None:
    ds = ArrayDataset(ad_core.tensor([[1.0, 2.0], [3.0, 4.0]]), ad_core.tensor([0, 1]))
    assert isinstance(ds.arrays[0], np.ndarray) and ds.arrays[0].dtype == np.float32
    assert ds.__getitems__([1])[0].tolist() == [[3.0, 4.0]]


def test_array_dataset_errors() -> None:
    with pytest.raises(ValueError, match=r"same first dimension, got sizes \[3, 4\]"):
        ArrayDataset(np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="ArrayDataset: expected at least one array"):
        ArrayDataset()
    with pytest.raises(ValueError, match="0-d array at position 1"):
        ArrayDataset(np.zeros(3), np.float64(1.0))
    with pytest.raises(IndexError):
        ArrayDataset(np.zeros(3))[3]
    with pytest.raises(IndexError):
        ArrayDataset(np.zeros(3)).__getitems__([0, 5])


def test_subset_maps_indices() -> None:
    ds = ArrayDataset(np.arange(10) * 10)
    sub = Subset(ds, [9, 0, 4])
    assert len(sub) == 3 and sub.indices == [9, 0, 4]
    assert [int(sub[i][0]) for i in range(3)] == [90, 0, 40]
    np.testing.assert_array_equal(sub.__getitems__([2, 0])[0], [40, 90])
    with pytest.raises(IndexError):
        sub[3]


def test_subset_of_plain_dataset_collates_per_sample() -> None:
    sub = Subset(Squares(6), [5, 1])
    assert sub[0] == 25
    assert isinstance(sub.__getitems__([0, 1]), Tensor)
    np.testing.assert_array_equal(sub.__getitems__([0, 1]), [25, 1])


def test_subset_of_subset_stays_batched() -> None:
    ds = ArrayDataset(np.arange(20))
    inner = Subset(ds, list(range(10, 20)))
    outer = Subset(inner, [9, 0])
    np.testing.assert_array_equal(outer.__getitems__([0, 1])[0], [19, 10])


def test_concat_dataset_indexes_across_parts() -> None:
    ds = ConcatDataset([Squares(3), Squares(2), Squares(4)])
    assert len(ds) == 9 and ds.cumulative_sizes == [3, 5, 9]
    assert [ds[i] for i in range(9)] == [0, 1, 4, 0, 1, 0, 1, 4, 9]
    assert ds[-1] == 9 and ds[-9] == 0
    added = Squares(2) + Squares(1)
    assert isinstance(added, ConcatDataset) and [added[i] for i in range(3)] == [0, 1, 0]


def test_concat_dataset_skips_empty_parts() -> None:
    ds = ConcatDataset([Squares(0), Squares(2), Squares(0), Squares(1)])
    assert [ds[i] for i in range(len(ds))] == [0, 1, 0]


def test_concat_dataset_errors() -> None:
    ds = ConcatDataset([Squares(2)])
    with pytest.raises(IndexError, match="index 2 is out of range for a dataset of length 2"):
        ds[2]
    with pytest.raises(IndexError, match="index -3 is out of range"):
        ds[-3]
    with pytest.raises(ValueError, match="ConcatDataset: expected at least one dataset"):
        ConcatDataset([])
    with pytest.raises(TypeError, match="got an IterableDataset at position 1"):
        ConcatDataset([Squares(1), Stream()])
