"""``Adamax``: Adam with the infinity norm in place of the second moment."""

from __future__ import annotations

from typing import Any

import numpy as np

from ad_core import NDArray

from ._blocks import blocks
from ._checks import check_adam_family
from ._moments import lerp_
from .optimizer import Optimizer, ParamsT


class Adamax(Optimizer):
    """Adamax, as ``torch.optim.Adamax``.

    ``m = lerp(m, g, 1 - beta1)``, ``u = max(beta2 * u, |g| + eps)`` and
    ``p -= lr / (1 - beta1**t) * m / u``.

    Parameters
    ----------
    params:
        Tensors or parameter groups.
    lr:
        Learning rate.
    betas:
        Decay rates of the first moment and of the infinity norm.
    eps:
        Added to ``|g|``.
    weight_decay:
        L2 penalty added to the gradient.
    maximize:
        Maximize the objective instead of minimizing it.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0], requires_grad=True)
    >>> opt = ad_optim.Adamax([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.9000], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_adam_family("Adamax", group)

    def _init_state(self, group: dict[str, Any], param: NDArray) -> dict[str, Any]:
        return {"step": 0, "exp_avg": np.zeros_like(param), "exp_inf": np.zeros_like(param)}

    def _step_group(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        w1 = 1.0 - beta1
        eps = group["eps"]
        for _, param, grad, s in self._grads(group):
            step_size = -lr / (1 - beta1 ** s["step"])
            for p, g, m, u in blocks(param, grad, s["exp_avg"], s["exp_inf"]):
                tmp = lerp_(m, g, w1)
                u *= beta2
                np.abs(g, out=tmp)
                tmp += eps
                np.maximum(u, tmp, out=u)
                np.multiply(m, step_size, out=tmp)
                tmp /= u
                p += tmp
