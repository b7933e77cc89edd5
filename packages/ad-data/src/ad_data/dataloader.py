"""``DataLoader``: batches of a dataset, in sampler order, optionally prefetched by threads."""

from collections.abc import Callable, Iterable, Iterator, Sized
from functools import partial
from itertools import islice, repeat
from typing import Any, Generic, TypeVar

import numpy as np

from ._generator import resolve_generator
from ._workers import Workers
from .collate import default_collate, default_convert
from .dataset import Dataset, IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

T_co = TypeVar("T_co", covariant=True)

_END = object()


class DataLoader(Generic[T_co]):
    """Iterate over a dataset in batches of ``ad_core.Tensor``, as ``torch.utils.data.DataLoader``.

    Parameters
    ----------
    dataset : Dataset
        A map-style dataset, or an :class:`IterableDataset`.
    batch_size : int or None, default 1
        Samples per batch; ``None`` yields samples one at a time, each passed
        through :func:`default_convert` (arrays become Tensors).
    shuffle : bool, default False
        Visit samples in a new random order every epoch.
    sampler : Sampler or iterable of int, optional
        The order of indices; excludes ``shuffle``. It may be endless (a
        :class:`RandomSampler` with a huge ``num_samples``): batches come as its
        indices do.
    batch_sampler : Sampler or iterable of lists of int, optional
        The batches of indices; excludes ``batch_size``, ``shuffle``, ``sampler``
        and ``drop_last``.
    num_workers : int, default 0
        With ``0`` batches are loaded in the loop that consumes them. Above ``0``
        a pool of that many *threads* (PyTorch uses processes) loads batches
        ahead, so that a slow ``__getitem__`` overlaps with training. An
        :class:`IterableDataset` is read by one thread.
    collate_fn : callable, optional
        Merges a list of samples into a batch; default :func:`default_collate`,
        which gives Tensors. With the default, a dataset that defines
        ``__getitems__`` (such as :class:`ArrayDataset` or a :class:`Subset` of
        one) builds each batch in one call, a fancy-index per array instead of a
        loop over samples.
    pin_memory : bool, default False
        Accepted for PyTorch's signature; has no effect, as every Tensor lives
        in CPU memory.
    drop_last : bool, default False
        Drop the last batch when it is smaller than ``batch_size``.
    timeout : float, default 0
        With workers, seconds to wait for a batch before a ``RuntimeError``;
        ``0`` waits for ever.
    worker_init_fn : callable, optional
        Called with the worker's id (``0`` to ``num_workers - 1``) in each worker
        thread before it loads its first batch. A thread pool starts threads as
        batches need them, so fast batches may use, and initialise, fewer.
    multiprocessing_context : optional
        Accepted for PyTorch's signature (with ``num_workers > 0``, as there);
        has no effect, as workers are threads.
    generator : np.random.Generator, optional
        The generator ``shuffle`` draws from.
    prefetch_factor : int, optional
        Batches loaded ahead per worker; default 2 when ``num_workers > 0``.
    persistent_workers : bool, default False
        Keep the worker threads from one epoch to the next (needs
        ``num_workers > 0``).
    in_order : bool, default True
        With workers, yield batches in sampler order; with ``False``, each as
        soon as it is loaded, so that a slow batch does not hold up the others.
    seed : int, optional
        Seed of a new generator for ``shuffle`` (instead of ``generator``): two
        loaders with the same seed give the same sequence of epochs. Without
        either, each epoch draws from ``ad_core.default_generator()``, so that
        ``ad_core.manual_seed`` makes shuffling reproducible, as in PyTorch.

    Examples
    --------
    >>> from ad_data import ArrayDataset
    >>> ds = ArrayDataset(np.arange(10.0).reshape(5, 2), np.arange(5))
    >>> loader = DataLoader(ds, batch_size=2)
    >>> len(loader)
    3
    >>> for x, y in loader:
    ...     print(x.shape, y)
    (2, 2) tensor([0, 1])
    (2, 2) tensor([2, 3])
    (1, 2) tensor([4])
    >>> epoch = [y.tolist() for _, y in DataLoader(ds, batch_size=2, shuffle=True, seed=0)]
    >>> sorted(sum(epoch, []))
    [0, 1, 2, 3, 4]
    """

    def __init__(
        self,
        dataset: Dataset[T_co],
        batch_size: int | None = 1,
        shuffle: bool = False,
        sampler: Sampler[Any] | Iterable[Any] | None = None,
        batch_sampler: Sampler[list[int]] | Iterable[list[int]] | None = None,
        num_workers: int = 0,
        collate_fn: Callable[[Any], Any] | None = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Callable[[int], Any] | None = None,
        multiprocessing_context: Any = None,
        generator: np.random.Generator | None = None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        in_order: bool = True,
        seed: int | None = None,
    ) -> None:
        _check_options(
            dataset,
            batch_size=batch_size,
            shuffle=shuffle,
            sampler=sampler,
            batch_sampler=batch_sampler,
            num_workers=num_workers,
            drop_last=drop_last,
            prefetch_factor=prefetch_factor,
        )
        _check_worker_options(
            num_workers=num_workers,
            pin_memory=pin_memory,
            timeout=timeout,
            worker_init_fn=worker_init_fn,
            multiprocessing_context=multiprocessing_context,
            persistent_workers=persistent_workers,
            in_order=in_order,
        )
        if collate_fn is not None and not callable(collate_fn):
            raise TypeError(
                f"DataLoader: expected collate_fn to be callable, got {type(collate_fn).__name__}"
            )
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = 2 if prefetch_factor is None and num_workers > 0 else prefetch_factor
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.persistent_workers = persistent_workers
        self.in_order = in_order
        self._depth = num_workers * (self.prefetch_factor or 0)
        self._workers: Workers | None = None
        self.generator = resolve_generator("DataLoader", seed, generator)
        if batch_sampler is not None:
            batch_size = None
            drop_last = False
        elif sampler is None and not isinstance(dataset, IterableDataset):
            sampler = (
                RandomSampler(dataset, generator=self.generator)
                if shuffle
                else SequentialSampler(dataset)
            )
        if batch_size is not None and sampler is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self._auto_collation = batch_size is not None or batch_sampler is not None
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn: Callable[[Any], Any] = collate_fn

    def __len__(self) -> int:
        if isinstance(self.dataset, IterableDataset):
            length = len(self.dataset)
            if self.batch_size is None:
                return length
            if self.drop_last:
                return length // self.batch_size
            return -(-length // self.batch_size)
        index_sampler: object = self.batch_sampler if self._auto_collation else self.sampler
        if not isinstance(index_sampler, Sized):
            raise TypeError(
                f"DataLoader: len() needs a sampler with a length, "
                f"got {type(index_sampler).__name__}"
            )
        return len(index_sampler)

    def __iter__(self) -> Iterator[Any]:
        if isinstance(self.dataset, IterableDataset):
            batches = self._stream_batches(self.dataset)
            if self.num_workers == 0:
                return batches
            # A stream cannot be read from several threads at once: one thread reads ahead.
            ahead = self._in_workers(repeat(partial(next, batches, _END)), 1)
            return _until_end(ahead)
        indices = self._index_iterable()
        if self.num_workers == 0:
            return map(self._fetch, indices)
        jobs = (partial(self._fetch, index) for index in indices)
        return self._in_workers(jobs, self.num_workers)

    def _in_workers(self, jobs: Iterator[Callable[[], Any]], num_threads: int) -> Iterator[Any]:
        workers = self._workers or Workers(
            num_threads, self.worker_init_fn, self.timeout, self.in_order
        )
        if self.persistent_workers:
            self._workers = workers
        try:
            yield from workers.run(jobs, self._depth)
        finally:
            if not self.persistent_workers:
                workers.close()

    def _index_iterable(self) -> Iterable[Any]:
        index_sampler = self.batch_sampler if self._auto_collation else self.sampler
        assert index_sampler is not None  # set for every map-style dataset in __init__
        return index_sampler

    def _fetch(self, index: Any) -> Any:
        if not self._auto_collation:
            return self.collate_fn(self.dataset[index])
        getitems = getattr(self.dataset, "__getitems__", None)
        if getitems is not None and self.collate_fn is default_collate:
            return getitems(index)
        return self.collate_fn([self.dataset[i] for i in index])

    def _stream_batches(self, dataset: IterableDataset[T_co]) -> Iterator[Any]:
        stream = iter(dataset)
        if self.batch_size is None:
            yield from map(self.collate_fn, stream)
            return
        while batch := list(islice(stream, self.batch_size)):
            if self.drop_last and len(batch) < self.batch_size:
                return
            yield self.collate_fn(batch)


def _until_end(results: Iterator[Any]) -> Iterator[Any]:
    # Compared by identity: a batch may be a Tensor, whose == is elementwise.
    for result in results:
        if result is _END:
            return
        yield result


def _check_options(
    dataset: Dataset[Any],
    *,
    batch_size: int | None,
    shuffle: bool,
    sampler: object,
    batch_sampler: object,
    num_workers: int,
    drop_last: bool,
    prefetch_factor: int | None,
) -> None:
    if batch_size is not None and (
        not isinstance(batch_size, int | np.integer)
        or isinstance(batch_size, bool)
        or batch_size <= 0
    ):
        raise ValueError(
            f"DataLoader: expected batch_size to be a positive integer or None, "
            f"got batch_size={batch_size!r}"
        )
    if not isinstance(shuffle, bool):
        raise TypeError(f"DataLoader: expected shuffle to be a bool, got {shuffle!r}")
    if not isinstance(drop_last, bool):
        raise TypeError(f"DataLoader: expected drop_last to be a bool, got {drop_last!r}")
    if not isinstance(num_workers, int) or isinstance(num_workers, bool) or num_workers < 0:
        raise ValueError(
            f"DataLoader: expected num_workers to be a non-negative integer (0 loads in the "
            f"main thread), got num_workers={num_workers!r}"
        )
    if prefetch_factor is not None:
        if num_workers == 0:
            raise ValueError(
                "DataLoader: prefetch_factor needs num_workers > 0; with num_workers=0 "
                "leave prefetch_factor=None"
            )
        if not isinstance(prefetch_factor, int) or prefetch_factor <= 0:
            raise ValueError(
                f"DataLoader: expected prefetch_factor to be a positive integer, "
                f"got prefetch_factor={prefetch_factor!r}"
            )
    if isinstance(dataset, IterableDataset):
        for name, value in (
            ("shuffle", shuffle),
            ("sampler", sampler),
            ("batch_sampler", batch_sampler),
        ):
            if value is not None and value is not False:
                raise ValueError(
                    f"DataLoader: an IterableDataset sets its own order, so {name} must be "
                    f"left unset, got {name}={value!r}"
                )
    if sampler is not None and shuffle:
        raise ValueError(
            "DataLoader: sampler is mutually exclusive with shuffle (the sampler sets the order)"
        )
    if batch_sampler is not None and (
        batch_size != 1 or shuffle or sampler is not None or drop_last
    ):
        raise ValueError(
            "DataLoader: batch_sampler is mutually exclusive with batch_size, shuffle, "
            "sampler and drop_last"
        )
    if batch_size is None and drop_last:
        raise ValueError(
            "DataLoader: batch_size=None disables batching, so drop_last must be False"
        )


def _check_worker_options(
    *,
    num_workers: int,
    pin_memory: bool,
    timeout: float,
    worker_init_fn: object,
    multiprocessing_context: object,
    persistent_workers: bool,
    in_order: bool,
) -> None:
    for name, flag in (
        ("pin_memory", pin_memory),
        ("persistent_workers", persistent_workers),
        ("in_order", in_order),
    ):
        if not isinstance(flag, bool):
            raise TypeError(f"DataLoader: expected {name} to be a bool, got {flag!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout >= 0:
        raise ValueError(
            f"DataLoader: expected timeout to be a non-negative number of seconds, "
            f"got timeout={timeout!r}"
        )
    if worker_init_fn is not None and not callable(worker_init_fn):
        raise TypeError(
            f"DataLoader: expected worker_init_fn to be callable, "
            f"got {type(worker_init_fn).__name__}"
        )
    if num_workers == 0:
        for name, value in (
            ("timeout", timeout),
            ("persistent_workers", persistent_workers),
            ("multiprocessing_context", multiprocessing_context),
        ):
            if value:
                raise ValueError(
                    f"DataLoader: {name} needs num_workers > 0; with num_workers=0 "
                    f"leave it unset, got {name}={value!r}"
                )
