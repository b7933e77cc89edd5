"""Checks of hyperparameters, with PyTorch's wording prefixed by the optimizer:
a value of the wrong type raises ``TypeError``, one out of range ``ValueError``."""

from __future__ import annotations

from typing import Any

import numpy as np

from ad_core.checks import check_bool as check_bool
from ad_core.checks import check_real as check_real


def check_flags(op: str, group: dict[str, Any], *keys: str) -> None:
    """Raise TypeError unless every ``group[key]`` present is a bool."""
    for key in keys:
        check_bool(op, key, group.get(key, False))


def check_nonnegative(op: str, group: dict[str, Any], *keys: str) -> None:
    """Raise unless every ``group[key]`` is a number >= 0."""
    for key in keys:
        value = check_real(op, key, group[key])
        if not value >= 0.0:
            raise ValueError(f"{op}: Invalid {key} value: {group[key]} (expected {key} >= 0)")


def check_lr(op: str, group: dict[str, Any]) -> None:
    """Raise unless the learning rate is a number >= 0, and ``maximize`` a bool."""
    lr = check_real(op, "lr", group["lr"])
    if not lr >= 0.0:
        raise ValueError(f"{op}: Invalid learning rate: {group['lr']} (expected lr >= 0)")
    check_flags(op, group, "maximize")


def check_betas(op: str, group: dict[str, Any]) -> None:
    """Raise unless ``betas`` is two numbers in [0, 1)."""
    betas = group["betas"]
    if not isinstance(betas, tuple | list) or len(betas) != 2:
        raise ValueError(f"{op}: betas must be a pair of floats, got {betas!r}")
    for i, beta in enumerate(betas):
        if not 0.0 <= check_real(op, f"betas[{i}]", beta) < 1.0:
            raise ValueError(
                f"{op}: Invalid beta parameter at index {i}: {beta} (expected 0 <= beta < 1)"
            )


def check_adam_family(op: str, group: dict[str, Any], *nonnegative: str) -> None:
    """The checks every Adam variant shares: ``lr``, ``eps``, ``betas`` and
    ``weight_decay``, plus the extra non-negative ``nonnegative`` keys and the flags."""
    check_lr(op, group)
    check_nonnegative(op, group, "eps")
    check_betas(op, group)
    check_nonnegative(op, group, "weight_decay", *nonnegative)
    check_flags(op, group, "amsgrad", "decoupled_weight_decay")


def check_count(op: str, key: str, value: Any, minimum: int = 0) -> int:
    """``value`` as an int, refused unless it is an int (not a bool) of at least ``minimum``.

    >>> check_count("StepLR", "step_size", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: StepLR: expected step_size to be at least 1, got 0
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise TypeError(f"{op}: expected {key} to be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{op}: expected {key} to be at least {minimum}, got {value}")
    return int(value)
