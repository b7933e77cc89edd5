"""``RMSprop``: gradients scaled by a running root mean square."""

from __future__ import annotations

from typing import Any

import numpy as np

from ad_core import NDArray

from ._blocks import blocks
from ._checks import check_flags, check_lr, check_nonnegative
from ._moments import ema_square_, lerp_
from .optimizer import Optimizer, ParamsT


class RMSprop(Optimizer):
    """RMSprop, as ``torch.optim.RMSprop``.

    ``v = alpha * v + (1 - alpha) * g * g``; the denominator is
    ``sqrt(v) + eps``, or ``sqrt(v - m * m) + eps`` with ``centered`` (``m``
    the running mean of ``g``). Without momentum ``p -= lr * g / denom``;
    with it ``b = momentum * b + g / denom`` and ``p -= lr * b``.

    Parameters
    ----------
    params:
        Tensors or parameter groups.
    lr:
        Learning rate.
    alpha:
        Smoothing constant of the running mean square.
    eps:
        Added to the denominator.
    weight_decay:
        L2 penalty added to the gradient.
    momentum:
        Momentum factor.
    centered:
        Normalize by the estimated variance instead of the mean square.
    maximize:
        Maximize the objective instead of minimizing it.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0], requires_grad=True)
    >>> opt = ad_optim.RMSprop([w], lr=0.01, alpha=0.75)
    >>> (w * w).sum().backward()
    >>> opt.step()  # 1 - 0.01 * 2 / sqrt(0.25 * 4)
    >>> w
    tensor([0.9800], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "alpha": alpha,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum": momentum,
            "centered": centered,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_lr("RMSprop", group)
        check_nonnegative("RMSprop", group, "eps", "momentum", "weight_decay", "alpha")
        check_flags("RMSprop", group, "centered")

    def _init_state(self, group: dict[str, Any], param: NDArray) -> dict[str, Any]:
        return {"step": 0, "square_avg": np.zeros_like(param)}

    def _step_group(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        alpha = group["alpha"]
        w = 1.0 - alpha
        eps = group["eps"]
        momentum = group["momentum"]
        centered = group["centered"]
        for _, param, grad, s in self._grads(group):
            square_avg = s["square_avg"]
            # The optional state exists before the blocks are cut; unused ones stand in.
            grad_avg = buf = square_avg
            if centered:
                grad_avg = s.get("grad_avg")
                if grad_avg is None:
                    grad_avg = s["grad_avg"] = np.zeros_like(param)
            if momentum > 0:
                buf = s.get("momentum_buffer")
                if buf is None:
                    buf = s["momentum_buffer"] = np.zeros_like(param)
            for p, g, sq, g_avg, b in blocks(param, grad, square_avg, grad_avg, buf):
                tmp = ema_square_(sq, g, alpha, w)
                if centered:
                    lerp_(g_avg, g, w, out=tmp)
                    avg = g_avg * -1.0
                    avg *= g_avg
                    avg += sq
                    np.sqrt(avg, out=avg)
                else:
                    avg = np.sqrt(sq)
                avg += eps
                if momentum > 0:
                    b *= momentum
                    np.divide(g, avg, out=tmp)
                    b += tmp
                    p -= lr * b
                else:
                    np.multiply(g, -lr, out=tmp)
                    tmp /= avg
                    p += tmp
