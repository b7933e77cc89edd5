"""Workload 4: an Olivetti-sized CNN, 400 random 1x64x64 images in 40 classes,
Conv2d(1, 16, 3, padding=1) + ReLU + MaxPool2d(2) + Linear(16384, 128) + ReLU +
Linear(128, 40), Adam (lr 0.001), batch 32; seconds per epoch."""

from __future__ import annotations

from typing import Any

import numpy as np

from .common import epochs, stack, time_epochs, train_epoch

BATCH = 32


def model(nn: Any) -> Any:
    class FaceCNN(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv2d(1, 16, 3, padding=1)
            self.relu = nn.ReLU()
            self.pool = nn.MaxPool2d(2)
            self.fc1 = nn.Linear(16384, 128)
            self.fc2 = nn.Linear(128, 40)

        def forward(self, x: Any) -> Any:
            x = self.pool(self.relu(self.conv(x)))
            x = x.reshape(x.shape[0], -1)
            return self.fc2(self.relu(self.fc1(x)))

    return FaceCNN()


def run(framework: str, threads: int, quick: bool) -> dict[str, float]:
    rng = np.random.default_rng(0)
    x = rng.random((400, 1, 64, 64), dtype=np.float32)
    y = np.repeat(np.arange(40), 10).astype(np.int64)
    warmup, repeat = epochs(quick)
    s = stack(framework, threads)
    net = model(s.nn)
    opt = s.optim.Adam(net.parameters(), lr=0.001)
    loss_fn = s.nn.CrossEntropyLoss()

    def epoch(order: np.ndarray) -> None:
        train_epoch(s, net, opt, loss_fn, x, y, BATCH, order)

    times = time_epochs(epoch, len(x), warmup, repeat)
    return {"value": float(np.median(times))}
