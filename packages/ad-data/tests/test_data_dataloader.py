"""DataLoader: coverage of every sample, len, shuffling, seeds, collation, fast path, threads."""

import threading
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import Tensor
from ad_data import (
    ArrayDataset,
    BatchSampler,
    DataLoader,
    Dataset,
    IterableDataset,
    SequentialSampler,
    Subset,
    default_collate,
)


class Rows(Dataset[tuple[np.ndarray[Any, Any], int]]):
    """A plain map-style dataset: no __getitems__, so batches are built sample by sample."""

    def __init__(self, n: int) -> None:
        self.x = np.arange(n * 3, dtype=np.float32).reshape(n, 3)
        self.calls = 0

    def __getitem__(self, index: int) -> tuple[np.ndarray[Any, Any], int]:
        self.calls += 1
        return self.x[index], int(index)

    def __len__(self) -> int:
        return len(self.x)


class Records(Dataset[dict[str, Any]]):
    def __getitem__(self, index: int) -> dict[str, Any]:
        return {
            "feature": np.full(2, index, dtype=np.float64),
            "label": index % 3,
            "id": f"r{index}",
        }

    def __len__(self) -> int:
        return 7


class Counting(IterableDataset[int]):
    def __init__(self, n: int, length: bool = True) -> None:
        self.n = n
        self.length = length

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.n))

    def __len__(self) -> int:
        if not self.length:
            raise TypeError("no length")
        return self.n


class Batched(Dataset[int]):
    """Counts batched and per-sample calls, to see which path the loader takes."""

    def __init__(self) -> None:
        self.batched: list[list[int]] = []

    def __getitem__(self, index: int) -> int:
        raise AssertionError("the loader should fetch batches with __getitems__")

    def __getitems__(self, indices: list[int]) -> np.ndarray[Any, Any]:
        self.batched.append(list(indices))
        return np.asarray(indices) * 10

    def __len__(self) -> int:
        return 10


def labels(loader: DataLoader[Any]) -> list[int]:
    return [int(i) for batch in loader for i in batch[-1]]


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("dataset", [ArrayDataset(np.arange(23.0), np.arange(23)), Rows(23)])
def test_every_sample_exactly_once_per_epoch(dataset: Dataset[Any], shuffle: bool) -> None:
    loader = DataLoader(dataset, batch_size=5, shuffle=shuffle, seed=0)
    for _ in range(3):
        seen = labels(loader)
        assert sorted(seen) == list(range(23))
        if not shuffle:
            assert seen == list(range(23))


@pytest.mark.parametrize(
    ("n", "size", "drop_last", "expected"),
    [
        (23, 5, False, 5),
        (23, 5, True, 4),
        (20, 5, False, 4),
        (20, 5, True, 4),
        (3, 5, True, 0),
        (3, 5, False, 1),
        (1, 1, False, 1),
    ],
)
def test_len_with_and_without_drop_last(n: int, size: int, drop_last: bool, expected: int) -> None:
    loader = DataLoader(ArrayDataset(np.arange(n)), batch_size=size, drop_last=drop_last)
    batches = list(loader)
    assert len(loader) == len(batches) == expected
    assert [len(b[0]) for b in batches] == [size] * (n // size) + (
        [] if drop_last or n % size == 0 else [n % size]
    )


def test_drop_last_with_shuffle_drops_a_random_remainder() -> None:
    loader = DataLoader(
        ArrayDataset(np.arange(10)), batch_size=4, shuffle=True, drop_last=True, seed=1
    )
    epochs = [labels(loader) for _ in range(5)]
    assert all(len(e) == 8 and len(set(e)) == 8 for e in epochs)
    assert len({frozenset(e) for e in epochs}) > 1


def test_shuffle_gives_new_order_every_epoch_and_seed_reproduces_the_sequence() -> None:
    ds = ArrayDataset(np.arange(40))
    a = DataLoader(ds, batch_size=8, shuffle=True, seed=123)
    b = DataLoader(ds, batch_size=8, shuffle=True, seed=123)
    epochs_a = [labels(a) for _ in range(3)]
    epochs_b = [labels(b) for _ in range(3)]
    assert epochs_a == epochs_b
    assert epochs_a[0] != epochs_a[1] != epochs_a[2]
    assert epochs_a[0] != list(range(40))
    assert labels(DataLoader(ds, batch_size=8, shuffle=True, seed=124)) != epochs_a[0]


