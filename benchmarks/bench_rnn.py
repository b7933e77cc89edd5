"""Recurrent layers next to PyTorch CPU (float32).

Two workloads:

* the seed's GRU experiment: scikit-learn's digits read as 8 steps of 8
  features, ``GRU(8, 32, batch_first=True)`` then ``Linear(32, 10)`` on the
  last hidden state, cross-entropy, Adam (lr 0.01), batches of 32 over the
  1257 training digits (70 %); seconds per epoch;
* forward + backward of ``LSTM(32, 128, num_layers=2)`` on a batch of 64
  sequences of 50 steps; milliseconds per step.

Each framework runs in its own process and the processes alternate (ours,
torch, ours, torch, ...), with one and with two threads (NumPy's OpenBLAS
threads for ours, set through ``OPENBLAS_NUM_THREADS``; intra-op threads for
PyTorch); the table gives medians over the repetitions and the ratio of ours
to PyTorch at the same number of threads.

    python benchmarks/bench_rnn.py [--repeats 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

TRAIN_SIZE = 1257
# (label, framework, threads): NumPy's BLAS threads for ours, intra-op threads for torch.
RUNNERS = [
    ("ours 1 thread", "ours", 1),
    ("torch 1 thread", "torch", 1),
    ("ours 2 threads", "ours", 2),
    ("torch 2 threads", "torch", 2),
]


def save_digits(path: Path) -> None:
    """The 1257 training digits, (N, 8, 8) in [0, 1], with their labels."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    order = np.random.default_rng(0).permutation(len(digits.images))[:TRAIN_SIZE]
    images = (digits.images[order] / 16.0).astype(np.float32)
    np.savez(path, images=images, target=digits.target[order].astype(np.int64))


def frameworks(name: str, threads: int) -> tuple[Any, Any, Any, Any]:
    """``(nn, optim, tensor_from_numpy, manual_seed)`` of one framework."""
    if name == "torch":
        import torch

        torch.set_num_threads(threads)
        return torch.nn, torch.optim, torch.from_numpy, torch.manual_seed
    import ad_core
    import ad_nn
    import ad_optim

    return ad_nn, ad_optim, ad_core.Tensor._wrap, ad_core.manual_seed


def gru_epochs(name: str, threads: int, digits: Path, epochs: int) -> list[float]:
    """Seconds per training epoch of the seed's GRU on the digits."""
    nn, optim, tensor, seed = frameworks(name, threads)
    seed(0)
    with np.load(digits) as f:
        images, target = f["images"], f["target"]

    class GRUNet(nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.gru = nn.GRU(8, 32, batch_first=True)
            self.fc = nn.Linear(32, 10)

        def forward(self, x: Any) -> Any:
            _, h_n = self.gru(x)
            return self.fc(h_n[-1])

    model = GRUNet()
    opt = optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    rng = np.random.default_rng(1)
    times = []
    for _ in range(epochs + 1):
        order = rng.permutation(len(images))
        start = time.perf_counter()
        for i in range(0, len(order), 32):
            batch = order[i : i + 32]
            loss = loss_fn(model(tensor(images[batch])), tensor(target[batch]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    return times[1:]  # the first epoch warms up


def lstm_steps(name: str, threads: int, steps: int) -> list[float]:
    """Seconds per forward + backward of LSTM(32, 128, num_layers=2), 64 x 50."""
    nn, _, tensor, seed = frameworks(name, threads)
    seed(0)
    lstm = nn.LSTM(32, 128, num_layers=2)
    x = tensor(np.random.default_rng(2).standard_normal((50, 64, 32)).astype(np.float32))
    times = []
    for _ in range(steps + 2):
        start = time.perf_counter()
        output, _ = lstm(x)
        output.sum().backward()
        times.append(time.perf_counter() - start)
    return times[2:]


def worker(name: str, threads: int, digits: Path, quick: bool) -> dict[str, float]:
    gru = gru_epochs(name, threads, digits, 2 if quick else 5)
    lstm = lstm_steps(name, threads, 3 if quick else 10)
    return {
        "GRU digits epoch (s)": statistics.median(gru),
        "LSTM 2x128, 64x50 fwd+bwd (ms)": statistics.median(lstm) * 1e3,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="fewer epochs and steps")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--digits", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.threads, args.digits, args.quick)))
        return
    results: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in RUNNERS}
    with tempfile.TemporaryDirectory() as tmp:
        digits = Path(tmp) / "digits.npz"
        save_digits(digits)
        for _ in range(args.repeats):
            for label, name, threads in RUNNERS:
                cmd = [sys.executable, __file__, "--worker", name, "--threads", str(threads)]
                cmd += ["--digits", str(digits)] + (["--quick"] if args.quick else [])
                env = {**os.environ, "OPENBLAS_NUM_THREADS": str(threads)}
                done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
                results[label].append(json.loads(done.stdout.strip().splitlines()[-1]))
    labels = [label for label, _, _ in RUNNERS]
    print(f"medians of {args.repeats} alternating runs; ratio = ours / torch, same threads")
    header = "".join(f"{label:>17}" for label in labels)
    print(f"{'workload':32}{header}{'ratio 1':>9}{'ratio 2':>9}")
    for key in results[labels[0]][0]:
        m = [statistics.median(r[key] for r in results[label]) for label in labels]
        row = "".join(f"{v:17.4g}" for v in m)
        print(f"{key:32}{row}{m[0] / m[1]:9.2f}{m[2] / m[3]:9.2f}")


if __name__ == "__main__":
    main()
