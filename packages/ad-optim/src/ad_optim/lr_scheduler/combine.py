"""Schedulers made of schedulers: ``SequentialLR`` and ``ChainedScheduler``."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from ..optimizer import Optimizer
from .base import LRScheduler
from .plateau import ReduceLROnPlateau


def _check_schedulers(name: str, optimizer: Optimizer, schedulers: Sequence[LRScheduler]) -> None:
    if len(schedulers) < 1:
        raise ValueError(f"{name}: expects at least one scheduler, got none")
    for i, scheduler in enumerate(schedulers):
        if not isinstance(scheduler, LRScheduler):
            raise TypeError(f"{name}: the scheduler at index {i} is not an LRScheduler")
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(
                f"{name}: does not support ReduceLROnPlateau (its step needs a metric), "
                f"got one at index {i}"
            )
        if scheduler.optimizer is not optimizer:
            raise ValueError(
                f"{name}: expects all schedulers to belong to the same optimizer, but the "
                f"{type(scheduler).__name__} at index {i} has another one"
            )


class _Composite(LRScheduler):
    """Saves and restores the state of each inner scheduler too."""

    _schedulers: list[LRScheduler]

    def state_dict(self) -> dict[str, Any]:
        inner = self.__dict__.pop("_schedulers")
        try:
            state = super().state_dict()
        finally:
            self._schedulers = inner
        state["_schedulers"] = [s.state_dict() for s in inner]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        saved = dict(state_dict)
        inner = saved.pop("_schedulers")
        if len(inner) != len(self._schedulers):
            raise ValueError(
                f"{type(self).__name__}.load_state_dict: {len(inner)} saved schedulers for "
                f"{len(self._schedulers)}"
            )
        super().load_state_dict(saved)
        for scheduler, state in zip(self._schedulers, inner, strict=True):
            scheduler.load_state_dict(state)


class SequentialLR(_Composite):
    """Run ``schedulers`` one after another, switching at the ``milestones``.

    Parameters
    ----------
    optimizer:
        The optimizer of every scheduler.
    schedulers:
        The schedulers, in order.
    milestones:
        The epochs at which the next scheduler starts (one fewer than
        schedulers); each starts from its epoch 0.
    last_epoch:
        The last epoch when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> from ad_optim import lr_scheduler as S
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> warm = S.LinearLR(opt, start_factor=0.5, total_iters=2)
    >>> decay = S.ExponentialLR(opt, gamma=0.5)
    >>> sched = S.SequentialLR(opt, [warm, decay], milestones=[2])
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     sched.step()
    >>> lrs
    [0.5, 0.75, 1.0, 0.5, 0.25]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        schedulers: Sequence[LRScheduler],
        milestones: Sequence[int],
        last_epoch: int = -1,
    ) -> None:
        _check_schedulers("SequentialLR", optimizer, schedulers)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                f"SequentialLR: expects one milestone fewer than schedulers, got "
                f"{len(schedulers)} schedulers and {len(milestones)} milestones"
            )
        self._schedulers = list(schedulers)
        self._milestones = list(milestones)
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        self._step_count = 0
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        for scheduler in self._schedulers:
            _undo_step(scheduler)
        first = self._schedulers[bisect_right(self._milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def step(self, epoch: int | None = None) -> None:
        """Step the scheduler of the current epoch (starting it at a milestone).

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> from ad_optim import lr_scheduler as S
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
        >>> first = S.ConstantLR(opt, factor=0.5, total_iters=10)
        >>> sched = S.SequentialLR(opt, [first, S.ExponentialLR(opt, 0.9)], milestones=[1])
        >>> sched.step()
        >>> sched.get_last_lr()
        [1.0]
        """
        if epoch is not None:
            raise ValueError("SequentialLR.step: does not take an epoch")
        self._step_count += 1
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


def _undo_step(scheduler: LRScheduler) -> None:
    """Take back the initial step each scheduler took when it was built."""
    if isinstance(scheduler, _Composite):
        for inner in scheduler._schedulers:
            _undo_step(inner)
    else:
        scheduler.last_epoch -= 1


class ChainedScheduler(_Composite):
    """Step several schedulers of one optimizer together, their effects multiplying.

    Parameters
    ----------
    schedulers:
        The schedulers, stepped in this order.
    optimizer:
        Their optimizer (by default the first scheduler's).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> from ad_optim import lr_scheduler as S
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = S.ChainedScheduler([S.ConstantLR(opt, factor=0.5, total_iters=2),
    ...                             S.ExponentialLR(opt, gamma=0.5)])
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     sched.step()
    >>> lrs
    [0.5, 0.25, 0.25, 0.125]
    """

    def __init__(
        self, schedulers: Sequence[LRScheduler], optimizer: Optimizer | None = None
    ) -> None:
        if optimizer is None:
            if len(schedulers) < 1:
                raise ValueError("ChainedScheduler: expects at least one scheduler, got none")
            optimizer = schedulers[0].optimizer
        _check_schedulers("ChainedScheduler", optimizer, schedulers)
        self._schedulers = list(schedulers)
        self.optimizer = optimizer
        self._step_count = 0
        self._last_lr = [group["lr"] for group in optimizer.param_groups]

    def step(self, epoch: int | None = None) -> None:
        """Step every scheduler once.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> from ad_optim import lr_scheduler as S
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = S.ChainedScheduler([S.ExponentialLR(opt, 0.5), S.ExponentialLR(opt, 0.5)])
        >>> sched.step()
        >>> sched.get_last_lr()
        [0.25]
        """
        if epoch is not None:
            raise ValueError("ChainedScheduler.step: does not take an epoch")
        self._step_count += 1
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]
