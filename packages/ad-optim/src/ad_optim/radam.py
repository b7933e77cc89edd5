"""``RAdam``: Adam with a rectified adaptive learning rate."""

from __future__ import annotations

from typing import Any

import numpy as np

from ad_core import NDArray

from ._blocks import blocks
from ._checks import check_adam_family
from ._moments import ema_square_, lerp_
from .optimizer import Optimizer, ParamsT


class RAdam(Optimizer):
    """RAdam, as ``torch.optim.RAdam``.

    ``m`` and ``v`` as in Adam; with ``rho_inf = 2 / (1 - beta2) - 1`` and
    ``rho_t = rho_inf - 2 t beta2**t / (1 - beta2**t)``, the step is
    ``lr * m / (1 - beta1**t)``, multiplied while ``rho_t > 5`` by the
    adaptive term ``sqrt(1 - beta2**t) / (sqrt(v) + eps)`` and the
    rectification ``sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))``.

    Parameters
    ----------
    params:
        Tensors or parameter groups.
    lr:
        Learning rate.
    betas:
        Decay rates of the first and second moment, each in [0, 1).
    eps:
        Added to the denominator.
    weight_decay:
        L2 penalty added to the gradient (decoupled with
        ``decoupled_weight_decay``).
    decoupled_weight_decay:
        Shrink the parameter by ``1 - lr * weight_decay`` instead.
    maximize:
        Maximize the objective instead of minimizing it.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0], requires_grad=True)
    >>> opt = ad_optim.RAdam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()  # rho_1 = 1 < 5: an SGD-with-momentum step, 1 - 0.1 * 2
    >>> w
    tensor([0.8000], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled_weight_decay: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_adam_family("RAdam", group)

    def _init_state(self, group: dict[str, Any], param: NDArray) -> dict[str, Any]:
        return {"step": 0, "exp_avg": np.zeros_like(param), "exp_avg_sq": np.zeros_like(param)}

    def _step_group(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        w1 = 1.0 - beta1
        w2 = 1.0 - beta2
        eps = group["eps"]
        rho_inf = 2 / (1 - beta2) - 1
        for _, param, grad, s in self._grads(group):
            step = s["step"]
            bias_correction2 = 1 - beta2**step
            rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
            rect = 0.0
            if rho_t > 5.0:
                rect = (
                    (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
                ) ** 0.5
            for p, g, m, v in blocks(param, grad, s["exp_avg"], s["exp_avg_sq"]):
                tmp = lerp_(m, g, w1)
                ema_square_(v, g, beta2, w2, out=tmp)
                np.divide(m, 1 - beta1**step, out=tmp)
                tmp *= lr
                if rho_t > 5.0:
                    adaptive = np.sqrt(v)
                    adaptive += eps
                    np.reciprocal(adaptive, out=adaptive)
                    adaptive *= bias_correction2**0.5
                    tmp *= adaptive
                    tmp *= rect
                p -= tmp
