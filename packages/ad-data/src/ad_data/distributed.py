"""``DistributedSampler``: each process of a data-parallel job gets its share of a dataset."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sized

import numpy as np

from .sampler import Sampler, _is_positive_int


class DistributedSampler(Sampler[int]):
    """The indices of ``dataset`` that replica ``rank`` of ``num_replicas`` visits.

    As ``torch.utils.data.DistributedSampler``: every epoch the indices (shuffled
    with ``seed + epoch``, or in order) are padded by repeating them from the
    start, or with ``drop_last`` cut, to a multiple of ``num_replicas``, and
    replica ``rank`` takes every ``num_replicas``-th from position ``rank``.
    Across the replicas an epoch covers every index once (plus the padding).
    Give every replica the same ``seed`` and call ``set_epoch`` at the start of
    each epoch, or every epoch has the same order.

    Parameters
    ----------
    dataset : sized
        The dataset; its size is read once, here.
    num_replicas : int, optional
        The number of processes; by default the size of the MPI job
        (``MPI.COMM_WORLD``, which needs mpi4py).
    rank : int, optional
        This process's rank, in ``[0, num_replicas - 1]``; by default its rank
        in ``MPI.COMM_WORLD``.
    shuffle : bool, default True
        Shuffle the indices, differently each epoch.
    seed : int, default 0
        Non-negative seed of the shuffle, the same on every replica.
    drop_last : bool, default False
        Drop the tail of the indices instead of padding.

    Notes
    -----
    The partition, the padding and the order in which indices are taken are
    PyTorch's, index for index; the permutation comes from
    ``np.random.default_rng(seed + epoch)`` where PyTorch uses its own
    generator, so the shuffled orders differ from PyTorch's. With another
    communicator than ``MPI.COMM_WORLD``, pass ``num_replicas`` and ``rank``.

    Examples
    --------
    >>> from ad_data import DistributedSampler
    >>> [list(DistributedSampler(range(10), 3, rank, shuffle=False)) for rank in range(3)]
    [[0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]]
    >>> list(DistributedSampler(range(10), 3, 0, shuffle=False, drop_last=True))
    [0, 3, 6]
    >>> sampler = DistributedSampler(range(10), num_replicas=2, rank=1, seed=0)
    >>> first = list(sampler)
    >>> sampler.set_epoch(1)
    >>> len(sampler), first != list(sampler)
    (5, True)
    """

    def __init__(
        self,
        dataset: Sized,
        num_replicas: int | None = None,
        rank: int | None = None,
        shuffle: bool = True,
        seed: int = 0,
        drop_last: bool = False,
    ) -> None:
        op = "DistributedSampler"
        if not isinstance(dataset, Sized):
            raise TypeError(f"{op}: expected a dataset with a length, got {type(dataset).__name__}")
        if num_replicas is None or rank is None:
            world, own = _mpi_world(op)
            num_replicas = world if num_replicas is None else num_replicas
            rank = own if rank is None else rank
        if not _is_positive_int(num_replicas):
            raise ValueError(
                f"{op}: expected num_replicas to be a positive integer, got {num_replicas!r}"
            )
        if isinstance(rank, bool) or not isinstance(rank, int | np.integer):
            raise TypeError(f"{op}: expected rank to be an int, got {rank!r}")
        if not 0 <= rank < num_replicas:
            raise ValueError(f"{op}: expected rank in [0, {num_replicas - 1}], got {rank}")
        for name, flag in ("shuffle", shuffle), ("drop_last", drop_last):
            if not isinstance(flag, bool):
                raise TypeError(f"{op}: expected {name} to be a bool, got {flag!r}")
        _check_seed(op, "seed", seed)
        self.dataset = dataset
        self.num_replicas = int(num_replicas)
        self.rank = int(rank)
        self.epoch = 0
        self.drop_last = drop_last
        self.shuffle = shuffle
        self.seed = seed
        size = len(dataset)
        if drop_last and size % self.num_replicas != 0:
            self.num_samples = math.ceil((size - self.num_replicas) / self.num_replicas)
        else:
            self.num_samples = math.ceil(size / self.num_replicas)
        self.total_size = self.num_samples * self.num_replicas

    def __iter__(self) -> Iterator[int]:
        size = len(self.dataset)
        if self.shuffle:
            indices = np.random.default_rng(self.seed + self.epoch).permutation(size)
        else:
            indices = np.arange(size)
        # Cyclic repetition pads (or cuts) to total_size, exactly as PyTorch's list code.
        indices = np.resize(indices, self.total_size)
        return iter(indices[self.rank : self.total_size : self.num_replicas].tolist())

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Shuffle the next pass with ``seed + epoch``; call it before each epoch.

        Examples
        --------
        >>> sampler = DistributedSampler(range(6), num_replicas=2, rank=0)
        >>> sampler.set_epoch(3)
        >>> sampler.epoch
        3
        """
        _check_seed("DistributedSampler.set_epoch", "epoch", epoch)
        self.epoch = epoch


def _check_seed(op: str, name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{op}: expected {name} to be an int, got {value!r}")
    if value < 0:
        raise ValueError(f"{op}: expected a non-negative {name}, got {value}")


def _mpi_world(op: str) -> tuple[int, int]:
    """The size of ``MPI.COMM_WORLD`` and this process's rank in it."""
    try:
        from mpi4py import MPI
    except ImportError:
        raise RuntimeError(
            f"{op}: num_replicas and rank default to the size of the MPI job and this "
            "process's rank in it, which needs mpi4py (pip install 'ad-data[mpi]'); "
            "without it pass num_replicas= and rank="
        ) from None
    world = MPI.COMM_WORLD
    return int(world.Get_size()), int(world.Get_rank())
