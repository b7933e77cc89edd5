"""Range checks of hyperparameters, with PyTorch's wording prefixed by the optimizer."""

from __future__ import annotations

from typing import Any


def check_nonnegative(op: str, group: dict[str, Any], *keys: str) -> None:
    """Raise ValueError unless every ``group[key]`` is >= 0."""
    for key in keys:
        value = group[key]
        if not value >= 0.0:
            raise ValueError(f"{op}: Invalid {key} value: {value} (expected {key} >= 0)")


def check_lr(op: str, group: dict[str, Any]) -> None:
    """Raise ValueError unless the learning rate is >= 0."""
    lr = group["lr"]
    if not lr >= 0.0:
        raise ValueError(f"{op}: Invalid learning rate: {lr} (expected lr >= 0)")


def check_betas(op: str, group: dict[str, Any]) -> None:
    """Raise ValueError unless ``betas`` is two numbers in [0, 1)."""
    betas = group["betas"]
    if not isinstance(betas, tuple | list) or len(betas) != 2:
        raise ValueError(f"{op}: betas must be a pair of floats, got {betas!r}")
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(
                f"{op}: Invalid beta parameter at index {i}: {beta} (expected 0 <= beta < 1)"
            )


def check_adam_family(op: str, group: dict[str, Any], *nonnegative: str) -> None:
    """The checks every Adam variant shares: ``lr``, ``eps``, ``betas`` and
    ``weight_decay``, plus the extra non-negative ``nonnegative`` keys."""
    check_lr(op, group)
    check_nonnegative(op, group, "eps")
    check_betas(op, group)
    check_nonnegative(op, group, "weight_decay", *nonnegative)
