"""``LambdaLR`` and ``MultiplicativeLR``: schedules given by user functions."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from ..optimizer import Optimizer
from .base import LRScheduler

LrLambda = Callable[[int], float]


def _lambdas(name: str, optimizer: Optimizer, lr_lambda: Any) -> list[LrLambda]:
    n = len(optimizer.param_groups)
    if not isinstance(lr_lambda, list | tuple):
        lambdas = [lr_lambda] * n
    elif len(lr_lambda) != n:
        raise ValueError(f"{name}: expected {n} lr_lambdas, got {len(lr_lambda)}")
    else:
        lambdas = list(lr_lambda)
    for fn in lambdas:
        if not callable(fn):
            raise TypeError(f"{name}: lr_lambda should be a function, got {type(fn).__name__}")
    return lambdas


class _LambdaScheduler(LRScheduler):
    """Saves the attributes of callable objects, not plain functions, as PyTorch does."""

    lr_lambdas: list[LrLambda]

    def state_dict(self) -> dict[str, Any]:
        lambdas = self.__dict__.pop("lr_lambdas")
        try:
            state = super().state_dict()
        finally:
            self.lr_lambdas = lambdas
        state["lr_lambdas"] = [
            None if isinstance(fn, types.FunctionType) else dict(vars(fn)) for fn in lambdas
        ]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        saved = dict(state_dict)
        lambdas = saved.pop("lr_lambdas")
        super().load_state_dict(saved)
        for fn, attributes in zip(self.lr_lambdas, lambdas, strict=True):
            if attributes is not None:
                vars(fn).update(attributes)


class LambdaLR(_LambdaScheduler):
    """Set each group's lr to ``initial_lr * lr_lambda(epoch)``.

    Parameters
    ----------
    optimizer:
        The optimizer.
    lr_lambda:
        A function of the epoch, or one per parameter group.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.LambdaLR(opt, lambda e: 1 / (e + 1))
    >>> sched.step(); sched.step()
    >>> sched.get_last_lr()
    [0.3333333333333333]
    """

    def __init__(
        self, optimizer: Optimizer, lr_lambda: LrLambda | list[LrLambda], last_epoch: int = -1
    ) -> None:
        self.lr_lambdas = _lambdas("LambdaLR", optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        return [
            base_lr * fn(self.last_epoch)
            for fn, base_lr in zip(self.lr_lambdas, self.base_lrs, strict=True)
        ]


class MultiplicativeLR(_LambdaScheduler):
    """Multiply each group's lr by ``lr_lambda(epoch)`` at every step after the first.

    Parameters
    ----------
    optimizer:
        The optimizer.
    lr_lambda:
        A function of the epoch, or one per parameter group.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.MultiplicativeLR(opt, lambda e: 0.5)
    >>> sched.step(); sched.step()
    >>> sched.get_last_lr()
    [0.25]
    """

    def __init__(
        self, optimizer: Optimizer, lr_lambda: LrLambda | list[LrLambda], last_epoch: int = -1
    ) -> None:
        self.lr_lambdas = _lambdas("MultiplicativeLR", optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        if self._is_initial:
            return [group["lr"] for group in groups]
        return [
            group["lr"] * fn(self.last_epoch)
            for fn, group in zip(self.lr_lambdas, groups, strict=True)
        ]
