"""Workload 5: an MLP 784-1024-1024-10 with ReLU, cross-entropy, SGD (lr 0.01),
batch 256 of random data; milliseconds per step and the GFLOP/s that makes, with
plain NumPy float32 GEMM GFLOP/s measured in the NumPy worker."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from .common import seconds, stack
from .hand_numpy import init_linear, softmax_cross_entropy

BATCH = 256
SIZES = (784, 1024, 1024, 10)
# Forward: one product per layer; backward: weight gradients of every layer and
# input gradients of all but the first.
MACS = sum(a * b for a, b in itertools.pairwise(SIZES))
FLOPS = 2 * BATCH * (3 * MACS - SIZES[0] * SIZES[1])


def model(nn: Any) -> Any:
    return nn.Sequential(
        nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10)
    )


def run(framework: str, threads: int, quick: bool) -> dict[str, float]:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, 784), dtype=np.float32)
    y = rng.integers(0, 10, BATCH).astype(np.int64)
    warmup, repeat = (3, 3) if quick else (3, 10)
    extra: dict[str, float] = {}
    if framework == "numpy":
        step = numpy_step(x, y)
        extra["gemm_gflops"] = gemm_gflops(3 if quick else 10)
    else:
        s = stack(framework, threads)
        net = model(s.nn)
        opt = s.optim.SGD(net.parameters(), lr=0.01)
        loss_fn = s.nn.CrossEntropyLoss()
        xb, yb = s.tensor(x), s.tensor(y)

        def step() -> None:
            opt.zero_grad()
            loss_fn(net(xb), yb).backward()
            opt.step()

    seconds(step, warmup)
    median = float(np.median(seconds(step, repeat)))
    return {"value": median * 1e3, "gflops": FLOPS / median / 1e9, **extra}


def numpy_step(x: np.ndarray, y: np.ndarray) -> Any:
    """The same step by hand."""
    rng = np.random.default_rng(0)
    params = [p for a, b in itertools.pairwise(SIZES) for p in init_linear(rng, a, b)]
    w1, b1, w2, b2, w3, b3 = params
    lr = np.float32(0.01)

    def step() -> None:
        h1 = x @ w1
        h1 += b1
        np.maximum(h1, 0, out=h1)
        h2 = h1 @ w2
        h2 += b2
        np.maximum(h2, 0, out=h2)
        logits = h2 @ w3
        logits += b3
        _, dz = softmax_cross_entropy(logits, y)
        dw3, db3 = h2.T @ dz, dz.sum(axis=0)
        d2 = dz @ w3.T
        d2 *= h2 > 0
        dw2, db2 = h1.T @ d2, d2.sum(axis=0)
        d1 = d2 @ w2.T
        d1 *= h1 > 0
        grads = [x.T @ d1, d1.sum(axis=0), dw2, db2, dw3, db3]
        for p, g in zip(params, grads, strict=True):
            g *= lr
            p -= g

    return step


def gemm_gflops(repeat: int) -> float:
    """GFLOP/s of a plain float32 1024x1024 ``np.matmul``, the best of ``repeat``."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1024, 1024), dtype=np.float32)
    b = rng.standard_normal((1024, 1024), dtype=np.float32)
    np.matmul(a, b)
    return 2 * 1024**3 / min(seconds(lambda: np.matmul(a, b), repeat)) / 1e9
