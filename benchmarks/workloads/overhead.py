"""Workload 7: engine overhead, ``((x * w + b) ** 2 - x).sum()`` on arrays of 4
elements and its backward into ``w`` and ``b``: microseconds per forward+backward.
The NumPy figure is the same arithmetic with the derivative written by hand."""

from __future__ import annotations

from typing import Any

import numpy as np

from .common import seconds, stack

INNER = 200


def run(framework: str, threads: int, quick: bool) -> dict[str, float]:
    rng = np.random.default_rng(0)
    xa, wa, ba = (rng.standard_normal(4).astype(np.float32) for _ in range(3))
    if framework == "numpy":

        def once() -> Any:
            u = xa * wa + ba
            _ = float((u**2 - xa).sum())
            du = 2 * u
            return du * xa, du
    else:
        s = stack(framework, threads)
        x = s.tensor(xa)
        w = s.tensor(wa).requires_grad_(True)
        b = s.tensor(ba).requires_grad_(True)

        def once() -> Any:
            ((x * w + b) ** 2 - x).sum().backward()

    def inner() -> None:
        for _ in range(INNER):
            once()

    seconds(inner, 2)
    times = seconds(inner, 5 if quick else 25)
    return {"value": float(np.median(times)) / INNER * 1e6}
