"""Workload 2: the seed's CNN on digits, Conv2d(1, 8, 3, padding=1) + ReLU +
MaxPool2d(2) + Linear(128, 64) + ReLU + Linear(64, 10), Adam (lr 0.01), batch 32;
seconds per epoch."""

from __future__ import annotations

from typing import Any

import numpy as np

from .common import digits, epochs, stack, time_epochs, train_epoch
from .hand_numpy import Adam, init_linear, softmax_cross_entropy

BATCH = 32


def model(nn: Any) -> Any:
    class CNN(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv2d(1, 8, 3, padding=1)
            self.relu = nn.ReLU()
            self.pool = nn.MaxPool2d(2)
            self.fc1 = nn.Linear(128, 64)
            self.fc2 = nn.Linear(64, 10)

        def forward(self, x: Any) -> Any:
            x = self.pool(self.relu(self.conv(x)))
            x = x.reshape(x.shape[0], -1)
            return self.fc2(self.relu(self.fc1(x)))

    return CNN()


def run(framework: str, threads: int, quick: bool) -> dict[str, float]:
    x, y = digits()
    x = x[:, None]
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
    """The same network by hand, channels last: im2col by a strided view, the
    convolution as one matrix product, max-pooling by argmax over 2x2 windows."""
    rng = np.random.default_rng(0)
    wc, bc = init_linear(rng, 9, 8)
    w1, b1 = init_linear(rng, 128, 64)
    w2, b2 = init_linear(rng, 64, 10)
    opt = Adam([wc, bc, w1, b1, w2, b2], lr=0.01)
    padded = np.pad(x[:, 0], ((0, 0), (1, 1), (1, 1)))
    # (N, 8, 8, 9): the 3x3 patch around every pixel, gathered once for the data set.
    patches = np.ascontiguousarray(
        np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(1, 2)).reshape(
            len(x), 8, 8, 9
        )
    )

    def epoch(order: np.ndarray) -> None:
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            n = len(idx)
            cols = patches[idx].reshape(n * 64, 9)
            conv = cols @ wc
            conv += bc
            np.maximum(conv, 0, out=conv)
            # (n, 4, 2, 4, 2, 8) -> windows last: (n, 4, 4, 8, 4)
            win = conv.reshape(n, 4, 2, 4, 2, 8).transpose(0, 1, 3, 5, 2, 4).reshape(n, 4, 4, 8, 4)
            arg = win.argmax(axis=-1)
            pooled = np.take_along_axis(win, arg[..., None], axis=-1)[..., 0]
            flat = pooled.reshape(n, 128)
            h = flat @ w1
            h += b1
            np.maximum(h, 0, out=h)
            logits = h @ w2
            logits += b2
            _, dz = softmax_cross_entropy(logits, y[idx])
            dw2 = h.T @ dz
            db2 = dz.sum(axis=0)
            dh = dz @ w2.T
            dh *= h > 0
            dw1 = flat.T @ dh
            db1 = dh.sum(axis=0)
            dflat = dh @ w1.T
            dwin = np.zeros_like(win)
            np.put_along_axis(dwin, arg[..., None], dflat.reshape(n, 4, 4, 8, 1), axis=-1)
            dconv = dwin.reshape(n, 4, 4, 8, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(n * 64, 8)
            dconv *= conv > 0
            dwc = cols.T @ dconv
            dbc = dconv.sum(axis=0)
            opt.step([dwc, dbc, dw1, db1, dw2, db2])

    return epoch
