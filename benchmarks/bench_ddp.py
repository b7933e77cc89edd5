"""Time the CNN epoch on digits (workloads/cnn.py) trained by 1 and by 2 MPI processes
with DistributedDataParallel, and the Allreduce of its gradients.

Every configuration is a fresh ``mpiexec -n P`` job; the configurations alternate,
round after round, and every process gets 1 BLAS thread:

- ``1 process, 32``: the single-process baseline, minibatch 32 (DDP's one-process
  path: no communication);
- ``2 processes, 16 + 16``: the same minibatch of 32 split over two processes (strong
  scaling: the same optimisation, ideally in half the time);
- ``2 processes, 32 + 32``: 32 per process, a minibatch of 64 (weak scaling: half
  the steps per epoch).

After a warm-up epoch, a job times epochs with the averaging, then as many under
``no_sync()`` (each process alone); the difference of their backward times per step
is the averaging's cost (the Allreduce, the copies, and the wait for the slower
process). Last, the median of 200 ``all_reduce`` calls of a float32 tensor the size
of the gradients is the communication alone. Scaling efficiency is
``t(1 process) / (P x t(P processes))`` for an epoch. Run
``python benchmarks/bench_ddp.py [--reps 5]``; it needs ``pip install 'ad-nn[mpi]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads.cnn import model as cnn_model
from workloads.common import cache_digits, digits

# (label, processes, minibatch per process)
CONFIGS = [
    ("1 process, 32", 1, 32),
    ("2 processes, 16 + 16", 2, 16),
    ("2 processes, 32 + 32", 2, 32),
]
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def worker(batch: int, epochs: int) -> None:
    """One rank of a job: rank 0 prints the job's figures as JSON."""
    import ad_core
    import ad_nn as nn
    import ad_nn.parallel as dist
    from ad_data import ArrayDataset, DataLoader, DistributedSampler
    from ad_optim import Adam

    dist.init_process_group()
    x, y = digits()
    data = ArrayDataset(x[:, None], y)
    ad_core.manual_seed(0)
    model = dist.DistributedDataParallel(cnn_model(nn))
    sampler = DistributedSampler(data, seed=0)
    loader = DataLoader(data, batch_size=batch, sampler=sampler)
    optimizer = Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def epoch(number: int) -> tuple[float, list[float]]:
        sampler.set_epoch(number)
        dist.barrier()
        backward = []
        start = time.perf_counter()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(ad_core.Tensor(xb)), ad_core.Tensor(yb))
            begin = time.perf_counter()
            loss.backward()
            backward.append(time.perf_counter() - begin)
            optimizer.step()
        return time.perf_counter() - start, backward

    epoch(0)
    synced = [epoch(e) for e in range(1, epochs + 1)]
    with model.no_sync():
        alone = [epoch(e) for e in range(epochs + 1, 2 * epochs + 1)]
    size = sum(p.array.size for p in model.parameters())
    gradients = ad_core.zeros(size, dtype=np.float32)
    reduce_times = []
    for _ in range(200):
        dist.barrier()
        begin = time.perf_counter()
        dist.all_reduce(gradients)
        reduce_times.append(time.perf_counter() - begin)
    if dist.get_rank() == 0:
        result = {
            "epoch": [seconds for seconds, _ in synced],
            "backward": statistics.median(t for _, steps in synced for t in steps),
            "backward_alone": statistics.median(t for _, steps in alone for t in steps),
            "steps": len(synced[0][1]),
            "allreduce": statistics.median(reduce_times),
            "floats": int(size),
        }
        print(json.dumps(result))
    dist.destroy_process_group()


def job(launcher: str, processes: int, batch: int, epochs: int) -> dict[str, Any]:
    env = dict(os.environ, **dict.fromkeys(THREAD_VARIABLES, "1"))
    command = [launcher, "-n", str(processes), sys.executable, __file__]
    command += ["--worker", "--batch", str(batch), "--epochs", str(epochs)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"bench_ddp: {' '.join(command)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="rounds of alternating jobs")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per job and mode")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=32, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.batch, args.epochs)
        return
    beside = Path(sys.executable).with_name("mpiexec")
    launcher = str(beside) if beside.exists() else shutil.which("mpiexec")
    if launcher is None:
        raise SystemExit("bench_ddp: no mpiexec; pip install 'ad-nn[mpi]'")
    cache_digits()
    runs: dict[str, list[dict[str, Any]]] = {label: [] for label, _, _ in CONFIGS}
    for _ in range(args.reps):
        for label, processes, batch in CONFIGS:
            runs[label].append(job(launcher, processes, batch, args.epochs))
    base = statistics.median(t for run in runs[CONFIGS[0][0]] for t in run["epoch"])
    print(
        f"CNN epoch on the digits, Adam; median over {args.reps} jobs x {args.epochs} epochs; "
        f"gradients: {runs[CONFIGS[0][0]][0]['floats']} float32\n"
    )
    print(
        "| processes, minibatch | s/epoch | speed-up | efficiency | steps | "
        "backward ms/step | of which averaging ms/step | all_reduce alone ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, processes, _ in CONFIGS:
        epoch = statistics.median(t for run in runs[label] for t in run["epoch"])
        backward = statistics.median(run["backward"] for run in runs[label])
        alone = statistics.median(run["backward_alone"] for run in runs[label])
        allreduce = statistics.median(run["allreduce"] for run in runs[label])
        averaging = f"{1e3 * (backward - alone):.3f}" if processes > 1 else "–"
        print(
            f"| {label} | {epoch:.4f} | {base / epoch:.2f} | {base / (processes * epoch):.0%} | "
            f"{runs[label][0]['steps']} | {1e3 * backward:.3f} | {averaging} | "
            f"{1e3 * allreduce:.3f} |"
        )


if __name__ == "__main__":
    main()
