"""``NAdam``: Adam with Nesterov momentum and a momentum-decay schedule."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from ad_core import NDArray

from ._blocks import blocks
from ._checks import check_adam_family
from ._moments import ema_square_, lerp_
from .optimizer import Optimizer, ParamsT


class NAdam(Optimizer):
    """NAdam, as ``torch.optim.NAdam``.

    With ``mu_t = beta1 * (1 - 0.5 * 0.96**(t * momentum_decay))`` and
    ``P_t = mu_1 * ... * mu_t`` (kept in float32, as PyTorch keeps it in a
    float32 tensor): ``m = lerp(m, g, 1 - beta1)``,
    ``v = beta2 * v + (1 - beta2) * g * g``, ``d = sqrt(v / (1 - beta2**t)) + eps``
    and ``p -= lr * (1 - mu_t) / (1 - P_t) * g / d + lr * mu_{t+1} / (1 - P_t *
    mu_{t+1}) * m / d``.

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
    momentum_decay:
        Speed of the momentum schedule.
    decoupled_weight_decay:
        Shrink the parameter by ``1 - lr * weight_decay`` instead.
    maximize:
        Maximize the objective instead of minimizing it.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0], requires_grad=True)
    >>> opt = ad_optim.NAdam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.8944], requires_grad=True)
    """

    _scalar_state: ClassVar[tuple[str, ...]] = ("step", "mu_product")

    def __init__(
        self,
        params: ParamsT,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum_decay": momentum_decay,
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_adam_family("NAdam", group, "momentum_decay")

    def _init_state(self, group: dict[str, Any], param: NDArray) -> dict[str, Any]:
        return {
            "step": 0,
            "mu_product": 1.0,
            "exp_avg": np.zeros_like(param),
            "exp_avg_sq": np.zeros_like(param),
        }

    def _step_group(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        w1 = 1.0 - beta1
        w2 = 1.0 - beta2
        eps = group["eps"]
        momentum_decay = group["momentum_decay"]
        for _, param, grad, s in self._grads(group):
            step = s["step"]
            mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
            mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
            mu_product = s["mu_product"] = float(np.float32(s["mu_product"] * np.float32(mu)))
            grad_step = -lr * (1.0 - mu) / (1.0 - mu_product)
            avg_step = -lr * mu_next / (1.0 - mu_product * mu_next)
            for p, g, m, v in blocks(param, grad, s["exp_avg"], s["exp_avg_sq"]):
                tmp = lerp_(m, g, w1)
                ema_square_(v, g, beta2, w2, out=tmp)
                denom = v / (1.0 - beta2**step)
                np.sqrt(denom, out=denom)
                denom += eps
                np.multiply(g, grad_step, out=tmp)
                tmp /= denom
                p += tmp
                np.multiply(m, avg_step, out=tmp)
                tmp /= denom
                p += tmp
