"""DistributedDataParallel: jobs of 2 and 3 processes under mpiexec (the ``mpi`` nox
session), one-process checks, and the error without mpi4py."""

from __future__ import annotations

import collections
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

import ad_core
import ad_nn as nn
import ad_nn.parallel as dist
from ad_core import NDArray
from ad_nn.parallel.distributed import _buckets, _map_tensors

if TYPE_CHECKING:
    from conftest import MpiExec

SIZES = [2, 3]
NOT_A_COMM: Any = "world"  # Any: mpi4py's Comm type is Any where mpi4py is not installed
Seen = list[dict[str, NDArray]]


def load(path: Path) -> dict[str, NDArray]:
    return nn.load(path)


@pytest.fixture
def group() -> Iterator[None]:
    """A default group of this one process (needs mpi4py)."""
    pytest.importorskip("mpi4py.MPI", reason="needs mpi4py and an MPI library")
    dist.init_process_group()
    yield
    dist.destroy_process_group()


# --- jobs of several processes -------------------------------------------------------


@pytest.mark.parametrize("n", SIZES)
def test_training_matches_one_process_on_the_concatenated_batches(
    mpiexec: MpiExec, tmp_path: Path, n: int
) -> None:
    job = mpiexec(n, "train", tmp_path)
    assert job.returncode == 0, job.stderr
    reference = load(tmp_path / "train-reference.safetensors")
    ranks = [load(tmp_path / f"train-rank{r}.safetensors") for r in range(n)]
    assert sorted(reference) == sorted(ranks[0])
    for name, expected in reference.items():
        assert expected.dtype == np.float64
        for r, weights in enumerate(ranks):
            assert np.array_equal(weights[name], ranks[0][name]), (name, r)
        np.testing.assert_allclose(ranks[0][name], expected, rtol=0, atol=1e-12, err_msg=name)
        assert not np.allclose(expected, load(tmp_path / "train-start.safetensors")[name])


@pytest.fixture(params=SIZES, scope="module")
def seen(
    request: pytest.FixtureRequest, mpiexec: MpiExec, tmp_path_factory: pytest.TempPathFactory
) -> Seen:
    """What every rank of one ``features`` job saw, for a job of 2 and of 3."""
    out = tmp_path_factory.mktemp("features")
    job = mpiexec(request.param, "features", out)
    assert job.returncode == 0, job.stderr
    return [load(out / f"features-rank{r}.safetensors") for r in range(request.param)]


def test_construction_copies_rank_0s_parameters_and_buffers(seen: Seen) -> None:
    for rank in seen:
        # Each rank initialised its weights from a seed of its own.
        assert np.array_equal(rank["weight_after_wrap"], seen[0]["weight_before_wrap"])
        # running_var was rank + 1 on each rank before the wrap.
        assert np.array_equal(rank["running_var_after_wrap"], np.ones(4))
    assert not np.array_equal(seen[0]["weight_before_wrap"], seen[1]["weight_before_wrap"])


def test_training_forward_starts_from_rank_0s_buffers(seen: Seen) -> None:
    # Each rank set running_mean to its rank, then ran a forward on the same batch.
    for r, rank in enumerate(seen):
        with_broadcast = rank["running_mean_broadcast_True"]
        assert np.array_equal(with_broadcast, seen[0]["running_mean_broadcast_True"])
        # Without the broadcast: 0.9 * r + 0.1 * (the same batch mean) on rank r.
        np.testing.assert_allclose(
            rank["running_mean_broadcast_False"] - seen[0]["running_mean_broadcast_False"],
            0.9 * r,
            rtol=0,
            atol=1e-12,
        )
        # Evaluation communicates nothing: each rank keeps its own buffers.
        assert np.array_equal(rank["running_mean_eval"], np.full(4, float(r)))


def test_no_sync_accumulates_locally_then_averages_the_total(seen: Seen) -> None:
    totals = seen[0]["all_local_totals"]
    for r, rank in enumerate(seen):
        # Inside no_sync the gradient is this rank's own (the ranks' inputs differ).
        assert not np.allclose(rank["no_sync_grad"], seen[(r + 1) % len(seen)]["no_sync_grad"])
        np.testing.assert_allclose(rank["synced_grad"], totals.mean(axis=0), rtol=1e-13)
        assert np.array_equal(totals[r], rank["local_total"])


def test_unused_parameters(seen: Seen) -> None:
    n = len(seen)
    for rank in seen:
        # `used` gets (r + 1) on rank r: the mean is (n + 1) / 2.
        np.testing.assert_allclose(rank["used_grad"], np.full(2, (n + 1) / 2), rtol=1e-15)
        # Only rank 0 gives 3: the others count as 0.
        np.testing.assert_allclose(rank["rank0_only_grad"], np.full(2, 3.0 / n), rtol=1e-15)
        assert rank["never_grad_is_none"]


def test_float32_gradients_stay_float32_in_any_bucketing(seen: Seen) -> None:
    for rank in seen:
        assert rank["buckets_default"] == 1
        assert rank["buckets_tiny"] == 4  # each parameter alone
        for label in "default", "tiny":
            grad = rank[f"float32_grad_{label}"]
            assert grad.dtype == np.float32
            assert np.array_equal(grad, seen[0]["float32_grad_default"])


