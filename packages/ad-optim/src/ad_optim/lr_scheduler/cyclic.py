"""Cyclical schedules: ``CyclicLR`` and ``OneCycleLR``, which also cycle the momentum."""

from __future__ import annotations

import copy
import math
import types
from collections.abc import Callable
from typing import Any, Literal

from .._checks import check_real
from ..optimizer import Optimizer
from .base import LRScheduler, format_param


def _setup_momentum(
    name: str,
    optimizer: Optimizer,
    base_momentum: float | list[float],
    max_momentum: float | list[float],
    last_epoch: int,
) -> tuple[bool, list[float], list[float]]:
    """Check that the optimizer has a momentum and, starting afresh, set it to its maximum."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError(
            f"{name}: optimizer must support momentum or beta1 with cycle_momentum=True"
        )
    use_beta1 = "betas" in optimizer.defaults
    bases = format_param(name, "base_momentum", optimizer, base_momentum)
    maxes = format_param(name, "max_momentum", optimizer, max_momentum)
    if last_epoch == -1:
        for m_max, m_base, group in zip(maxes, bases, optimizer.param_groups, strict=True):
            _set_momentum(group, use_beta1, m_max)
            group["max_momentum"] = m_max
            group["base_momentum"] = m_base
    return use_beta1, bases, maxes


def _set_momentum(group: dict[str, Any], use_beta1: bool, momentum: float) -> None:
    if use_beta1:
        group["betas"] = (momentum, *group["betas"][1:])
    else:
        group["momentum"] = momentum


class CyclicLR(LRScheduler):
    """Cycle the lr between ``base_lr`` and ``max_lr`` (and the momentum inversely).

    Meant to be stepped after every batch. The policies are PyTorch's:
    ``"triangular"``, ``"triangular2"`` (the amplitude halves each cycle) and
    ``"exp_range"`` (scaled by ``gamma**iteration``), or a custom ``scale_fn``.

    Parameters
    ----------
    optimizer:
        The optimizer.
    base_lr, max_lr:
        Bounds of the cycle, or one per group.
    step_size_up, step_size_down:
        Iterations of the rising and falling halves (``step_size_down``
        defaults to ``step_size_up``).
    mode:
        The policy when ``scale_fn`` is None.
    gamma:
        The base of ``"exp_range"``.
    scale_fn:
        A custom amplitude scaling, a function of the cycle or iteration.
    scale_mode:
        What ``scale_fn`` takes: ``"cycle"`` or ``"iterations"``.
    cycle_momentum:
        Cycle the momentum (or beta1) between ``max_momentum`` and
        ``base_momentum``.
    base_momentum, max_momentum:
        Bounds of the momentum, or one per group.
    last_epoch:
        The last iteration when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0, momentum=0.9)
    >>> sched = ad_optim.lr_scheduler.CyclicLR(opt, base_lr=0.1, max_lr=0.5, step_size_up=2)
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(round(sched.get_last_lr()[0], 6))
    ...     sched.step()
    >>> lrs
    [0.1, 0.3, 0.5, 0.3, 0.1]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        base_lr: float | list[float],
        max_lr: float | list[float],
        step_size_up: int = 2000,
        step_size_down: int | None = None,
        mode: Literal["triangular", "triangular2", "exp_range"] = "triangular",
        gamma: float = 1.0,
        scale_fn: Callable[[float], float] | None = None,
        scale_mode: Literal["cycle", "iterations"] = "cycle",
        cycle_momentum: bool = True,
        base_momentum: float | list[float] = 0.8,
        max_momentum: float | list[float] = 0.9,
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"CyclicLR: {type(optimizer).__name__} is not an Optimizer")
        if mode not in ("triangular", "triangular2", "exp_range") and scale_fn is None:
            raise ValueError(f"CyclicLR: mode {mode!r} is invalid and scale_fn is None")
        up = check_real("CyclicLR", "step_size_up", step_size_up)
        down = (
            up
            if step_size_down is None
            else check_real("CyclicLR", "step_size_down", step_size_down)
        )
        if up <= 0 or down < 0:
            raise ValueError(
                f"CyclicLR: expected step_size_up > 0 and step_size_down >= 0, got {up}, {down}"
            )
        base_lrs = format_param("CyclicLR", "base_lr", optimizer, base_lr)
        self.max_lrs = format_param("CyclicLR", "max_lr", optimizer, max_lr)
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1, self.base_momentums, self.max_momentums = _setup_momentum(
                "CyclicLR", optimizer, base_momentum, max_momentum, last_epoch
            )
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups, strict=True):
                group["lr"] = lr
        self.total_size = up + down
        self.step_ratio = up / self.total_size
        self.mode = mode
        self.gamma = check_real("CyclicLR", "gamma", gamma)
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        if scale_fn is None:
            self.scale_mode = "iterations" if mode == "exp_range" else "cycle"
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def scale_fn(self, x: float) -> float:
        """The amplitude's scale at cycle (or iteration) ``x`` under the policy."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return float(1 / (2.0 ** (x - 1)))
        return float(self.gamma**x)

    def get_lr(self) -> list[float]:
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        scale = self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)
        lrs = [
            base + (top - base) * scale_factor * scale
            for base, top in zip(self.base_lrs, self.max_lrs, strict=True)
        ]
        if self.cycle_momentum:
            for group, m_base, m_max in zip(
                self.optimizer.param_groups, self.base_momentums, self.max_momentums, strict=True
            ):
                _set_momentum(
                    group, self.use_beta1, m_max - (m_max - m_base) * scale_factor * scale
                )
        return lrs

    def state_dict(self) -> dict[str, Any]:
        fn = self._scale_fn_custom
        state = {
            k: copy.deepcopy(v)
            for k, v in self.__dict__.items()
            if k not in ("optimizer", "_scale_fn_custom")
        }
        state["_scale_fn_custom"] = (
            None if fn is None or isinstance(fn, types.FunctionType) else dict(vars(fn))
        )
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        saved = dict(state_dict)
        attributes = saved.pop("_scale_fn_custom", None)
        super().load_state_dict(saved)
        if attributes is not None and self._scale_fn_custom is not None:
            vars(self._scale_fn_custom).update(attributes)


class OneCycleLR(LRScheduler):
    """The 1cycle policy: warm up to ``max_lr``, then anneal far below the start.

    The lr goes from ``max_lr / div_factor`` to ``max_lr`` over the first
    ``pct_start`` of ``total_steps``, then down to ``initial_lr /
    final_div_factor`` (with ``three_phase``, first back to the initial lr);
    the momentum moves the opposite way. Meant to be stepped after every batch.

    Parameters
    ----------
    optimizer:
        The optimizer.
    max_lr:
        The peak lr, or one per group.
    total_steps:
        Steps of the cycle; or give ``epochs`` and ``steps_per_epoch``.
    epochs, steps_per_epoch:
        Their product is the number of steps when ``total_steps`` is None.
    pct_start:
        Fraction of the cycle spent rising.
    anneal_strategy:
        ``"cos"`` or ``"linear"``.
    cycle_momentum:
        Cycle the momentum (or beta1) inversely.
    base_momentum, max_momentum:
        Bounds of the momentum, or one per group.
    div_factor:
        ``initial_lr = max_lr / div_factor``.
    final_div_factor:
        ``min_lr = initial_lr / final_div_factor``.
    three_phase:
        Use PyTorch's three-phase variant.
    last_epoch:
        The last step when resuming (-1 starts afresh).

    Examples
    --------
    >>> import ad_core, ad_optim
    >>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0, momentum=0.9)
    >>> sched = ad_optim.lr_scheduler.OneCycleLR(
    ...     opt, max_lr=1.0, total_steps=4, pct_start=0.5, anneal_strategy="linear",
    ...     div_factor=4.0, final_div_factor=1.0)
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     sched.step()
    >>> lrs
    [0.25, 1.0, 0.625, 0.25]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        max_lr: float | list[float],
        total_steps: int | None = None,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        pct_start: float = 0.3,
        anneal_strategy: Literal["cos", "linear"] = "cos",
        cycle_momentum: bool = True,
        base_momentum: float | list[float] = 0.85,
        max_momentum: float | list[float] = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"OneCycleLR: {type(optimizer).__name__} is not an Optimizer")
        if total_steps is not None:
            if not isinstance(total_steps, int) or total_steps <= 0:
                raise ValueError(
                    f"OneCycleLR: expected a positive integer total_steps, got {total_steps!r}"
                )
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            for what, value in (("epochs", epochs), ("steps_per_epoch", steps_per_epoch)):
                if not isinstance(value, int) or value <= 0:
                    raise ValueError(
                        f"OneCycleLR: expected a positive integer {what}, got {value!r}"
                    )
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError(
                "OneCycleLR: you must define either total_steps OR (epochs AND steps_per_epoch)"
            )
        if not isinstance(pct_start, float) or not 0 <= pct_start <= 1:
            raise ValueError(f"OneCycleLR: expected a float pct_start in [0, 1], got {pct_start!r}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(
                f"OneCycleLR: anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}"
            )
        self.anneal_strategy = anneal_strategy
        rise = float(pct_start * self.total_steps) - 1
        last = float(self.total_steps - 1)
        self._schedule_phases: list[tuple[float, str, str, str, str]]
        if three_phase:
            self._schedule_phases = [
                (rise, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                (2 * rise, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                (last, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
            ]
        else:
            self._schedule_phases = [
                (rise, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                (last, "max_lr", "min_lr", "base_momentum", "max_momentum"),
            ]
        max_lrs = format_param("OneCycleLR", "max_lr", optimizer, max_lr)
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1, _, _ = _setup_momentum(
                "OneCycleLR", optimizer, base_momentum, max_momentum, last_epoch
            )
        if last_epoch == -1:
            for top, group in zip(max_lrs, optimizer.param_groups, strict=True):
                group["initial_lr"] = top / div_factor
                group["max_lr"] = top
                group["min_lr"] = group["initial_lr"] / final_div_factor
        super().__init__(optimizer, last_epoch)

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list[float]:
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(
                f"OneCycleLR: tried to step {step_num} times; "
                f"the specified number of total steps is {self.total_steps}"
            )
        lrs = []
        last_phase = len(self._schedule_phases) - 1
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, (end_step, lr0, lr1, m0, m1) in enumerate(self._schedule_phases):
                if step_num <= end_step or i == last_phase:
                    pct = (step_num - start_step) / (end_step - start_step)
                    lrs.append(self._anneal(group[lr0], group[lr1], pct))
                    if self.cycle_momentum:
                        momentum = self._anneal(group[m0], group[m1], pct)
                        _set_momentum(group, self.use_beta1, momentum)
                    break
                start_step = end_step
        return lrs
