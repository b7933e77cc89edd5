"""Workload 3: GRU(8, 32) + Linear(32, 10) on digits read as 8 rows of 8 pixels,
cross-entropy, Adam (lr 0.01), batch 32; seconds per epoch."""

from __future__ import annotations

from typing import Any

import numpy as np

from .common import digits, epochs, stack, time_epochs, train_epoch

BATCH = 32


def model(nn: Any) -> Any:
    class GRUNet(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.gru = nn.GRU(8, 32, batch_first=True)
            self.fc = nn.Linear(32, 10)

        def forward(self, x: Any) -> Any:
            _, h = self.gru(x)
            return self.fc(h[-1])

    return GRUNet()


def run(framework: str, threads: int, quick: bool) -> dict[str, float]:
    x, y = digits()
    warmup, repeat = epochs(quick)
    s = stack(framework, threads)
    net = model(s.nn)
    opt = s.optim.Adam(net.parameters(), lr=0.01)
    loss_fn = s.nn.CrossEntropyLoss()

    def epoch(order: np.ndarray) -> None:
        train_epoch(s, net, opt, loss_fn, x, y, BATCH, order)

    times = time_epochs(epoch, len(x), warmup, repeat)
    return {"value": float(np.median(times))}
