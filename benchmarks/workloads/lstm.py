"""Workload 6: LSTM(32, 128, num_layers=2) over 50 steps of a batch of 64; the
forward and backward of ``output.mean()`` in milliseconds."""

from __future__ import annotations

import numpy as np

from .common import seconds, stack

STEPS, BATCH = 50, 64


def run(framework: str, threads: int, quick: bool) -> dict[str, float]:
    s = stack(framework, threads)
    lstm = s.nn.LSTM(32, 128, num_layers=2)
    x = s.tensor(np.random.default_rng(0).standard_normal((STEPS, BATCH, 32), dtype=np.float32))

    def step() -> None:
        lstm.zero_grad()
        output, _ = lstm(x)
        output.mean().backward()

    warmup, repeat = (1, 2) if quick else (2, 7)
    seconds(step, warmup)
    return {"value": float(np.median(seconds(step, repeat))) * 1e3}
