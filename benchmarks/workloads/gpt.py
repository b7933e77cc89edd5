"""Workload 8: a GPT-nano training step (vocabulary 65, context 64, 4 blocks of
4 heads, width 128, exact GELU, batch 32; zero_grad, forward, cross-entropy,
backward, AdamW), float32; milliseconds per step. The model is the one of
``benchmarks/bench_attention.py``, the same code for both frameworks."""

from __future__ import annotations

import numpy as np

from .common import seconds


def run(framework: str, threads: int, quick: bool) -> dict[str, float]:
    from bench_attention import gpt

    _, step = gpt(framework, threads)
    seconds(step, 1 if quick else 2)
    times = seconds(step, 3 if quick else 10)
    return {"value": float(np.median(times)) * 1e3}
