"""Piecewise and multiplicative decays: ``StepLR``, ``MultiStepLR``, ``ConstantLR``,
``LinearLR``, ``ExponentialLR`` and ``PolynomialLR``.

Each computes the next learning rate from the current one (PyTorch's
chainable form, so that several schedulers can act on one optimizer) and
keeps the closed form for ``step(epoch)``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable

from .._checks import check_count, check_real
from ..optimizer import Optimizer
from .base import LRScheduler


class StepLR(LRScheduler):
    """Multiply the lr by ``gamma`` every ``step_size`` epochs.

    Parameters
    ----------
    optimizer:
        The optimizer.
    step_size:
        Epochs between two decays.
    gamma:
        The decay factor.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     sched.step()
    >>> lrs
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(
        self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        self.step_size = check_count("StepLR", "step_size", step_size, 1)
        self.gamma = check_real("StepLR", "gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return [group["lr"] for group in groups]
        return [group["lr"] * self.gamma for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base * self.gamma ** (self.last_epoch // self.step_size) for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Multiply the lr by ``gamma`` at each milestone epoch.

    Parameters
    ----------
    optimizer:
        The optimizer.
    milestones:
        Epochs of the decays (a repeated milestone decays that many times).
    gamma:
        The decay factor.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.MultiStepLR(opt, milestones=[1, 3], gamma=0.5)
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 0.5, 0.25]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        milestones: Iterable[int],
        gamma: float = 0.1,
        last_epoch: int = -1,
    ) -> None:
        try:
            items = list(milestones)
        except TypeError:
            raise TypeError(
                f"MultiStepLR: expected milestones to be an iterable of ints, got {milestones!r}"
            ) from None
        self.milestones = Counter(check_count("MultiStepLR", "milestones", m) for m in items)
        self.gamma = check_real("MultiStepLR", "gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        if self.last_epoch not in self.milestones:
            return [group["lr"] for group in groups]
        factor = self.gamma ** self.milestones[self.last_epoch]
        return [group["lr"] * factor for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        milestones = sorted(self.milestones.elements())
        decays = bisect_right(milestones, self.last_epoch)
        return [base * self.gamma**decays for base in self.base_lrs]


class ConstantLR(LRScheduler):
    """Multiply the lr by ``factor`` for the first ``total_iters`` epochs.

    Parameters
    ----------
    optimizer:
        The optimizer.
    factor:
        The factor, in [0, 1].
    total_iters:
        Epochs before the lr returns to its base value.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2)
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     sched.step()
    >>> lrs
    [0.5, 0.5, 1.0, 1.0]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        factor: float = 1.0 / 3,
        total_iters: int = 5,
        last_epoch: int = -1,
    ) -> None:
        if not 0.0 <= check_real("ConstantLR", "factor", factor) <= 1.0:
            raise ValueError(f"ConstantLR: expected factor in [0, 1], got {factor}")
        self.factor = factor
        self.total_iters = check_count("ConstantLR", "total_iters", total_iters)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        if self.last_epoch == 0:
            return [group["lr"] * self.factor for group in groups]
        if self.last_epoch != self.total_iters:
            return [group["lr"] for group in groups]
        return [group["lr"] * (1.0 / self.factor) for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        reached = self.last_epoch >= self.total_iters
        return [base * (self.factor + reached * (1 - self.factor)) for base in self.base_lrs]


class LinearLR(LRScheduler):
    """Scale the lr by a factor going linearly from ``start_factor`` to ``end_factor``.

    Parameters
    ----------
    optimizer:
        The optimizer.
    start_factor:
        The factor at epoch 0, in (0, 1].
    end_factor:
        The factor from epoch ``total_iters`` on, in [0, 1].
    total_iters:
        Epochs of the ramp.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.LinearLR(opt, start_factor=0.5, total_iters=2)
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     sched.step()
    >>> lrs
    [0.5, 0.75, 1.0, 1.0]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
        last_epoch: int = -1,
    ) -> None:
        if not 0.0 < check_real("LinearLR", "start_factor", start_factor) <= 1.0:
            raise ValueError(f"LinearLR: expected start_factor in (0, 1], got {start_factor}")
        if not 0.0 <= check_real("LinearLR", "end_factor", end_factor) <= 1.0:
            raise ValueError(f"LinearLR: expected end_factor in [0, 1], got {end_factor}")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = check_count("LinearLR", "total_iters", total_iters)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        if self.last_epoch == 0:
            return [group["lr"] * self.start_factor for group in groups]
        if self._is_initial or self.last_epoch > self.total_iters:
            return [group["lr"] for group in groups]
        span = self.end_factor - self.start_factor
        factor = 1.0 + span / (self.total_iters * self.start_factor + (self.last_epoch - 1) * span)
        return [group["lr"] * factor for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        span = self.end_factor - self.start_factor
        done = min(self.total_iters, self.last_epoch) / self.total_iters
        return [base * (self.start_factor + span * done) for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Multiply the lr by ``gamma`` every epoch.

    Parameters
    ----------
    optimizer:
        The optimizer.
    gamma:
        The decay factor.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    >>> sched.step(); sched.step()
    >>> sched.get_last_lr()
    [0.25]
    """

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = check_real("ExponentialLR", "gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        if self._is_initial:
            return [group["lr"] for group in groups]
        return [group["lr"] * self.gamma for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base * self.gamma**self.last_epoch for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    """Decay the lr as ``(1 - epoch / total_iters) ** power`` until ``total_iters``.

    Parameters
    ----------
    optimizer:
        The optimizer.
    total_iters:
        Epochs of the decay; the lr is 0 from then on.
    power:
        The power of the polynomial.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ad_optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=1.0)
    >>> sched.step(); sched.step()
    >>> sched.get_last_lr()
    [0.5]
    """

    def __init__(
        self, optimizer: Optimizer, total_iters: int = 5, power: float = 1.0, last_epoch: int = -1
    ) -> None:
        self.total_iters = check_count("PolynomialLR", "total_iters", total_iters)
        self.power = check_real("PolynomialLR", "power", power)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        groups = self.optimizer.param_groups
        if self._is_initial or self.last_epoch > self.total_iters:
            return [group["lr"] for group in groups]
        decay = (
            (1.0 - self.last_epoch / self.total_iters)
            / (1.0 - (self.last_epoch - 1) / self.total_iters)
        ) ** self.power
        return [group["lr"] * decay for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        left = 1.0 - min(self.total_iters, self.last_epoch) / self.total_iters
        return [base * left**self.power for base in self.base_lrs]
