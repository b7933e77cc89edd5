"""The pieces of the hand-written NumPy baselines: no framework, no graph, every
buffer updated in place. They are the limit a NumPy framework can approach."""

from __future__ import annotations

import numpy as np


class Adam:
    """``torch.optim.Adam`` (no weight decay, no amsgrad) on a list of arrays."""

    def __init__(
        self,
        params: list[np.ndarray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        self.params = params
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.buf = [np.empty_like(p) for p in params]
        self.t = 0

    def step(self, grads: list[np.ndarray]) -> None:
        self.t += 1
        bc1 = 1 - self.beta1**self.t
        bc2 = 1 - self.beta2**self.t
        step = self.lr / bc1
        for p, g, m, v, buf in zip(self.params, grads, self.m, self.v, self.buf, strict=True):
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            np.multiply(g, g, out=buf)
            buf *= 1 - self.beta2
            v += buf
            np.sqrt(v, out=buf)
            buf *= 1 / np.sqrt(bc2)
            buf += self.eps
            np.divide(m, buf, out=buf)
            buf *= step
            p -= buf


def init_linear(rng: np.random.Generator, fan_in: int, fan_out: int) -> tuple[np.ndarray, ...]:
    """PyTorch's default Linear initialisation, stored as (in, out) for ``x @ w``."""
    bound = 1 / np.sqrt(fan_in)
    w = rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32)
    b = rng.uniform(-bound, bound, fan_out).astype(np.float32)
    return w, b


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy and its gradient with respect to ``logits``."""
    z = logits - logits.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    n = len(labels)
    loss = -float(np.log(z[np.arange(n), labels]).mean())
    z[np.arange(n), labels] -= 1
    z /= n
    return loss, z