def test_generator_argument_drives_shuffling() -> None:
    ds = ArrayDataset(np.arange(30))
    a = labels(DataLoader(ds, batch_size=4, shuffle=True, generator=np.random.default_rng(9)))
    b = labels(DataLoader(ds, batch_size=4, shuffle=True, seed=9))
    assert a == b


def test_unseeded_loaders_differ() -> None:
    ds = ArrayDataset(np.arange(100))
    assert labels(DataLoader(ds, batch_size=10, shuffle=True)) != labels(
        DataLoader(ds, batch_size=10, shuffle=True)
    )


def test_unseeded_loaders_follow_manual_seed() -> None:
    ds = ArrayDataset(np.arange(100))
    ad_core.manual_seed(0)
    loader = DataLoader(ds, batch_size=10, shuffle=True)
    epochs = [labels(loader) for _ in range(2)]
    assert epochs[0] != epochs[1]
    ad_core.manual_seed(0)
    assert [labels(loader) for _ in range(2)] == epochs
    assert loader.generator is None


def test_batches_are_tensors_sharing_the_gathered_data() -> None:
    x = np.arange(12, dtype=np.float32).reshape(6, 2)
    batches = list(DataLoader(ArrayDataset(x, np.arange(6)), batch_size=4))
    for xb, yb in batches:
        assert isinstance(xb, Tensor) and isinstance(yb, Tensor)
        assert not xb.requires_grad and xb.dtype == np.float32 and yb.dtype == np.int64
        assert np.asarray(xb) is xb.array  # numpy functions see the batch without a copy
        assert not np.shares_memory(xb.array, x)  # the batch is its own copy of the rows
    np.testing.assert_array_equal(batches[1][0].array, x[4:])
    # What ported training loops do with targets.
    assert (batches[0][1] == ad_core.tensor([0, 1, 2, 3])).array.all()
    assert batches[0][1].reshape(2, 2).shape == (2, 2)


@pytest.mark.parametrize("workers", [0, 2])
def test_every_path_yields_tensors(workers: int) -> None:
    per_sample = next(iter(DataLoader(Rows(5), batch_size=5, num_workers=workers)))
    records = next(iter(DataLoader(Records(), batch_size=3, num_workers=workers)))
    stream = next(iter(DataLoader(Counting(5), batch_size=2, num_workers=workers)))
    for batch in (*per_sample, records["feature"], records["label"], stream):
        assert isinstance(batch, Tensor)
    assert records["id"] == ["r0", "r1", "r2"]


def test_fast_path_equals_per_sample_path() -> None:
    rows = Rows(17)
    fast = ArrayDataset(rows.x, np.arange(17))
    for (fx, fy), (sx, sy) in zip(
        DataLoader(fast, batch_size=4, shuffle=True, seed=5),
        DataLoader(rows, batch_size=4, shuffle=True, seed=5),
        strict=True,
    ):
        assert all(isinstance(t, Tensor) for t in (fx, fy, sx, sy))
        np.testing.assert_array_equal(fx, sx)
        np.testing.assert_array_equal(fy, sy)
        assert fx.dtype == sx.dtype == np.float32 and fy.dtype == sy.dtype == np.int64


def test_fast_path_is_one_call_per_batch() -> None:
    ds = Batched()
    batches = list(DataLoader(ds, batch_size=4))
    assert ds.batched == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    np.testing.assert_array_equal(batches[2], [80, 90])
    sub = Subset(ds, [9, 8, 7])
    assert [b.tolist() for b in DataLoader(sub, batch_size=2)] == [[90, 80], [70]]


def test_subset_of_array_dataset_uses_fast_path() -> None:
    ds = ArrayDataset(np.arange(10) * 2)
    sub = Subset(ds, [1, 3, 5, 7])
    assert [b[0].tolist() for b in DataLoader(sub, batch_size=3)] == [[2, 6, 10], [14]]


