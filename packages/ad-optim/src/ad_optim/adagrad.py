"""``Adagrad``: steps scaled by the root of the summed squared gradients."""

from __future__ import annotations

from typing import Any

import numpy as np

from ad_core import NDArray

from ._blocks import blocks
from ._checks import check_lr, check_nonnegative
from .optimizer import Optimizer, ParamsT


class Adagrad(Optimizer):
    """Adagrad, as ``torch.optim.Adagrad``.

    ``s += g * g`` and ``p -= clr * g / (sqrt(s) + eps)`` with
    ``clr = lr / (1 + (t - 1) * lr_decay)`` at step ``t``; ``s`` starts at
    ``initial_accumulator_value``. PyTorch creates the state of every
    parameter in the constructor; here it is created at a parameter's first
    step, with the same values.

    Parameters
    ----------
    params:
        Tensors or parameter groups.
    lr:
        Learning rate.
    lr_decay:
        Learning-rate decay per step.
    weight_decay:
        L2 penalty added to the gradient.
    initial_accumulator_value:
        Starting value of the sum of squares.
    eps:
        Added to the denominator.
    maximize:
        Maximize the objective instead of minimizing it.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0], requires_grad=True)
    >>> opt = ad_optim.Adagrad([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()  # 1 - 0.1 * 2 / sqrt(4)
    >>> w
    tensor([0.9000], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "eps": eps,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_lr("Adagrad", group)
        check_nonnegative(
            "Adagrad", group, "lr_decay", "weight_decay", "initial_accumulator_value", "eps"
        )

    def _init_state(self, group: dict[str, Any], param: NDArray) -> dict[str, Any]:
        return {"step": 0, "sum": np.full_like(param, group["initial_accumulator_value"])}

    def _step_group(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        lr_decay = group["lr_decay"]
        eps = group["eps"]
        for _, param, grad, s in self._grads(group):
            clr = lr / (1 + (s["step"] - 1) * lr_decay)
            for p, g, total in blocks(param, grad, s["sum"]):
                tmp = g * g
                total += tmp
                std = np.sqrt(total)
                std += eps
                np.multiply(g, -clr, out=tmp)
                tmp /= std
                p += tmp
