"""Argument checks that every package shares, with PyTorch's wording prefixed
by the operation: a value of the wrong type raises ``TypeError``."""

from __future__ import annotations

from typing import Any

import numpy as np


def check_real(op: str, key: str, value: Any) -> float:
    """``value`` as a float, refused unless it is a real number (not a string, not a bool).

    >>> check_real("SGD", "lr", "0.1")
    Traceback (most recent call last):
    ...
    TypeError: SGD: expected lr to be a number, got '0.1'
    """
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise TypeError(f"{op}: expected {key} to be a number, got {value!r}")
    return float(value)


def check_bool(op: str, key: str, value: Any) -> bool:
    """``value`` as a bool, refused unless it is one.

    >>> check_bool("clip_grad_norm_", "foreach", "yes")
    Traceback (most recent call last):
    ...
    TypeError: clip_grad_norm_: expected foreach to be a bool, got 'yes'
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{op}: expected {key} to be a bool, got {value!r}")
    return bool(value)