def test_custom_collate_fn_gets_samples() -> None:
    ds = ArrayDataset(np.arange(6))
    seen: list[int] = []

    def collate(samples: list[tuple[np.ndarray[Any, Any], ...]]) -> int:
        seen.append(len(samples))
        return sum(int(s[0]) for s in samples)

    assert list(DataLoader(ds, batch_size=4, collate_fn=collate)) == [6, 9]
    assert seen == [4, 2]


def test_dict_samples() -> None:
    batches = list(DataLoader(Records(), batch_size=3))
    assert len(batches) == 3
    first = batches[0]
    np.testing.assert_array_equal(first["feature"], [[0, 0], [1, 1], [2, 2]])
    np.testing.assert_array_equal(first["label"], [0, 1, 2])
    assert first["id"] == ["r0", "r1", "r2"]
    assert batches[2]["id"] == ["r6"]


def test_tuple_samples_collate_to_lists_of_arrays() -> None:
    rows = Rows(4)
    x, y = next(iter(DataLoader(rows, batch_size=4)))
    np.testing.assert_array_equal(x, rows.x)
    np.testing.assert_array_equal(y, [0, 1, 2, 3])


def test_batch_size_none_yields_converted_samples() -> None:
    loader = DataLoader(Records(), batch_size=None)
    samples = list(loader)
    assert len(loader) == 7 and samples[3]["id"] == "r3" and samples[3]["label"] == 0
    # As PyTorch's default_convert: arrays become Tensors, Python numbers stay.
    assert isinstance(samples[3]["feature"], Tensor) and type(samples[3]["label"]) is int
    x, label = next(iter(DataLoader(Rows(2), batch_size=None)))
    assert isinstance(x, Tensor) and x.shape == (3,) and label == 0


def test_sampler_and_batch_sampler_options() -> None:
    ds = ArrayDataset(np.arange(8))
    by_sampler = DataLoader(ds, batch_size=3, sampler=[7, 6, 5, 4])
    assert [b[0].tolist() for b in by_sampler] == [[7, 6, 5], [4]] and len(by_sampler) == 2
    by_batches = DataLoader(ds, batch_sampler=[[0, 7], [3]])
    assert [b[0].tolist() for b in by_batches] == [[0, 7], [3]] and len(by_batches) == 2
    assert by_batches.batch_size is None
    batch_sampler = BatchSampler(SequentialSampler(ds), 5, True)
    assert [b[0].tolist() for b in DataLoader(ds, batch_sampler=batch_sampler)] == [[0, 1, 2, 3, 4]]


def test_iterable_dataset_batches_and_len() -> None:
    loader = DataLoader(Counting(7), batch_size=3)
    assert [b.tolist() for b in loader] == [[0, 1, 2], [3, 4, 5], [6]] and len(loader) == 3
    dropping = DataLoader(Counting(7), batch_size=3, drop_last=True)
    assert [b.tolist() for b in dropping] == [[0, 1, 2], [3, 4, 5]] and len(dropping) == 2
    assert list(DataLoader(Counting(3), batch_size=None)) == [0, 1, 2]
    with pytest.raises(TypeError, match="no length"):
        len(DataLoader(Counting(3, length=False)))


