"""``Adadelta``: steps scaled by running averages of squared gradients and updates."""

from __future__ import annotations

from typing import Any

import numpy as np

from ad_core import NDArray

from ._blocks import blocks
from ._checks import check_lr, check_nonnegative, check_real
from ._moments import ema_square_
from .optimizer import Optimizer, ParamsT


class Adadelta(Optimizer):
    """Adadelta, as ``torch.optim.Adadelta``.

    ``v = rho * v + (1 - rho) * g * g``,
    ``d = sqrt(u + eps) / sqrt(v + eps) * g``,
    ``u = rho * u + (1 - rho) * d * d`` and ``p -= lr * d``.

    Parameters
    ----------
    params:
        Tensors or parameter groups.
    lr:
        Scale of the update.
    rho:
        Decay rate of the running averages, in [0, 1].
    eps:
        Added inside both square roots.
    weight_decay:
        L2 penalty added to the gradient.
    maximize:
        Maximize the objective instead of minimizing it.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0], requires_grad=True)
    >>> opt = ad_optim.Adadelta([w], lr=1.0, rho=0.0, eps=1.0)
    >>> (w * w).sum().backward()
    >>> opt.step()  # 1 - sqrt(0 + 1) / sqrt(4 + 1) * 2
    >>> w
    tensor([0.1056], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_lr("Adadelta", group)
        rho = group["rho"]
        if not 0.0 <= check_real("Adadelta", "rho", rho) <= 1.0:
            raise ValueError(f"Adadelta: Invalid rho value: {rho} (expected 0 <= rho <= 1)")
        check_nonnegative("Adadelta", group, "eps", "weight_decay")

    def _init_state(self, group: dict[str, Any], param: NDArray) -> dict[str, Any]:
        return {"step": 0, "square_avg": np.zeros_like(param), "acc_delta": np.zeros_like(param)}

    def _step_group(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        rho = group["rho"]
        w = 1.0 - rho
        eps = group["eps"]
        for _, param, grad, s in self._grads(group):
            for p, g, square_avg, acc_delta in blocks(param, grad, s["square_avg"], s["acc_delta"]):
                tmp = ema_square_(square_avg, g, rho, w)
                std = square_avg + eps
                np.sqrt(std, out=std)
                delta = acc_delta + eps
                np.sqrt(delta, out=delta)
                delta /= std
                delta *= g
                ema_square_(acc_delta, delta, rho, w, out=tmp)
                delta *= lr
                p -= delta
