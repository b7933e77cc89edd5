"""What the workloads share: the data, the two frameworks behind one interface,
a training epoch written once for both, and the clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DIGITS_CACHE = ROOT / "results" / "cache" / "digits.npz"
TRAIN_SIZE = 1257  # the seed's 70 % of scikit-learn's 1797 digits


def cache_digits() -> None:
    """Write scikit-learn's digits to an .npz once, so that workers need not
    import scikit-learn (it would count in their time and memory)."""
    if DIGITS_CACHE.exists():
        return
    from sklearn.datasets import load_digits

    digits = load_digits()
    DIGITS_CACHE.parent.mkdir(parents=True, exist_ok=True)
    np.savez(DIGITS_CACHE, images=digits.images, target=digits.target)


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1257 training digits as float32 images (N, 8, 8) in [0, 1] and int64 labels."""
    with np.load(DIGITS_CACHE) as f:
        images, target = f["images"], f["target"]
    order = np.random.default_rng(0).permutation(len(images))[:TRAIN_SIZE]
    return (images[order] / 16.0).astype(np.float32), target[order].astype(np.int64)


@dataclass
class Stack:
    """A framework seen through the names it shares with PyTorch."""

    name: str
    nn: Any
    optim: Any
    tensor: Callable[[np.ndarray], Any]


def stack(framework: str, threads: int) -> Stack:
    """PyTorch (with ``threads`` intra-op threads) or ours, seeded."""
    if framework == "torch":
        import torch

        torch.set_num_threads(threads)
        torch.manual_seed(0)
        return Stack("torch", torch.nn, torch.optim, torch.from_numpy)
    if framework == "ours":
        import ad_core
        import ad_nn
        import ad_optim

        ad_core.manual_seed(0)
        return Stack("ours", ad_nn, ad_optim, ad_core.Tensor)
    raise ValueError(f"stack: no framework {framework!r}")


def train_epoch(
    s: Stack,
    model: Any,
    optimizer: Any,
    loss_fn: Any,
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    order: np.ndarray,
) -> None:
    """One pass over ``x`` in minibatches taken in ``order``: the seed's loop."""
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        xb, yb = s.tensor(x[idx]), s.tensor(y[idx])
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()


def seconds(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall time of ``repeat`` calls of ``fn``, one figure per call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def time_epochs(
    epoch: Callable[[np.ndarray], object], n: int, warmup: int, repeat: int
) -> list[float]:
    """Seconds of ``repeat`` epochs after ``warmup`` ones, each over a fresh shuffle."""
    rng = np.random.default_rng(1)
    for _ in range(warmup):
        epoch(rng.permutation(n))
    orders = [rng.permutation(n) for _ in range(repeat)]
    it = iter(orders)
    return seconds(lambda: epoch(next(it)), repeat)


def epochs(quick: bool) -> tuple[int, int]:
    """(warm-up, timed) epochs."""
    return (1, 1) if quick else (1, 3)
