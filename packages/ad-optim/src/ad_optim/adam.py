"""``Adam`` and ``AdamW``: adaptive moments, with L2 or decoupled weight decay."""

from __future__ import annotations

from typing import Any

import numpy as np

from ad_core import NDArray

from ._blocks import blocks
from ._checks import check_adam_family
from ._moments import ema_square_, lerp_
from .optimizer import Optimizer, ParamsT


class Adam(Optimizer):
    """Adam, as ``torch.optim.Adam`` (single-tensor path, the one PyTorch runs on CPU).

    Per step ``t``: ``g = grad + weight_decay * p`` (or ``p *= 1 - lr *
    weight_decay`` first when ``decoupled_weight_decay``), ``m = lerp(m, g,
    1 - beta1)``, ``v = beta2 * v + (1 - beta2) * g * g``, and
    ``p -= lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)``;
    with ``amsgrad`` the running maximum of ``v`` replaces ``v``.

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
    amsgrad:
        Use the maximum of the past second moments.
    maximize:
        Maximize the objective instead of minimizing it.
    decoupled_weight_decay:
        Decay the parameter directly, as AdamW.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ad_optim.Adam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()  # the first step moves each entry by lr against its gradient's sign
    >>> w.array.round(6)
    array([ 0.9, -1.9], dtype=float32)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        decoupled_weight_decay: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_adam_family(type(self).__name__, group)

    def _init_state(self, group: dict[str, Any], param: NDArray) -> dict[str, Any]:
        return {"step": 0, "exp_avg": np.zeros_like(param), "exp_avg_sq": np.zeros_like(param)}

    def _step_group(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        eps = group["eps"]
        amsgrad = group["amsgrad"]
        w1 = 1.0 - beta1
        w2 = 1.0 - beta2
        last_step = 0
        bias_root2 = step_size = 0.0
        for _, param, grad, s in self._grads(group):
            step = s["step"]
            if step != last_step:
                # A group's parameters usually share their step: its scalars once per group.
                last_step = step
                bias_root2 = (1.0 - beta2**step) ** 0.5
                step_size = -lr / (1.0 - beta1**step)
            exp_avg = s["exp_avg"]
            exp_avg_sq = s["exp_avg_sq"]
            if amsgrad:
                max_sq = s.get("max_exp_avg_sq")
                if max_sq is None:
                    max_sq = s["max_exp_avg_sq"] = np.zeros_like(param)
            else:
                max_sq = exp_avg_sq  # unused; keeps the blocks aligned
            for p, g, m, v, v_max in blocks(param, grad, exp_avg, exp_avg_sq, max_sq):
                tmp = lerp_(m, g, w1)
                ema_square_(v, g, beta2, w2, out=tmp)
                if amsgrad:
                    np.maximum(v_max, v, out=v_max)
                    denom = np.sqrt(v_max)
                else:
                    denom = np.sqrt(v)
                denom /= bias_root2
                denom += eps
                np.multiply(m, step_size, out=tmp)
                tmp /= denom
                p += tmp


class AdamW(Adam):
    """AdamW, as ``torch.optim.AdamW``: Adam with decoupled weight decay.

    Each step first shrinks the parameter, ``p *= 1 - lr * weight_decay``,
    then applies Adam's update without weight decay in the gradient.

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
        Decoupled decay rate (default 1e-2).
    amsgrad:
        Use the maximum of the past second moments.
    maximize:
        Maximize the objective instead of minimizing it.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0], requires_grad=True)
    >>> opt = ad_optim.AdamW([w], lr=0.1, weight_decay=0.5)
    >>> (w * w).sum().backward()
    >>> opt.step()  # 1 * (1 - 0.1 * 0.5) - 0.1
    >>> w
    tensor([0.8500], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            maximize=maximize,
            decoupled_weight_decay=True,
        )
