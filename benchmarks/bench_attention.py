"""A GPT-nano training step and scaled dot-product attention next to PyTorch CPU (float32).

Two workloads, each the same code for both frameworks:

* a GPT-nano training step: a character-level GPT (vocabulary 65, context 64,
  4 blocks of 4 heads, width 128, GELU), batch 32; zero_grad, forward,
  cross-entropy, backward and an AdamW step; milliseconds per step;
* causal ``scaled_dot_product_attention`` alone, forward and backward, on
  ``(32, 4, 64, 32)`` queries, keys and values; milliseconds per call.

Each framework runs in its own process and the processes alternate (ours,
torch, ours, torch, ...), with one thread (``OMP_NUM_THREADS`` and
``OPENBLAS_NUM_THREADS`` set to 1) unless ``--threads`` says otherwise; the
table gives medians over the repetitions and the ratio of ours to PyTorch.
``--profile`` instead runs cProfile over our training steps and prints where
the time goes.

    python benchmarks/bench_attention.py [--repeats 5] [--threads 1] [--quick] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

VOCAB, CONTEXT, LAYERS, HEADS, WIDTH, BATCH = 65, 64, 4, 4, 128, 32


def framework(name: str, threads: int) -> tuple[Any, Any, Any, Any, Any]:
    """``(torch-like namespace, nn, functional, optim, tensor_from_numpy)``."""
    if name == "torch":
        import torch

        torch.set_num_threads(threads)
        torch.manual_seed(0)
        return torch, torch.nn, torch.nn.functional, torch.optim, torch.from_numpy
    import ad_core
    import ad_nn
    import ad_ops
    import ad_optim

    ad_core.manual_seed(0)
    return ad_ops, ad_nn, ad_nn.functional, ad_optim, ad_core.Tensor._wrap


def gpt(name: str, threads: int) -> tuple[Any, Callable[[], float]]:
    """The model and one training step on a fixed random batch."""
    T, nn, F, optim, tensor = framework(name, threads)
    width, heads = WIDTH, HEADS

    class Block(nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.ln_1 = nn.LayerNorm(width)
            self.c_attn = nn.Linear(width, 3 * width)
            self.c_proj = nn.Linear(width, width)
            self.ln_2 = nn.LayerNorm(width)
            self.c_fc = nn.Linear(width, 4 * width)
            self.gelu = nn.GELU()
            self.mlp_proj = nn.Linear(4 * width, width)

        def forward(self, x: Any) -> Any:
            b, t, c = x.shape
            q, k, v = T.split(self.c_attn(self.ln_1(x)), width, dim=2)
            q, k, v = (z.reshape(b, t, heads, c // heads).transpose(1, 2) for z in (q, k, v))
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + self.c_proj(y.transpose(1, 2).reshape(b, t, c))
            return x + self.mlp_proj(self.gelu(self.c_fc(self.ln_2(x))))

    class GPT(nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.wte = nn.Embedding(VOCAB, width)
            self.wpe = nn.Embedding(CONTEXT, width)
            self.blocks = nn.ModuleList([Block() for _ in range(LAYERS)])
            self.ln_f = nn.LayerNorm(width)
            self.lm_head = nn.Linear(width, VOCAB, bias=False)

        def forward(self, idx: Any) -> Any:
            x = self.wte(idx) + self.wpe(tensor(np.arange(idx.shape[1])))
            for block in self.blocks:
                x = block(x)
            return self.lm_head(self.ln_f(x))

    model = GPT()
    optimizer = optim.AdamW(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(0)
    tokens = rng.integers(0, VOCAB, (BATCH, CONTEXT + 1))
    x, y = tensor(tokens[:, :-1].copy()), tensor(tokens[:, 1:].reshape(-1).copy())

    def step() -> float:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x).reshape(BATCH * CONTEXT, VOCAB), y)
        loss.backward()
        optimizer.step()
        return float(loss.item())

    return model, step


def attention(name: str, threads: int) -> Callable[[], None]:
    """Forward and backward of causal attention on (32, 4, 64, 32) float32."""
    _, _, F, _, tensor = framework(name, threads)
    rng = np.random.default_rng(0)
    shape = (BATCH, HEADS, CONTEXT, WIDTH // HEADS)
    q, k, v = (tensor(rng.standard_normal(shape, dtype=np.float32)) for _ in range(3))
    for t in (q, k, v):
        t.requires_grad_(True)
    seed = tensor(rng.standard_normal(shape, dtype=np.float32))

    def step() -> None:
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        out.backward(seed)

    return step


def timed(fn: Callable[[], object], warmup: int, repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds per call. On a machine that other work
    shares, the CPU time of a one-thread run is the steadier of the two."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1e3, statistics.median(cpu) * 1e3


def worker(name: str, threads: int, quick: bool) -> dict[str, float]:
    _, step = gpt(name, threads)
    warmup, repeat = (1, 3) if quick else (2, 10)
    results = {}
    for label, fn, n in (
        ("GPT-nano train step", step, repeat),
        ("causal SDPA fwd+bwd", attention(name, threads), 5 * repeat),
    ):
        wall, cpu = timed(fn, warmup, n)
        results[f"{label}, wall (ms)"] = wall
        results[f"{label}, CPU (ms)"] = cpu
    return results


def profile(steps: int) -> None:
    import cProfile
    import pstats

    _, step = gpt("ours", 1)
    step()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        step()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="fewer steps")
    parser.add_argument("--profile", action="store_true", help="cProfile our steps instead")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.threads, args.quick)))
        return
    threads = str(args.threads)
    env = {**os.environ, "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads}
    if args.profile:
        code = f"import sys; sys.argv = [{__file__!r}]; import runpy; "
        code += f"m = runpy.run_path({__file__!r}); m['profile'](10)"
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        return
    results: dict[str, list[dict[str, float]]] = {"ours": [], "torch": []}
    for _ in range(args.repeats):
        for name in results:
            cmd = [sys.executable, __file__, "--worker", name, "--threads", threads]
            cmd += ["--quick"] if args.quick else []
            done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
            results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{args.threads} thread(s), medians of {args.repeats} alternating runs")
    print("| measure | ours | torch | ours/torch |\n|---|---:|---:|---:|")
    for key in results["ours"][0]:
        ours = statistics.median(r[key] for r in results["ours"])
        theirs = statistics.median(r[key] for r in results["torch"])
        print(f"| {key} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f} |")


if __name__ == "__main__":
    main()
