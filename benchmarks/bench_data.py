"""Time one shuffled epoch of a 60000 x 784 float32 array dataset, batch 128.

Loaders compared, each in its own subprocess, alternated round after round, at
1 and 2 threads (OMP/OpenBLAS/MKL and torch.set_num_threads):

- ours          ad_data.DataLoader over ArrayDataset (one fancy-index per array per batch)
- ours-threads  the same with num_workers=2 (a thread pool loading batches ahead)
- loop          ad_data.DataLoader over a plain map-style Dataset (a loop over samples)
- torch         torch.utils.data.DataLoader over a TensorDataset, when PyTorch is installed

Each child times ``--epochs`` epochs after one warm-up epoch; the table shows the
median over all rounds. Run: ``python benchmarks/bench_data.py [--reps 5]``.
"""

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

import numpy as np

N, FEATURES, BATCH = 60000, 784, 128
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def make_data() -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    rng = np.random.default_rng(0)
    return rng.standard_normal((N, FEATURES), dtype=np.float32), rng.integers(0, 10, N)


def time_epochs(loader: Any, epochs: int) -> list[float]:
    times = []
    for epoch in range(epochs + 1):
        start = time.perf_counter()
        seen = 0
        for x, _ in loader:
            seen += len(x)
        if seen != N:
            raise RuntimeError(f"bench_data: an epoch yielded {seen} samples, expected {N}")
        if epoch:
            times.append(time.perf_counter() - start)
    return times


def child(impl: str, epochs: int, threads: int) -> list[float]:
    x, y = make_data()
    if impl == "torch":
        import torch
        from torch.utils.data import DataLoader as TorchLoader
        from torch.utils.data import TensorDataset as TorchTensorDataset

        torch.set_num_threads(threads)
        dataset = TorchTensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        generator = torch.Generator().manual_seed(0)
        return time_epochs(
            TorchLoader(dataset, batch_size=BATCH, shuffle=True, generator=generator), epochs
        )

    from ad_data import ArrayDataset, DataLoader, Dataset

    class PerSample(Dataset[tuple[Any, Any]]):
        """No __getitems__: the loader fetches and collates sample by sample."""

        def __getitem__(self, index: int) -> tuple[Any, Any]:
            return x[index], y[index]

        def __len__(self) -> int:
            return N

    if impl == "loop":
        return time_epochs(DataLoader(PerSample(), batch_size=BATCH, shuffle=True, seed=0), epochs)
    workers = 2 if impl == "ours-threads" else 0
    loader = DataLoader(
        ArrayDataset(x, y), batch_size=BATCH, shuffle=True, seed=0, num_workers=workers
    )
    return time_epochs(loader, epochs)


def run_child(impl: str, epochs: int, threads: int) -> list[float]:
    env = dict(os.environ, **{name: str(threads) for name in THREAD_VARIABLES})
    command = [
        sys.executable,
        __file__,
        "--child",
        impl,
        "--epochs",
        str(epochs),
        "--threads",
        str(threads),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    times: list[float] = json.loads(done.stdout.strip().splitlines()[-1])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="rounds of alternating subprocesses")
    parser.add_argument("--epochs", type=int, default=2, help="timed epochs per subprocess")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.epochs, int(args.threads))))
        return

    impls = ["ours", "ours-threads", "loop"]
    if importlib.util.find_spec("torch") is not None:
        impls.append("torch")
    else:
        print("PyTorch is not installed: its row is skipped.")
    print(
        f"one shuffled epoch, {N} x {FEATURES} float32, batch {BATCH}; median of "
        f"{args.reps} rounds x {args.epochs} epochs, milliseconds"
    )
    for threads in (int(t) for t in args.threads.split(",")):
        times: dict[str, list[float]] = {impl: [] for impl in impls}
        for _ in range(args.reps):
            for impl in impls:
                times[impl].extend(run_child(impl, args.epochs, threads))
        ours = statistics.median(times["ours"])
        print(f"\n{threads} thread(s)")
        for impl in impls:
            median = statistics.median(times[impl])
            spread = f"{1e3 * min(times[impl]):.1f}-{1e3 * max(times[impl]):.1f}"
            print(
                f"  {impl:<13} {1e3 * median:9.1f}   (range {spread:>15})   "
                f"{median / ours:5.1f}x ours"
            )


if __name__ == "__main__":
    main()
