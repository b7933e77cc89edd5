"""``SGD``: stochastic gradient descent with momentum, Nesterov and weight decay."""

from __future__ import annotations

from typing import Any, ClassVar

from ._checks import check_flags, check_lr, check_nonnegative, check_real
from .optimizer import Optimizer, ParamsT


class SGD(Optimizer):
    """Stochastic gradient descent, as ``torch.optim.SGD``.

    With ``g = grad + weight_decay * p`` (``-grad`` under ``maximize``), the
    buffer starts as ``b = g`` on the first step and then follows
    ``b = momentum * b + (1 - dampening) * g``; the update is
    ``p -= lr * (g + momentum * b)`` with Nesterov, ``p -= lr * b`` without.

    Parameters
    ----------
    params:
        Tensors or parameter groups.
    lr:
        Learning rate (PyTorch's default, 1e-3).
    momentum:
        Momentum factor; 0 keeps no state.
    dampening:
        Dampening of the momentum.
    weight_decay:
        L2 penalty added to the gradient.
    nesterov:
        Use Nesterov momentum (needs momentum > 0 and dampening 0).
    maximize:
        Maximize the objective instead of minimizing it.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> w = ad_core.tensor([1.0], requires_grad=True)
    >>> opt = ad_optim.SGD([w], lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     opt.zero_grad()
    ...     (w * w).sum().backward()
    ...     opt.step()
    >>> w  # 1 - 0.1*2 = 0.8, then 0.8 - 0.1*(0.9*2 + 1.6)
    tensor([0.4600], requires_grad=True)
    """

    # State only with momentum, and its buffer starts as the first gradient: kept in _step_group.
    _lazy_state: ClassVar[bool] = False

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        check_lr("SGD", group)
        check_nonnegative("SGD", group, "momentum", "weight_decay")
        check_real("SGD", "dampening", group["dampening"])
        check_flags("SGD", group, "nesterov")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("SGD: Nesterov momentum requires a momentum and zero dampening")

    def _required_state(self, group: dict[str, Any]) -> tuple[str, ...]:
        return ("momentum_buffer",) if group["momentum"] != 0 else ()

    def _step_group(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        momentum = group["momentum"]
        damp = 1.0 - group["dampening"]
        nesterov = group["nesterov"]
        state = self.state
        for p, param, grad, _ in self._grads(group):
            if momentum != 0:
                s = state.get(p)
                if s is None:
                    buf = grad.copy()
                    state[p] = {"momentum_buffer": buf}
                else:
                    buf = s["momentum_buffer"]
                    buf *= momentum
                    buf += grad if damp == 1.0 else damp * grad
                grad = grad + momentum * buf if nesterov else buf
            param -= lr * grad
