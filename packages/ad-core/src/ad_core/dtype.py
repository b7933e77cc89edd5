"""The default floating dtype: float32, as in PyTorch."""

from __future__ import annotations

from typing import Any

import numpy as np

from .types import DTypeLike

_default_dtype: np.dtype[Any] = np.dtype(np.float32)


def set_default_dtype(dtype: DTypeLike) -> None:
    """Set the dtype given to Python floats and lists of floats.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> ad_core.set_default_dtype(np.float64)
    >>> ad_core.tensor([1.5]).dtype
    dtype('float64')
    >>> ad_core.set_default_dtype(np.float32)
    """
    global _default_dtype
    resolved = np.dtype(dtype)
    if resolved not in (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(
            "set_default_dtype: expected a floating dtype (float16, float32, float64), "
            f"got {resolved}"
        )
    _default_dtype = resolved


def get_default_dtype() -> np.dtype[Any]:
    """The dtype given to Python floats and lists of floats (float32 unless set).

    Examples
    --------
    >>> import ad_core
    >>> ad_core.get_default_dtype()
    dtype('float32')
    """
    return _default_dtype
