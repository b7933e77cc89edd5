"""``LRScheduler``: the base of every learning-rate schedule."""

from __future__ import annotations

import copy
from typing import Any

from .._checks import check_count, check_real
from ..optimizer import Optimizer


def format_param(op: str, name: str, optimizer: Optimizer, value: Any) -> list[float]:
    """One number per parameter group: a list/tuple as given, or a number repeated."""
    if isinstance(value, list | tuple):
        if len(value) != len(optimizer.param_groups):
            raise ValueError(
                f"{op}: {name} must have one value per parameter group: got {len(value)} "
                f"values for {len(optimizer.param_groups)} groups"
            )
        return [check_real(op, name, v) for v in value]
    return [check_real(op, name, value)] * len(optimizer.param_groups)


class LRScheduler:
    """Base class of the schedules, as ``torch.optim.lr_scheduler.LRScheduler``.

    A subclass implements ``get_lr()``, the learning rates of the epoch
    ``last_epoch`` (usually from the current ones, in PyTorch's chainable
    form, so that schedulers compose), and may implement
    ``_get_closed_form_lr()``, used when ``step`` is given an epoch.
    Constructing a scheduler performs its first step (epoch 0).
    PyTorch warns when ``step`` runs before the optimizer's; this does not.

    Parameters
    ----------
    optimizer:
        The optimizer whose groups' ``"lr"`` the schedule sets.
    last_epoch:
        The index of the last epoch when resuming; -1 starts afresh and
        records each group's ``"initial_lr"``.

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> from ad_optim.lr_scheduler import LRScheduler
    >>> class Halving(LRScheduler):
    ...     def get_lr(self):
    ...         return [base / 2**self.last_epoch for base in self.base_lrs]
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = Halving(opt)
    >>> sched.step(); sched.step()
    >>> sched.get_last_lr()
    [0.25]
    """

    _is_initial: bool = False

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(self).__name__}: {type(optimizer).__name__} is not an Optimizer"
            )
        self.optimizer = optimizer
        check_count(type(self).__name__, "last_epoch", last_epoch, -1)
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"{type(self).__name__}: param_groups[{i}] has no 'initial_lr' to "
                        f"resume from last_epoch={last_epoch}; load the optimizer's state first"
                    )
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self) -> None:
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """The learning rates of epoch ``last_epoch``, one per group."""
        raise NotImplementedError(f"{type(self).__name__} does not implement get_lr")

    def get_last_lr(self) -> list[float]:
        """The learning rates the last ``step`` set, one per parameter group.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=0.1)
        >>> ad_optim.lr_scheduler.ExponentialLR(opt, gamma=0.5).get_last_lr()
        [0.1]
        """
        return list(self._last_lr)

    def step(self, epoch: int | None = None) -> None:
        """Advance one epoch (or jump to ``epoch``, by the closed form where there is one).

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = ad_optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        >>> sched.step()
        >>> opt.param_groups[0]["lr"]
        0.5
        """
        self._step_count += 1
        self._update_lr(epoch)

    def _update_lr(self, epoch: int | None = None) -> None:
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            self.last_epoch = epoch
            closed_form = getattr(self, "_get_closed_form_lr", None)
            values = closed_form() if closed_form is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """Every attribute but the optimizer, copied.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = ad_optim.lr_scheduler.StepLR(opt, step_size=3)
        >>> sched.state_dict()["last_epoch"]
        0
        """
        return {k: copy.deepcopy(v) for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the attributes saved by ``state_dict``.

        Examples
        --------
        >>> import ad_core, ad_optim
        >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = ad_optim.lr_scheduler.StepLR(opt, step_size=3)
        >>> sched.load_state_dict({**sched.state_dict(), "last_epoch": 5})
        >>> sched.last_epoch
        5
        """
        self.__dict__.update(copy.deepcopy(state_dict))
