"""conv2d and max_pool2d forward+backward next to ``torch.nn.functional``, float32,
on the shapes of the seed's CNN experiments (batch 32; 1x8x8 input with 8
filters 3x3 padding 1; 1x64x64 input with 16 filters 3x3 padding 1; 2x2 pooling
of those convolutions' outputs).

Each framework runs in its own process, alternating (ours, torch 1 thread,
torch 2 threads, ours, ...); the table gives medians over the repetitions and
the ratio ours/torch for each PyTorch thread count. PyTorch is optional.

    python benchmarks/bench_conv.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

# name -> (input shape, weight shape or None for a 2x2 max pool, input requires grad)
WORKLOADS: dict[str, tuple[tuple[int, ...], tuple[int, ...] | None, bool]] = {
    "conv 32x1x8x8, 8 filters 3x3 p1 (grad w, b)": ((32, 1, 8, 8), (8, 1, 3, 3), False),
    "conv 32x1x8x8, 8 filters 3x3 p1 (grad x, w, b)": ((32, 1, 8, 8), (8, 1, 3, 3), True),
    "maxpool 2x2 of 32x8x8x8": ((32, 8, 8, 8), None, True),
    "conv 32x1x64x64, 16 filters 3x3 p1 (grad w, b)": ((32, 1, 64, 64), (16, 1, 3, 3), False),
    "conv 32x1x64x64, 16 filters 3x3 p1 (grad x, w, b)": ((32, 1, 64, 64), (16, 1, 3, 3), True),
    "maxpool 2x2 of 32x16x64x64": ((32, 16, 64, 64), None, True),
}


def _median_time(fn: Callable[[], Any], budget: float = 0.3) -> float:
    """Median seconds per call over batches that fill about ``budget`` seconds."""
    fn()
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-6)
    number = max(1, int(budget / 5 / once))
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def _torch_step(x_data: Any, w_data: Any, x_grad: bool) -> Callable[[], None]:
    import torch
    import torch.nn.functional as TF

    x = torch.tensor(x_data, requires_grad=x_grad)
    if w_data is None:

        def pool() -> None:
            y = TF.max_pool2d(x, 2)
            y.backward(torch.ones_like(y))  # type: ignore[no-untyped-call]

        return pool
    w = torch.tensor(w_data, requires_grad=True)
    b = torch.zeros(w_data.shape[0], requires_grad=True)

    def conv() -> None:
        y = TF.conv2d(x, w, b, padding=1)
        y.backward(torch.ones_like(y))  # type: ignore[no-untyped-call]

    return conv


def _our_step(x_data: Any, w_data: Any, x_grad: bool) -> Callable[[], None]:
    import ad_core
    import ad_ops as F

    x = ad_core.tensor(x_data, requires_grad=x_grad)
    if w_data is None:

        def pool() -> None:
            y = F.max_pool2d(x, 2)
            y.backward(ad_core.ones_like(y))

        return pool
    w = ad_core.tensor(w_data, requires_grad=True)
    b = ad_core.zeros(w_data.shape[0], requires_grad=True)

    def conv() -> None:
        y = F.conv2d(x, w, b, padding=1)
        y.backward(ad_core.ones_like(y))

    return conv


def worker(framework: str, threads: int) -> dict[str, float]:
    """Microseconds per forward+backward of every workload, in this process."""
    import numpy as np

    if framework == "torch":
        import torch

        torch.set_num_threads(threads)
    rng = np.random.default_rng(0)
    results = {}
    for name, (x_shape, w_shape, x_grad) in WORKLOADS.items():
        x_data = rng.standard_normal(x_shape).astype(np.float32)
        w_data = None if w_shape is None else rng.standard_normal(w_shape).astype(np.float32)
        make = _torch_step if framework == "torch" else _our_step
        results[name] = _median_time(make(x_data, w_data, x_grad)) * 1e6
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--worker", choices=["ours", "torch"], help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.threads)))
        return
    try:
        import torch  # noqa: F401

        runners = [("ours", "ours", 0), ("torch1", "torch", 1), ("torch2", "torch", 2)]
    except ImportError:
        runners = [("ours", "ours", 0)]
    results: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in runners}
    for _ in range(args.repeats):
        for label, framework, threads in runners:
            out = subprocess.run(
                [sys.executable, __file__, "--worker", framework, "--threads", str(threads)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[label].append(json.loads(out))
    print(f"forward+backward, float32, µs, median of {args.repeats} runs\n")
    print("| workload | ours | torch 1 thr | ours/torch1 | torch 2 thr | ours/torch2 |")
    print("|---|---|---|---|---|---|")
    for name in WORKLOADS:
        medians = {label: statistics.median(r[name] for r in rs) for label, rs in results.items()}
        cells = [f"{medians['ours']:.0f}"]
        for label in ("torch1", "torch2"):
            if label in medians:
                cells += [f"{medians[label]:.0f}", f"{medians['ours'] / medians[label]:.2f}"]
            else:
                cells += ["-", "-"]
        print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
