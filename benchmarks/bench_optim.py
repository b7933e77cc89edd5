"""Time one optimizer step: ad_optim against torch.optim (1 thread), same parameters.

Two parameter sets: the DNN workload's 4 parameters (64x64, 64, 10x64, 10) and
200 small parameters of 16 entries (where per-parameter Python overhead shows).
Each framework runs in its own subprocess, alternated round after round; the
table gives the median microseconds per step over rounds.
Run: ``python benchmarks/bench_optim.py [--reps 5]``.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

import numpy as np

SETS: dict[str, list[tuple[int, ...]]] = {
    "dnn": [(64, 64), (64,), (10, 64), (10,)],
    "small": [(16,)] * 200,
}
OPTIMIZERS = {
    "SGD": {"lr": 0.01, "momentum": 0.9},
    "Adam": {"lr": 0.01},
    "AdamW": {"lr": 0.01},
    "RMSprop": {"lr": 0.01},
    "NAdam": {},
}


def worker(framework: str, steps: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    out = {}
    for set_name, shapes in SETS.items():
        arrays = [rng.standard_normal(s, dtype=np.float32) for s in shapes]
        for name, kwargs in OPTIMIZERS.items():
            if framework == "torch":
                import torch

                torch.set_num_threads(1)
                tparams = [torch.tensor(a, requires_grad=True) for a in arrays]
                for tp in tparams:
                    tp.grad = torch.ones_like(tp) * 0.1
                opt: Any = getattr(torch.optim, name)(tparams, **kwargs)
            else:
                import ad_core
                import ad_optim

                params = [ad_core.tensor(a, requires_grad=True) for a in arrays]
                for p in params:
                    p.grad = ad_core.tensor(np.full(p.shape, 0.1, dtype=np.float32))
                opt = getattr(ad_optim, name)(params, **kwargs)
            opt.step()
            start = time.perf_counter()
            for _ in range(steps):
                opt.step()
            out[f"{set_name}/{name}"] = (time.perf_counter() - start) / steps * 1e6
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", choices=["ours", "torch"])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.steps)))
        return
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "torch": []}
    for _ in range(args.reps):
        for fw in runs:
            cmd = [sys.executable, __file__, "--worker", fw, "--steps", str(args.steps)]
            done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
            runs[fw].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{'step (us, median)':22s} {'ad_optim':>10s} {'torch':>10s} {'ratio':>7s}")
    for key in runs["ours"][0]:
        ours = statistics.median(r[key] for r in runs["ours"])
        theirs = statistics.median(r[key] for r in runs["torch"])
        print(f"{key:22s} {ours:10.1f} {theirs:10.1f} {theirs / ours:6.1f}x")


if __name__ == "__main__":
    main()
