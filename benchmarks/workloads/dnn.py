"""Workload 1: the seed's DNN on digits, Linear(64, 64) + Sigmoid + Linear(64, 10),
cross-entropy, Adam (lr 0.01), batch 32; seconds per epoch."""

from __future__ import annotations

from typing import Any

import numpy as np

from .common import digits, epochs, stack, time_epochs, train_epoch
from .hand_numpy import Adam, init_linear, softmax_cross_entropy

BATCH = 32


def model(nn: Any) -> Any:
    return nn.Sequential(nn.Linear(64, 64), nn.Sigmoid(), nn.Linear(64, 10))


def run(framework: str, threads: int, quick: bool) -> dict[str, float]:
    x, y = digits()
    x = x.reshape(len(x), -1)
    warmup, repeat = epochs(quick)
    if framework == "numpy":
        epoch = numpy_epoch(x, y)
    else:
        s = stack(framework, threads)
        net = model(s.nn)
        opt = s.optim.Adam(net.parameters(), lr=0.01)
        loss_fn = s.nn.CrossEntropyLoss()

        def epoch(order: np.ndarray) -> None:
            train_epoch(s, net, opt, loss_fn, x, y, BATCH, order)

    times = time_epochs(epoch, len(x), warmup, repeat)
    return {"value": float(np.median(times))}


def numpy_epoch(x: np.ndarray, y: np.ndarray) -> Any:
    """The same network, forward and backward written out by hand."""
    rng = np.random.default_rng(0)
    w1, b1 = init_linear(rng, 64, 64)
    w2, b2 = init_linear(rng, 64, 10)
    opt = Adam([w1, b1, w2, b2], lr=0.01)

    def epoch(order: np.ndarray) -> None:
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            xb, yb = x[idx], y[idx]
            h = xb @ w1
            h += b1
            a = 1 / (1 + np.exp(-h))
            logits = a @ w2
            logits += b2
            _, dz = softmax_cross_entropy(logits, yb)
            dw2 = a.T @ dz
            db2 = dz.sum(axis=0)
            da = dz @ w2.T
            da *= a * (1 - a)
            dw1 = xb.T @ da
            db1 = da.sum(axis=0)
            opt.step([dw1, db1, dw2, db2])

    return epoch
