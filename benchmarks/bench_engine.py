"""Engine overhead next to PyTorch: forward+backward of a 5-op chain on tiny
arrays, and of 10^5- and 10^6-node chains; and ``x ** 3.0`` on a
GPT-sized activation (64x128x768 float32), which GELU's tanh form computes.

Each framework runs in its own process, alternating (ours, torch, ours, ...),
and the medians are printed with the ratio ours/torch. PyTorch is optional.

    python benchmarks/bench_engine.py [--repeats 5] [--threads 1]
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


def _time(fn: Callable[[], Any], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def worker(framework: str, threads: int) -> dict[str, float]:
    """Time every workload once in this process; seconds per run."""
    import numpy as np

    data = np.random.default_rng(0).standard_normal((4, 4)).astype(np.float32)
    big = np.random.default_rng(1).standard_normal((64, 128, 768)).astype(np.float32)
    x: Any
    activation: Any
    if framework == "torch":
        import torch

        torch.set_num_threads(threads)
        x = torch.tensor(data, requires_grad=True)
        activation = torch.tensor(big)
    else:
        import ad_core

        x = ad_core.tensor(data, requires_grad=True)
        activation = ad_core.tensor(big)

    def cube() -> None:
        activation**3.0

    def five_ops() -> None:
        y = ((x * 2.0 + 1.0) * x - x).sum()
        y.backward()

    def chain(n: int) -> Callable[[], None]:
        def run() -> None:
            y = x
            for _ in range(n):
                y = y + 1.0
            y.sum().backward()

        return run

    _time(five_ops, 2000)  # warm-up
    return {
        "5-op chain fwd+bwd (µs)": _time(five_ops, 20000) * 1e6,
        "1e5-node chain fwd+bwd (s)": _time(chain(10**5), 3),
        "1e6-node chain fwd+bwd (s)": _time(chain(10**6), 1),
        "x ** 3.0, 64x128x768 float32 (ms)": _time(cube, 10) * 1e3,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="PyTorch threads")
    parser.add_argument("--worker", choices=["ours", "torch"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.threads)))
        return
    try:
        import torch  # noqa: F401

        frameworks = ["ours", "torch"]
    except ImportError:
        frameworks = ["ours"]
    results: dict[str, list[dict[str, float]]] = {f: [] for f in frameworks}
    for _ in range(args.repeats):
        for f in frameworks:
            out = subprocess.run(
                [sys.executable, __file__, "--worker", f, "--threads", str(args.threads)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[f].append(json.loads(out))
    print(f"median of {args.repeats} runs, PyTorch threads: {args.threads}\n")
    print("| workload | ours | torch | ours/torch |")
    print("|---|---|---|---|")
    for name in results["ours"][0]:
        ours = statistics.median(r[name] for r in results["ours"])
        if "torch" in results:
            theirs = statistics.median(r[name] for r in results["torch"])
            print(f"| {name} | {ours:.3g} | {theirs:.3g} | {ours / theirs:.2f} |")
        else:
            print(f"| {name} | {ours:.3g} | - | - |")


if __name__ == "__main__":
    main()
