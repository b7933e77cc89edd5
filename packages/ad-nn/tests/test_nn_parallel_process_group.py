"""The process group and its collectives: a job of 2 and of 3 processes under mpiexec,
a rank that dies, and the checks of one process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

import ad_core
import ad_nn as nn
import ad_nn.parallel as dist
from ad_nn.parallel.process_group import in_place

if TYPE_CHECKING:
    from conftest import MpiExec

SIZES = [2, 3]
NOT_A_COMM: Any = "world"  # Any: mpi4py's Comm type is Any where mpi4py is not installed


@pytest.fixture
def mpi() -> Iterator[None]:
    """mpi4py is importable; no default group before or after the test."""
    pytest.importorskip("mpi4py.MPI", reason="needs mpi4py and an MPI library")
    yield
    dist.destroy_process_group()


@pytest.mark.parametrize("n", SIZES)
def test_collectives(mpiexec: MpiExec, tmp_path: Path, n: int) -> None:
    job = mpiexec(n, "collectives", tmp_path)
    assert job.returncode == 0, job.stderr
    values = np.arange(1.0, n + 1)  # rank r contributes r + 1 and -(r + 1)
    expected = {
        "SUM": [values.sum(), -values.sum()],
        "PRODUCT": [values.prod(), (-values).prod()],
        "MIN": [1.0, -float(n)],
        "MAX": [float(n), -1.0],
        "transposed": np.arange(6.0).reshape(2, 3).T * values.sum(),
        "broadcast": np.full(3, n - 1.0),
    }
    for r in range(n):
        seen = nn.load(tmp_path / f"collectives-rank{r}.safetensors")
        for key, value in expected.items():
            assert np.array_equal(seen[key], value), (r, key)


@pytest.mark.parametrize("n", SIZES)
def test_a_rank_that_raises_ends_the_job_with_its_error(
    mpiexec: MpiExec, tmp_path: Path, n: int
) -> None:
    job = mpiexec(n, "fail", tmp_path)  # fails the test after a timeout when it hangs
    assert job.returncode != 0
    assert f"ValueError: rank {n - 1} fails on purpose" in job.stderr
    assert f"rank {n - 1} of {n}: uncaught ValueError, aborting the MPI job" in job.stderr


def test_without_mpi4py_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mpi4py", None)
    assert not dist.is_available()
    with pytest.raises(ModuleNotFoundError, match=r"init_process_group: needs mpi4py") as e:
        dist.init_process_group()
    assert "pip install 'ad-nn[mpi]'" in str(e.value)
    assert not dist.is_initialized()


def test_init_and_destroy(mpi: None) -> None:
    hook = sys.excepthook
    assert dist.is_available() and not dist.is_initialized()
    dist.init_process_group("mpi")
    assert dist.is_initialized()
    assert sys.excepthook is not hook
    assert (dist.get_rank(), dist.get_world_size()) == (0, 1)
    with pytest.raises(RuntimeError, match="init_process_group: the default process group is"):
        dist.init_process_group()
    dist.destroy_process_group()
    assert not dist.is_initialized()
    assert sys.excepthook is hook


def test_bad_arguments(mpi: None) -> None:
    with pytest.raises(
        ValueError, match="init_process_group: the only backend is 'mpi', got 'nccl'"
    ):
        dist.init_process_group("nccl")
    with pytest.raises(TypeError, match="expected comm to be an mpi4py communicator, got str"):
        dist.init_process_group(comm=NOT_A_COMM)
    assert not dist.is_initialized()
    for call in dist.get_rank, dist.get_world_size, dist.barrier:
        with pytest.raises(RuntimeError, match=r"has not been initialized; call ad_nn\.parallel"):
            call()
    dist.init_process_group()
    with pytest.raises(ValueError, match=r"broadcast: expected src in \[0, 0\], got 1"):
        dist.broadcast(ad_core.ones(2), src=1)
    with pytest.raises(
        TypeError, match=r"all_reduce: expected op to be an ad_nn\.parallel\.ReduceOp"
    ):
        dist.all_reduce(ad_core.ones(2), op="sum")  # type: ignore[arg-type]


def test_a_given_communicator_needs_no_default_group(mpi: None) -> None:
    from mpi4py import MPI

    total = ad_core.tensor([2.0])
    dist.all_reduce(total, group=MPI.COMM_SELF)
    assert total.item() == 2.0
    assert dist.get_world_size(MPI.COMM_SELF) == 1


def test_in_place_on_arrays_mpi_cannot_take() -> None:
    def double(array: np.ndarray) -> None:
        assert array.flags.c_contiguous and array.flags.writeable
        array *= 2

    base = np.arange(6.0).reshape(2, 3)
    view = ad_core.Tensor(base).transpose(0, 1)  # not contiguous: written back through the view
    in_place(view, double)
    assert np.array_equal(base, np.arange(6.0).reshape(2, 3) * 2)
    frozen = np.arange(3.0)
    frozen.flags.writeable = False
    tensor = ad_core.Tensor(frozen)
    in_place(tensor, double)  # read-only: the tensor gets the new array
    assert np.array_equal(tensor.numpy(), [0.0, 2.0, 4.0])
    assert np.array_equal(frozen, [0.0, 1.0, 2.0])
