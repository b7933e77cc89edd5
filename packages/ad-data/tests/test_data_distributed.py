"""DistributedSampler: PyTorch's partition, index for index; the defaults taken from a
job of 2 and of 3 MPI processes (the ``mpi`` nox session); bad input."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ad_data import DataLoader, DistributedSampler, TensorDataset

WORKER = Path(__file__).with_name("data_distributed_worker.py")
GRID = [(n, r) for n in (0, 1, 2, 5, 7, 8, 12, 13) for r in (1, 2, 3, 4)]


def torch_partition(order: list[int], replicas: int, rank: int, drop_last: bool) -> list[int]:
    """torch.utils.data.DistributedSampler.__iter__ after its shuffle, transcribed."""
    n = len(order)
    if drop_last and n % replicas != 0:
        num_samples = math.ceil((n - replicas) / replicas)
    else:
        num_samples = math.ceil(n / replicas)
    total = num_samples * replicas
    indices = list(order)
    if not drop_last:
        padding = total - len(indices)
        if padding <= len(indices):
            indices += indices[:padding]
        else:
            indices += (indices * math.ceil(padding / len(indices)))[:padding]
    else:
        indices = indices[:total]
    return indices[rank:total:replicas]


@pytest.mark.parametrize("drop_last", [False, True])
@pytest.mark.parametrize(("n", "replicas"), GRID)
def test_pytorchs_partition(n: int, replicas: int, drop_last: bool) -> None:
    for shuffle in False, True:
        order = list(range(n))
        if shuffle:
            order = np.random.default_rng(3 + 2).permutation(n).tolist()  # seed + epoch
        for rank in range(replicas):
            sampler = DistributedSampler(range(n), replicas, rank, shuffle, 3, drop_last)
            sampler.set_epoch(2)
            expected = torch_partition(order, replicas, rank, drop_last)
            assert list(sampler) == expected
            assert len(sampler) == len(expected)


def check_epoch(parts: list[list[int]], n: int, drop_last: bool) -> None:
    """The ranks' parts, interleaved back, are a permutation of range(n) padded by
    repeating it from its start, or cut."""
    total = sum(len(part) for part in parts)
    assert {len(part) for part in parts} == {total // len(parts)}
    merged = [part[i] for i in range(total // len(parts)) for part in parts]
    if drop_last:
        assert len(set(merged)) == total and total > n - len(parts)
    else:
        assert sorted(merged[:n]) == list(range(n))
        assert merged[n:] == merged[: total - n]
        assert total < n + len(parts)


@pytest.mark.parametrize(("n", "replicas"), GRID)
def test_an_epoch_covers_the_data_once(n: int, replicas: int) -> None:
    for drop_last in False, True:
        orders = []
        for epoch in 0, 1:
            parts = []
            for rank in range(replicas):
                sampler = DistributedSampler(range(n), replicas, rank, drop_last=drop_last)
                sampler.set_epoch(epoch)
                parts.append(list(sampler))
            check_epoch(parts, n, drop_last)
            orders.append(parts)
        if n > 3:
            assert orders[0] != orders[1]  # a new order each epoch


def test_in_a_dataloader() -> None:
    data = TensorDataset(np.arange(10.0), np.arange(10))
    sampler = DistributedSampler(data, num_replicas=2, rank=1, shuffle=False)
    loader = DataLoader(data, batch_size=2, sampler=sampler)
    assert [y.tolist() for _, y in loader] == [[1, 3], [5, 7], [9]]


def test_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match=r"DistributedSampler: expected rank in \[0, 1\], got 2"):
        DistributedSampler(range(4), num_replicas=2, rank=2)
    with pytest.raises(ValueError, match=r"rank in \[0, 1\], got -1"):
        DistributedSampler(range(4), num_replicas=2, rank=-1)
    with pytest.raises(ValueError, match="num_replicas to be a positive integer, got 0"):
        DistributedSampler(range(4), num_replicas=0, rank=0)
    with pytest.raises(TypeError, match="expected rank to be an int, got True"):
        DistributedSampler(range(4), num_replicas=2, rank=True)
    with pytest.raises(TypeError, match="expected shuffle to be a bool, got 1"):
        DistributedSampler(range(4), 2, 0, shuffle=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected drop_last to be a bool, got None"):
        DistributedSampler(range(4), 2, 0, drop_last=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="expected a non-negative seed, got -1"):
        DistributedSampler(range(4), 2, 0, seed=-1)
    with pytest.raises(TypeError, match="expected a dataset with a length, got generator"):
        DistributedSampler((i for i in range(3)), 2, 0)  # type: ignore[arg-type]
    sampler = DistributedSampler(range(4), 2, 0)
    with pytest.raises(TypeError, match=r"DistributedSampler\.set_epoch: expected epoch to be"):
        sampler.set_epoch(1.0)  # type: ignore[arg-type]
    assert sampler.epoch == 0
    monkeypatch.setitem(sys.modules, "mpi4py", None)
    with pytest.raises(RuntimeError, match=r"needs mpi4py \(pip install 'ad-data\[mpi\]'\)"):
        DistributedSampler(range(4), num_replicas=2)


def test_defaults_in_one_process() -> None:
    pytest.importorskip("mpi4py.MPI", reason="needs mpi4py and an MPI library")
    sampler = DistributedSampler(range(5), shuffle=False)
    assert (sampler.num_replicas, sampler.rank, list(sampler)) == (1, 0, [0, 1, 2, 3, 4])


def mpiexec_path() -> str | None:
    try:
        from mpi4py import MPI  # noqa: F401
    except ImportError:
        return None
    beside = Path(sys.executable).with_name("mpiexec")
    return str(beside) if beside.exists() else shutil.which("mpiexec")


@pytest.mark.parametrize("n", [2, 3])
def test_defaults_from_an_mpi_job(tmp_path: Path, n: int) -> None:
    launcher = mpiexec_path()
    if launcher is None:
        pytest.skip("needs mpi4py, an MPI library and mpiexec: pip install mpi4py mpich")
    command = [launcher, "-n", str(n), sys.executable, str(WORKER), str(tmp_path)]
    with subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as job:
        try:
            _, stderr = job.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(job.pid, signal.SIGKILL)  # every rank: they share the session
            pytest.fail(f"{' '.join(command)} hung for 120 s")
    assert job.returncode == 0, stderr
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(n)]
    for case in ranks[0]:
        size, shuffle, drop_last, epoch = case.split()
        assert all(rank[case][0] == n for rank in ranks)
        parts = [rank[case][1] for rank in ranks]
        check_epoch(parts, int(size), drop_last == "True")
        for r, part in enumerate(parts):
            alone = DistributedSampler(
                range(int(size)), n, r, shuffle == "True", 5, drop_last == "True"
            )
            alone.set_epoch(int(epoch))
            assert part == list(alone)
