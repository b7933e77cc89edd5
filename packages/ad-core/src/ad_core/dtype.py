"""Dtypes: PyTorch's names for NumPy's dtypes, and the default floating dtype.

A dtype here *is* a ``numpy.dtype``: ``ad_core.float32 == np.float32`` and
``tensor.dtype == ad_core.float32``, so NumPy and PyTorch spellings mix
freely. Everything that takes ``dtype=`` accepts either.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .types import DTypeLike

float16 = half = np.dtype(np.float16)
float32 = np.dtype(np.float32)
float64 = double = np.dtype(np.float64)
complex64 = cfloat = np.dtype(np.complex64)
complex128 = cdouble = np.dtype(np.complex128)
uint8 = np.dtype(np.uint8)
int8 = np.dtype(np.int8)
int16 = short = np.dtype(np.int16)
int32 = np.dtype(np.int32)
int64 = long = np.dtype(np.int64)
bool = np.dtype(np.bool_)
float = float32
int = int32

finfo = np.finfo
iinfo = np.iinfo

_default_dtype: np.dtype[Any] = float32


def resolve_dtype(op: str, dtype: DTypeLike) -> np.dtype[Any]:
    """``dtype`` as a ``numpy.dtype``, or a ``TypeError`` naming ``op``.

    >>> resolve_dtype("to", "float64")
    dtype('float64')
    """
    if isinstance(dtype, np.dtype):
        return dtype
    try:
        return np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{op}: expected a dtype (such as ad_ops.float32), got {dtype!r}") from None


def set_default_dtype(dtype: DTypeLike) -> None:
    """Set the dtype given to Python floats and lists of floats.

    Examples
    --------
    >>> import ad_core
    >>> ad_core.set_default_dtype(ad_core.float64)
    >>> ad_core.tensor([1.5]).dtype
    dtype('float64')
    >>> ad_core.set_default_dtype(ad_core.float32)
    """
    global _default_dtype
    resolved = resolve_dtype("set_default_dtype", dtype)
    if resolved not in (float16, float32, float64):
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
