"""``ReduceLROnPlateau``: decay the lr when a metric stops improving."""

from __future__ import annotations

import math
from typing import Any, Literal, SupportsFloat

from .._checks import check_count, check_real
from ..optimizer import Optimizer
from .base import LRScheduler


class ReduceLROnPlateau(LRScheduler):
    """Multiply the lr by ``factor`` after ``patience`` epochs without improvement.

    Parameters
    ----------
    optimizer:
        The optimizer.
    mode:
        ``"min"``: the metric should decrease; ``"max"``: increase.
    factor:
        The decay factor, below 1.
    patience:
        Epochs without improvement tolerated before a decay.
    threshold:
        The least change that counts as an improvement.
    threshold_mode:
        ``"rel"``: relative to the best value; ``"abs"``: absolute.
    cooldown:
        Epochs to wait after a decay before counting again.
    min_lr:
        The lowest lr, or one per group.
    eps:
        A decay smaller than this is skipped.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5)
    >>> for loss in [1.0, 1.0, 1.0, 1.0]:
    ...     sched.step(loss)
    >>> sched.get_last_lr()
    [0.5]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        mode: Literal["min", "max"] = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: Literal["rel", "abs"] = "rel",
        cooldown: int = 0,
        min_lr: list[float] | float = 0,
        eps: float = 1e-8,
    ) -> None:
        op = "ReduceLROnPlateau"
        if check_real(op, "factor", factor) >= 1.0:
            raise ValueError(f"ReduceLROnPlateau: expected factor < 1.0, got {factor}")
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"ReduceLROnPlateau: {type(optimizer).__name__} is not an Optimizer")
        self._check_modes(mode, threshold_mode)
        check_count(op, "patience", patience)
        check_count(op, "cooldown", cooldown)
        check_real(op, "threshold", threshold)
        check_real(op, "eps", eps)
        for value in min_lr if isinstance(min_lr, list | tuple) else [min_lr]:
            check_real(op, "min_lr", value)
        n = len(optimizer.param_groups)
        self.default_min_lr: float | None
        if isinstance(min_lr, list | tuple):
            if len(min_lr) != n:
                raise ValueError(f"ReduceLROnPlateau: expected {n} min_lrs, got {len(min_lr)}")
            self.default_min_lr = None
            self.min_lrs = list(min_lr)
        else:
            self.default_min_lr = min_lr
            self.min_lrs = [min_lr] * n
        self.optimizer = optimizer
        self.factor = factor
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.mode = mode
        self.threshold = threshold
        self.threshold_mode = threshold_mode
        self.last_epoch = 0
        self._step_count = 0
        self._last_lr = [group["lr"] for group in optimizer.param_groups]
        self.best = math.inf if mode == "min" else -math.inf
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    @staticmethod
    def _check_modes(mode: str, threshold_mode: str) -> None:
        if mode not in {"min", "max"}:
            raise ValueError(f"ReduceLROnPlateau: mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in {"rel", "abs"}:
            raise ValueError(
                f"ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}"
            )

    @property
    def in_cooldown(self) -> bool:
        """True while decays are suspended after the last one."""
        return self.cooldown_counter > 0

    def is_better(self, a: float, best: float) -> bool:
        """Whether ``a`` improves on ``best`` beyond the threshold."""
        if self.mode == "min":
            if self.threshold_mode == "rel":
                return a < best * (1.0 - self.threshold)
            return a < best - self.threshold
        if self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def step(self, metrics: SupportsFloat, epoch: int | None = None) -> None:  # type: ignore[override]
        """Record this epoch's metric and decay the lr if it has stalled.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = ad_optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0)
        >>> sched.step(1.0); sched.step(2.0)
        >>> sched.get_last_lr()
        [0.1]
        """
        try:
            current = float(metrics)
        except (TypeError, ValueError):
            raise TypeError(
                f"ReduceLROnPlateau.step: expected metrics to be a number, got {metrics!r}"
            ) from None
        self.last_epoch = self.last_epoch + 1 if epoch is None else epoch
        if self.is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def _reduce_lr(self) -> None:
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(
                    f"ReduceLROnPlateau: the optimizer has {len(groups)} parameter groups but "
                    f"{len(self.min_lrs)} min_lrs were given; update min_lrs"
                )
            self.min_lrs = [self.default_min_lr] * len(groups)
        for group, min_lr in zip(groups, self.min_lrs, strict=True):
            old_lr = float(group["lr"])
            new_lr = max(old_lr * self.factor, min_lr)
            if old_lr - new_lr > self.eps:
                group["lr"] = new_lr

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the attributes saved by ``state_dict``.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = ad_optim.lr_scheduler.ReduceLROnPlateau(opt)
        >>> sched.step(3.0)
        >>> fresh = ad_optim.lr_scheduler.ReduceLROnPlateau(opt)
        >>> fresh.load_state_dict(sched.state_dict())
        >>> fresh.best
        3.0
        """
        self._check_modes(
            state_dict.get("mode", self.mode), state_dict.get("threshold_mode", self.threshold_mode)
        )
        super().load_state_dict(state_dict)
