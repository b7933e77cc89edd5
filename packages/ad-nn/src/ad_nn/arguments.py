"""Checks of the plain arguments of layers and functionals (sizes, rates, flags):
a wrong type raises ``TypeError`` and a value out of range ``ValueError``,
each naming the operation, the argument and the value."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ad_core import get_default_dtype


def check_int(op: str, name: str, value: Any, minimum: int = 0) -> int:
    """``value`` as an int, refused unless it is an int of at least ``minimum``.

    >>> check_int("Linear", "in_features", 3)
    3
    >>> check_int("Linear", "in_features", 1.5)
    Traceback (most recent call last):
    ...
    TypeError: Linear: expected in_features to be an int, got 1.5
    """
    if not isinstance(value, int | np.integer) or isinstance(value, bool | np.bool_):
        raise TypeError(f"{op}: expected {name} to be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{op}: expected {name} to be at least {minimum}, got {value}")
    return int(value)


def check_number(
    op: str,
    name: str,
    value: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    open_low: bool = False,
) -> float:
    """``value`` as a float, refused unless it is a real number in ``[low, high]``
    (``(low, high]`` with ``open_low``); NaN is always refused.

    >>> check_number("Dropout", "p", 0.5, 0.0, 1.0)
    0.5
    >>> check_number("LayerNorm", "eps", "1e-5", 0.0)
    Traceback (most recent call last):
    ...
    TypeError: LayerNorm: expected eps to be a number, got '1e-5'
    """
    if not isinstance(value, int | float | np.integer | np.floating) or isinstance(
        value, bool | np.bool_
    ):
        raise TypeError(f"{op}: expected {name} to be a number, got {value!r}")
    number = float(value)
    below = low is not None and (number <= low if open_low else number < low)
    if math.isnan(number) or below or (high is not None and number > high):
        bounds = f"{'(' if open_low else '['}{low if low is not None else '-inf'}, "
        bounds += f"{high if high is not None else 'inf'}]"
        raise ValueError(f"{op}: expected {name} in {bounds}, got {value!r}")
    return number


def check_bool(op: str, name: str, value: Any) -> bool:
    """``value``, refused unless it is a bool.

    >>> check_bool("Linear", "bias", "yes")
    Traceback (most recent call last):
    ...
    TypeError: Linear: expected bias to be a bool, got 'yes'
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{op}: expected {name} to be a bool, got {value!r}")
    return bool(value)


def check_device(op: str, device: Any) -> None:
    """Refuse every device but the CPU (``None`` or ``"cpu"``)."""
    if device is not None and str(device) != "cpu":
        raise ValueError(f"{op}: only the 'cpu' device exists, got device={device!r}")


def check_dim(op: str, name: str, value: Any) -> int:
    """``value`` as a dimension index (any int; its range is checked against the input).

    >>> check_dim("Softmax", "dim", 1.5)
    Traceback (most recent call last):
    ...
    TypeError: Softmax: expected dim to be an int, got 1.5
    """
    return check_int(op, name, value, minimum=-(2**62))


def parameter_dtype(op: str, dtype: Any) -> np.dtype[Any]:
    """The floating dtype of a layer's parameters: the default dtype when None.

    >>> parameter_dtype("Linear", None)
    dtype('float32')
    >>> parameter_dtype("Linear", "int64")
    Traceback (most recent call last):
    ...
    TypeError: Linear: expected a floating dtype for the parameters, got dtype=int64
    """
    if dtype is None:
        return get_default_dtype()
    try:
        resolved: np.dtype[Any] = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{op}: expected a floating dtype, got dtype={dtype!r}") from None
    if resolved.kind != "f":
        raise TypeError(f"{op}: expected a floating dtype for the parameters, got dtype={resolved}")
    return resolved


def expand_shape(op: str, name: str, value: Any) -> tuple[int, ...]:
    """An int or a sequence of non-negative ints as a shape tuple.

    >>> expand_shape("LayerNorm", "normalized_shape", 4)
    (4,)
    >>> expand_shape("LayerNorm", "normalized_shape", [2, -3])
    Traceback (most recent call last):
    ...
    ValueError: LayerNorm: expected normalized_shape to hold non-negative ints, got [2, -3]
    """
    items = (value,) if isinstance(value, int | np.integer) else value
    if isinstance(value, bool) or not isinstance(items, tuple | list):
        raise TypeError(f"{op}: expected {name} to be an int or a sequence of ints, got {value!r}")
    if not all(isinstance(n, int | np.integer) and not isinstance(n, bool) for n in items):
        raise TypeError(f"{op}: expected {name} to be an int or a sequence of ints, got {value!r}")
    if any(n < 0 for n in items):
        raise ValueError(f"{op}: expected {name} to hold non-negative ints, got {value!r}")
    return tuple(int(n) for n in items)