def test_len_needs_a_sized_sampler() -> None:
    batched = DataLoader(ArrayDataset(np.arange(3)), sampler=iter([0, 1, 2]))
    with pytest.raises(TypeError, match="BatchSampler: len\\(\\) needs a sampler with a length"):
        len(batched)
    single = DataLoader(ArrayDataset(np.arange(3)), batch_size=None, sampler=iter([0, 1, 2]))
    with pytest.raises(TypeError, match="DataLoader: len\\(\\) needs a sampler with a length"):
        len(single)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"batch_size": 0}, ValueError, "DataLoader: expected batch_size to be a positive integer"),
        ({"batch_size": -2}, ValueError, "got batch_size=-2"),
        ({"batch_size": 2.0}, ValueError, "got batch_size=2.0"),
        (
            {"shuffle": True, "sampler": [0, 1]},
            ValueError,
            "sampler is mutually exclusive with shuffle",
        ),
        (
            {"batch_sampler": [[0]], "batch_size": 2},
            ValueError,
            "batch_sampler is mutually exclusive",
        ),
        (
            {"batch_sampler": [[0]], "shuffle": True},
            ValueError,
            "batch_sampler is mutually exclusive",
        ),
        (
            {"batch_sampler": [[0]], "sampler": [0]},
            ValueError,
            "batch_sampler is mutually exclusive",
        ),
        (
            {"batch_sampler": [[0]], "drop_last": True},
            ValueError,
            "batch_sampler is mutually exclusive",
        ),
        ({"batch_size": None, "drop_last": True}, ValueError, "batch_size=None disables batching"),
        ({"num_workers": -1}, ValueError, "expected num_workers to be a non-negative integer"),
        ({"prefetch_factor": 2}, ValueError, "prefetch_factor needs num_workers > 0"),
        ({"num_workers": 1, "prefetch_factor": 0}, ValueError, "expected prefetch_factor to be a"),
        ({"shuffle": 1}, TypeError, "expected shuffle to be a bool"),
        ({"drop_last": "yes"}, TypeError, "expected drop_last to be a bool"),
        ({"collate_fn": 3}, TypeError, "expected collate_fn to be callable"),
        ({"pin_memory": 1}, TypeError, "DataLoader: expected pin_memory to be a bool"),
        ({"in_order": None}, TypeError, "DataLoader: expected in_order to be a bool"),
        ({"timeout": -1}, ValueError, "expected timeout to be a non-negative number"),
        ({"timeout": 5}, ValueError, "DataLoader: timeout needs num_workers > 0"),
        (
            {"persistent_workers": True},
            ValueError,
            "DataLoader: persistent_workers needs num_workers > 0",
        ),
        (
            {"multiprocessing_context": "spawn"},
            ValueError,
            "DataLoader: multiprocessing_context needs num_workers > 0",
        ),
        ({"worker_init_fn": 1}, TypeError, "expected worker_init_fn to be callable, got int"),
        (
            {"seed": 1, "generator": np.random.default_rng(0)},
            ValueError,
            "seed or generator, not both",
        ),
    ],
)
def test_bad_options_rejected(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        DataLoader(ArrayDataset(np.arange(4)), **kwargs)


@pytest.mark.parametrize("kwargs", [{"shuffle": True}, {"sampler": [0]}, {"batch_sampler": [[0]]}])
def test_iterable_dataset_rejects_order_options(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="an IterableDataset sets its own order"):
        DataLoader(Counting(3), **kwargs)


def test_errors_in_getitem_propagate() -> None:
    class Broken(Dataset[int]):
        def __getitem__(self, index: int) -> int:
            if index == 5:
                raise KeyError("sample 5 is corrupt")
            return index

        def __len__(self) -> int:
            return 8

    for workers in (0, 2):
        with pytest.raises(KeyError, match="sample 5 is corrupt"):
            list(DataLoader(Broken(), batch_size=2, num_workers=workers))


class Slow(Dataset[tuple[np.ndarray[Any, Any], int]]):
    def __init__(self, n: int, delay: float) -> None:
        self.n = n
        self.delay = delay
        self.threads: set[str] = set()

    def __getitem__(self, index: int) -> tuple[np.ndarray[Any, Any], int]:
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)
        return np.full(2, index), index

    def __len__(self) -> int:
        return self.n


@pytest.mark.parametrize("workers", [1, 3])
def test_workers_keep_order_and_content(workers: int) -> None:
    ds = ArrayDataset(np.arange(50.0), np.arange(50))
    serial = [b[1].tolist() for b in DataLoader(ds, batch_size=6, shuffle=True, seed=4)]
    threaded = DataLoader(
        ds, batch_size=6, shuffle=True, seed=4, num_workers=workers, prefetch_factor=1
    )
    assert [b[1].tolist() for b in threaded] == serial
    slow = Slow(9, 0.0)
    assert labels(DataLoader(slow, batch_size=2, num_workers=workers)) == list(range(9))
    assert all(name.startswith("ad_data") for name in slow.threads)


def test_workers_overlap_a_slow_getitem() -> None:
    delay, n = 0.02, 16
    start = time.perf_counter()
    assert labels(DataLoader(Slow(n, delay), batch_size=2, num_workers=4)) == list(range(n))
    threaded = time.perf_counter() - start
    # Serially this takes n * delay = 0.32 s; four threads overlap the sleeps.
    assert threaded < 0.6 * n * delay


