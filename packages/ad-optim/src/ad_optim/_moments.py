"""In-place updates of running averages, shared by the adaptive optimizers."""

from __future__ import annotations

import numpy as np

from ad_core import NDArray


def lerp_(avg: NDArray, value: NDArray, weight: float, out: NDArray | None = None) -> NDArray:
    """``avg += weight * (value - avg)`` in place; return the scratch array used.

    ``out``, when given, is the scratch array (of ``avg``'s shape); otherwise
    a new one is made. Callers reuse the returned array as scratch space.
    """
    # Operators and a positional ``out`` are the cheapest spellings: this runs per parameter.
    tmp = value - avg if out is None else np.subtract(value, avg, out)
    tmp *= weight
    avg += tmp
    return tmp


def ema_square_(
    avg: NDArray, value: NDArray, decay: float, weight: float, out: NDArray | None = None
) -> NDArray:
    """``avg = decay * avg + weight * value * value`` in place; return the scratch array used.

    ``out``, when given, is the scratch array (of ``avg``'s shape); otherwise
    a new one is made. Callers reuse the returned array as scratch space.
    """
    avg *= decay
    tmp = value * weight if out is None else np.multiply(value, weight, out)
    tmp *= value
    avg += tmp
    return tmp