@pytest.mark.parametrize("n", SIZES)
def test_ranks_wrapping_different_modules_all_raise(
    mpiexec: MpiExec, tmp_path: Path, n: int
) -> None:
    job = mpiexec(n, "mismatch", tmp_path)
    assert job.returncode == 0, job.stderr
    last = n - 1
    for r in range(n):
        message = (tmp_path / f"mismatch-rank{r}.txt").read_text()
        assert message == (
            "DistributedDataParallel: every rank must wrap the same module; rank 0 has "
            "parameter 'weight' of shape (2, 3) and dtype float32, "
            f"rank {last} has parameter 'weight' of shape (3, 3) and dtype float32"
        )


# --- one process -----------------------------------------------------------------------


def test_without_mpi4py_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mpi4py", None)
    with pytest.raises(ModuleNotFoundError, match=r"DistributedDataParallel: needs mpi4py") as e:
        dist.DistributedDataParallel(nn.Linear(2, 2))
    assert "pip install 'ad-nn[mpi]'" in str(e.value)
    assert not dist.is_available()


def test_one_process_changes_nothing(group: None) -> None:
    ad_core.manual_seed(0)
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    alone = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    alone.load_state_dict(net.state_dict())
    model = dist.DistributedDataParallel(net)
    assert model.module is net
    assert list(model.state_dict()) == [f"module.{key}" for key in net.state_dict()]
    x = ad_core.randn(5, 3)
    out = model(x)
    assert np.array_equal(out.detach().numpy(), alone(x).detach().numpy())
    out.sum().backward()
    alone(x).sum().backward()
    for p, q in zip(net.parameters(), alone.parameters(), strict=True):
        assert p.grad is not None and q.grad is not None
        assert np.array_equal(p.grad.numpy(), q.grad.numpy())
    model.load_state_dict(model.state_dict())


def test_a_communicator_instead_of_the_default_group() -> None:
    MPI = pytest.importorskip("mpi4py.MPI", reason="needs mpi4py and an MPI library")
    model = dist.DistributedDataParallel(nn.Linear(2, 1), comm=MPI.COMM_SELF)
    assert model.comm is MPI.COMM_SELF


def test_bad_arguments(group: None) -> None:
    ddp = dist.DistributedDataParallel
    with pytest.raises(TypeError, match=r"expected module to be an nn\.Module, got Tensor"):
        ddp(ad_core.ones(2))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"expected bucket_cap_mb > 0, got 0"):
        ddp(nn.Linear(2, 2), bucket_cap_mb=0)
    with pytest.raises(TypeError, match="expected bucket_cap_mb to be a number, got '1'"):
        ddp(nn.Linear(2, 2), bucket_cap_mb="1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected broadcast_buffers to be a bool, got 1"):
        ddp(nn.Linear(2, 2), broadcast_buffers=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected comm to be an mpi4py communicator"):
        ddp(nn.Linear(2, 2), comm=NOT_A_COMM)


def test_without_a_default_group() -> None:
    pytest.importorskip("mpi4py.MPI", reason="needs mpi4py and an MPI library")
    with pytest.raises(RuntimeError, match=r"call ad_nn.parallel.init_process_group\(\) first"):
        dist.DistributedDataParallel(nn.Linear(2, 2))


def test_a_parameter_changed_after_wrapping_is_an_error(group: None) -> None:
    class Exchanges:
        count = 0

        def Allreduce(self, *args: object) -> None:
            self.count += 1

    net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
    model = dist.DistributedDataParallel(net, bucket_cap_mb=1e-6)  # a bucket per parameter
    net.double()  # after wrapping: the buckets were made for float32
    model(ad_core.ones(1, 2, dtype=np.float64)).sum().backward()
    model.comm = exchanges = Exchanges()
    with pytest.raises(RuntimeError, match=r"parameter '\d\.\w+' has dtype float64 and shape"):
        model._reduce_gradients()
    assert exchanges.count == 0  # checked before any bucket is exchanged


def test_outputs_in_containers_all_pass_the_sink() -> None:
    Pair = collections.namedtuple("Pair", "first second")
    x = ad_core.ones(2, requires_grad=True)
    output = {"a": (x, [x * 2, 3]), "b": Pair(x, None)}
    seen: list[ad_core.Tensor] = []

    def mark(tensor: ad_core.Tensor) -> ad_core.Tensor:
        seen.append(tensor)
        return tensor * 1

    mapped = _map_tensors(output, mark)
    assert len(seen) == 3
    assert isinstance(mapped["b"], Pair) and mapped["b"].second is None
    assert mapped["a"][1][1] == 3 and isinstance(mapped["a"][1], list)


def test_buckets_group_by_dtype_in_reverse_order_up_to_the_cap() -> None:
    a, b = nn.Parameter(np.zeros(100)), nn.Parameter(np.zeros(100))  # float64 arrays
    c = nn.Parameter(np.zeros(100, dtype=np.float32))
    d = nn.Parameter(np.zeros(300))
    named = [("a", a), ("b", b), ("c", c), ("d", d)]
    buckets = _buckets(named, cap_bytes=1600)
    assert [(bucket.dtype.name, bucket.names) for bucket in buckets] == [
        ("float64", ["d"]),  # 2400 bytes: alone over the cap
        ("float64", ["b", "a"]),
        ("float32", ["c"]),
    ]
    # One flag per parameter after the gradients; the views are the parameters' shapes.
    assert buckets[1].buffer.shape == (202,)
    assert [view.size for view in buckets[1].views] == [100, 100]