def test_workers_read_an_iterable_dataset_ahead() -> None:
    loader = DataLoader(Counting(10), batch_size=4, num_workers=2)
    for _ in range(2):
        assert [b.tolist() for b in loader] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert list(DataLoader(Counting(3), batch_size=None, num_workers=1)) == [0, 1, 2]


def test_breaking_out_of_a_threaded_epoch_stops_cleanly() -> None:
    ds = Slow(40, 0.005)
    loader = DataLoader(ds, batch_size=2, num_workers=2)
    for step, _ in enumerate(loader):
        if step == 1:
            break
    assert labels(loader) == list(range(40))


def test_default_collate_explicitly_keeps_fast_path() -> None:
    ds = Batched()
    list(DataLoader(ds, batch_size=5, collate_fn=default_collate))
    assert len(ds.batched) == 2


def test_pytorch_options_accepted() -> None:
    ds = ArrayDataset(np.arange(10))
    loader = DataLoader(
        ds,
        batch_size=4,
        pin_memory=True,
        num_workers=2,
        timeout=30,
        multiprocessing_context="spawn",
        persistent_workers=True,
    )
    assert loader.pin_memory and loader.persistent_workers and loader.timeout == 30
    assert labels(loader) == list(range(10))
    # The positional order of torch.utils.data.DataLoader.
    positional = DataLoader(ds, 3, False, None, None, 0, None, False, True)
    assert positional.drop_last and [len(b[0]) for b in positional] == [3, 3, 3]


def test_worker_init_fn_runs_once_in_each_worker_thread_before_its_batches() -> None:
    started: dict[str, int] = {}

    def init(worker_id: int) -> None:
        started[threading.current_thread().name] = worker_id

    slow = Slow(12, 0.03)
    loader = DataLoader(slow, batch_size=1, num_workers=3, worker_init_fn=init)
    assert labels(loader) == list(range(12))
    assert set(started) == slow.threads and sorted(started.values()) == [0, 1, 2]
    assert list(DataLoader(ArrayDataset(np.arange(3)), worker_init_fn=init)) != []


def test_an_error_in_worker_init_fn_reaches_the_loop() -> None:
    def init(worker_id: int) -> None:
        raise OSError(f"worker {worker_id} cannot open its file")

    with pytest.raises(OSError, match="cannot open its file"):
        list(DataLoader(ArrayDataset(np.arange(4)), num_workers=1, worker_init_fn=init))


def test_persistent_workers_keep_their_threads_across_epochs() -> None:
    calls: list[int] = []
    slow = Slow(6, 0.0)
    loader = DataLoader(
        slow, batch_size=2, num_workers=2, persistent_workers=True, worker_init_fn=calls.append
    )
    for _ in range(3):
        assert labels(loader) == list(range(6))
    assert 1 <= len(calls) <= 2
    fresh: list[int] = []
    loader = DataLoader(slow, batch_size=2, num_workers=1, worker_init_fn=fresh.append)
    for _ in range(3):
        labels(loader)
    assert fresh == [0, 0, 0]


def test_timeout_raises_when_a_batch_is_late() -> None:
    loader = DataLoader(Slow(4, 0.5), batch_size=1, num_workers=1, timeout=0.05)
    with pytest.raises(RuntimeError, match=r"DataLoader: timed out after 0\.05 seconds"):
        list(loader)


class Uneven(Dataset[int]):
    """Sample 0 is slow, the others fast."""

    def __getitem__(self, index: int) -> int:
        time.sleep(0.3 if index == 0 else 0.0)
        return index

    def __len__(self) -> int:
        return 4


def test_out_of_order_yields_batches_as_they_are_ready() -> None:
    ordered = [int(b) for b in DataLoader(Uneven(), batch_size=None, num_workers=2)]
    assert ordered == [0, 1, 2, 3]
    unordered = [
        int(b) for b in DataLoader(Uneven(), batch_size=None, num_workers=2, in_order=False)
    ]
    assert sorted(unordered) == [0, 1, 2, 3] and unordered[0] != 0
