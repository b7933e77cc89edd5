"""One rank of the jobs that test_nn_parallel_distributed.py starts with mpiexec.

``python nn_parallel_worker.py <mode> <out>``; each rank writes what it saw to
``<out>/<mode>-rank<r>.safetensors`` (rank 0 also the single-process reference), and the
test asserts on those files, so that a wrong value fails with a message rather
than an abort of the job. Modes:

- ``collectives``: ``all_reduce`` with each op, ``broadcast``, ``barrier``;
- ``train``: a few SGD steps of a replicated model, and the same steps taken by
  one process on the concatenated batches;
- ``features``: the broadcasts at construction and before a forward, ``no_sync``,
  parameters unused on some ranks, float32, small buckets;
- ``mismatch``: ranks wrapping different modules;
- ``fail``: the last rank raises while the others are in a collective.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import ad_core
import ad_nn as nn
import ad_nn.parallel as dist
from ad_core import NDArray, Tensor

STEPS, BATCH, FEATURES, CLASSES = 5, 4, 6, 3
LR, MOMENTUM = 0.1, 0.9


class Net(nn.Module):
    """A layer used twice (its parameters get two gradients per backward) and a
    convolution, so that the parameters have several shapes."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv1d(1, 2, 3, padding=1)
        self.shared = nn.Linear(2 * FEATURES, 2 * FEATURES)
        self.head = nn.Linear(2 * FEATURES, CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        h = nn.functional.tanh(self.conv(x.reshape(x.shape[0], 1, FEATURES)))
        h = h.reshape(x.shape[0], -1)
        h = nn.functional.tanh(self.shared(nn.functional.tanh(self.shared(h))))
        out: Tensor = self.head(h)
        return out


def sgd_step(params: list[nn.Parameter], velocity: list[NDArray]) -> None:
    """SGD with momentum, by hand (ad-nn's tests do without ad-optim)."""
    for p, v in zip(params, velocity, strict=True):
        assert p.grad is not None
        v *= MOMENTUM
        v += p.grad.array
        p.array -= LR * v
        p.grad = None


def collectives(rank: int, world: int, out: Path) -> None:
    seen: dict[str, NDArray] = {}
    for op in dist.ReduceOp:
        tensor = ad_core.tensor([rank + 1.0, -(rank + 1.0)])
        dist.all_reduce(tensor, op=op)
        seen[op.name] = tensor.numpy()
    # A transposed view is not contiguous: the collective goes through a copy.
    matrix = ad_core.tensor(np.arange(6.0).reshape(2, 3) * (rank + 1)).transpose(0, 1)
    dist.all_reduce(matrix)
    seen["transposed"] = matrix.numpy()
    last = ad_core.tensor(np.full(3, float(rank)))
    dist.broadcast(last, src=world - 1)
    seen["broadcast"] = last.numpy()
    dist.barrier()
    nn.save(seen, out / f"collectives-rank{rank}.safetensors")


def train(rank: int, world: int, out: Path) -> None:
    ad_core.set_default_dtype(np.float64)
    ad_core.manual_seed(rank)  # a different start on every rank: construction copies rank 0's
    net = Net()
    start = {k: v.numpy().copy() for k, v in net.state_dict().items()}
    model = dist.DistributedDataParallel(net)
    rng = np.random.default_rng(1234)  # the same data on every rank
    x = rng.standard_normal((STEPS, world * BATCH, FEATURES))
    y = rng.integers(0, CLASSES, (STEPS, world * BATCH))
    loss_fn = nn.CrossEntropyLoss()
    params = list(model.parameters())
    velocity = [np.zeros_like(p.array) for p in params]
    mine = slice(rank * BATCH, (rank + 1) * BATCH)
    for step in range(STEPS):
        loss_fn(model(ad_core.tensor(x[step, mine])), ad_core.tensor(y[step, mine])).backward()
        sgd_step(params, velocity)
    final = {k: v.numpy() for k, v in model.module.state_dict().items()}
    nn.save(final, out / f"train-rank{rank}.safetensors")
    if rank == 0:
        nn.save(start, out / "train-start.safetensors")
        alone = Net()
        alone.load_state_dict(start)
        params = list(alone.parameters())
        velocity = [np.zeros_like(p.array) for p in params]
        for step in range(STEPS):
            loss_fn(alone(ad_core.tensor(x[step])), ad_core.tensor(y[step])).backward()
            sgd_step(params, velocity)
        nn.save(
            {k: v.numpy() for k, v in alone.state_dict().items()},
            out / "train-reference.safetensors",
        )


def features(rank: int, world: int, out: Path) -> None:
    ad_core.set_default_dtype(np.float64)
    seen: dict[str, NDArray] = {}

    # Construction copies rank 0's parameters and buffers.
    ad_core.manual_seed(rank)
    bn_net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    bn_net[1].running_var.array[...] = rank + 1.0
    seen["weight_before_wrap"] = bn_net[0].weight.array.copy()
    model = dist.DistributedDataParallel(bn_net)
    seen["weight_after_wrap"] = bn_net[0].weight.array.copy()
    seen["running_var_after_wrap"] = bn_net[1].running_var.numpy().copy()

    # Before a training forward: rank 0's buffers, then this rank's batch statistics.
    x = ad_core.tensor(np.arange(6.0).reshape(2, 3))  # the same batch everywhere
    for broadcast in True, False:
        model.broadcast_buffers = broadcast
        bn_net[1].running_mean.array[...] = rank
        model(x)
        seen[f"running_mean_broadcast_{broadcast}"] = bn_net[1].running_mean.numpy().copy()
    model.eval()
    bn_net[1].running_mean.array[...] = rank
    model(x)  # evaluation: no collective, the buffers stay this rank's
    seen["running_mean_eval"] = bn_net[1].running_mean.numpy().copy()

    # no_sync accumulates locally; the next backward averages the total.
    ad_core.manual_seed(0)
    linear = nn.Linear(3, 2)
    model = dist.DistributedDataParallel(linear)
    with model.no_sync():
        (model(ad_core.full((1, 3), rank + 1.0)) ** 2).sum().backward()
    assert linear.weight.grad is not None
    seen["no_sync_grad"] = linear.weight.grad.numpy().copy()
    (model(ad_core.full((1, 3), 10.0 * (rank + 1))) ** 2).sum().backward()
    seen["synced_grad"] = linear.weight.grad.numpy().copy()
    local = nn.Linear(3, 2)
    local.load_state_dict(linear.state_dict())
    (local(ad_core.full((1, 3), rank + 1.0)) ** 2).sum().backward()
    (local(ad_core.full((1, 3), 10.0 * (rank + 1))) ** 2).sum().backward()
    assert local.weight.grad is not None
    seen["local_total"] = local.weight.grad.numpy()
    seen["all_local_totals"] = np.stack(model.comm.allgather(local.weight.grad.numpy()))

    # A parameter only rank 0 uses, and one no rank uses.
    class Partly(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.used = nn.Parameter(np.ones(2))
            self.rank0_only = nn.Parameter(np.ones(2))
            self.never = nn.Parameter(np.ones(2))

        def forward(self, r: int) -> Tensor:
            out = (self.used * (r + 1)).sum()
            if r == 0:
                out = out + (self.rank0_only * 3.0).sum()
            return out

    partly = Partly()
    dist.DistributedDataParallel(partly)(rank).backward()
    assert partly.used.grad is not None and partly.rank0_only.grad is not None
    seen["used_grad"] = partly.used.grad.numpy()
    seen["rank0_only_grad"] = partly.rank0_only.grad.numpy()
    seen["never_grad_is_none"] = np.array(partly.never.grad is None)

    # float32 stays float32, in any number of buckets.
    for cap, label in (25, "default"), (1e-6, "tiny"):
        ad_core.manual_seed(0)
        net32 = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2)).float()
        model = dist.DistributedDataParallel(net32, bucket_cap_mb=cap)
        seen[f"buckets_{label}"] = np.array(len(model._buckets))
        model(ad_core.full((2, 3), rank + 1.0, dtype=np.float32)).sum().backward()
        first = net32[0].weight.grad
        assert first is not None
        seen[f"float32_grad_{label}"] = first.numpy()
    nn.save(seen, out / f"features-rank{rank}.safetensors")


def mismatch(rank: int, world: int, out: Path) -> None:
    try:
        dist.DistributedDataParallel(nn.Linear(3, 2 + (rank == world - 1)))
    except ValueError as error:
        (out / f"mismatch-rank{rank}.txt").write_text(str(error))


def fail(rank: int, world: int, out: Path) -> None:
    model = dist.DistributedDataParallel(nn.Linear(3, 1))
    if rank == world - 1:
        raise ValueError(f"rank {rank} fails on purpose")
    model(ad_core.ones(2, 3)).sum().backward()  # waits in Allreduce for the failed rank


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    dist.init_process_group()
    run = {
        "collectives": collectives,
        "train": train,
        "features": features,
        "mismatch": mismatch,
        "fail": fail,
    }[mode]
    run(dist.get_rank(), dist.get_world_size(), out)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
