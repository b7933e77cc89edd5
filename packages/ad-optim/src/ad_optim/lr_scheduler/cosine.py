"""Cosine annealing: ``CosineAnnealingLR`` and ``CosineAnnealingWarmRestarts``."""

from __future__ import annotations

import math

from .._checks import check_count, check_real
from ..optimizer import Optimizer
from .base import LRScheduler


class CosineAnnealingLR(LRScheduler):
    """Anneal the lr from its base value to ``eta_min`` along half a cosine of ``T_max`` epochs.

    The closed form is ``eta_min + (base - eta_min) * (1 + cos(pi * t / T_max)) / 2``;
    stepping uses PyTorch's recursive form (the same values up to rounding,
    and it composes with other schedulers). After ``T_max`` the lr rises
    again, as in PyTorch.

    Parameters
    ----------
    optimizer:
        The optimizer.
    T_max:
        Epochs of the half period.
    eta_min:
        The lowest lr.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.CosineAnnealingLR(opt, T_max=2)
    >>> sched.step(); sched.step()
    >>> sched.get_last_lr()
    [0.0]
    """

    def __init__(
        self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        self.T_max = check_count("CosineAnnealingLR", "T_max", T_max, 1)
        self.eta_min = check_real("CosineAnnealingLR", "eta_min", eta_min)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        t, t_max, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return [group["lr"] for group in groups]
        if self._step_count == 1 and t > 0:
            return [
                eta_min + (base - eta_min) * (1 + math.cos(t * math.pi / t_max)) / 2
                for base in self.base_lrs
            ]
        if (t - 1 - t_max) % (2 * t_max) == 0:
            return [
                group["lr"] + (base - eta_min) * (1 - math.cos(math.pi / t_max)) / 2
                for base, group in zip(self.base_lrs, groups, strict=True)
            ]
        ratio = (1 + math.cos(math.pi * t / t_max)) / (1 + math.cos(math.pi * (t - 1) / t_max))
        return [ratio * (group["lr"] - eta_min) + eta_min for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        cosine = (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
        return [self.eta_min + (base - self.eta_min) * cosine for base in self.base_lrs]


class CosineAnnealingWarmRestarts(LRScheduler):
    """Cosine annealing restarted every ``T_i`` epochs, with ``T_i`` growing by ``T_mult``.

    ``step`` may take a fractional epoch (e.g. ``epoch + batch / n_batches``).

    Parameters
    ----------
    optimizer:
        The optimizer.
    T_0:
        Epochs before the first restart.
    T_mult:
        Factor of growth of the period after each restart.
    eta_min:
        The lowest lr.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2)
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(round(sched.get_last_lr()[0], 6))
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 1.0, 0.5]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        T_0: int,
        T_mult: int = 1,
        eta_min: float = 0.0,
        last_epoch: int = -1,
    ) -> None:
        op = "CosineAnnealingWarmRestarts"
        self.T_0 = check_count(op, "T_0", T_0, 1)
        self.T_i = self.T_0
        self.T_mult = check_count(op, "T_mult", T_mult, 1)
        self.eta_min = check_real(op, "eta_min", eta_min)
        self.T_cur: float = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        cosine = (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
        return [self.eta_min + (base - self.eta_min) * cosine for base in self.base_lrs]

    def step(self, epoch: float | None = None) -> None:
        """Advance one epoch, or go to the (possibly fractional) ``epoch``.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = ad_optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=4)
        >>> sched.step(2.0)
        >>> round(sched.get_last_lr()[0], 6)
        0.5
        """
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        else:
            if epoch < 0:
                raise ValueError(
                    f"CosineAnnealingWarmRestarts.step: expected a non-negative epoch, got {epoch}"
                )
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    self.T_cur = epoch % self.T_0
                else:
                    n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
                    self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                    self.T_i = self.T_0 * self.T_mult**n
            else:
                self.T_i = self.T_0
                self.T_cur = epoch
        self._step_count += 1
        self.last_epoch = math.floor(epoch)
        for group, lr in zip(self.optimizer.param_groups, self.get_lr(), strict=True):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]
