"""Type aliases shared by every package that builds on ad-core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from .tensor import Tensor

NDArray: TypeAlias = npt.NDArray[Any]
"""A NumPy array of any dtype: what a primitive's ``forward`` computes on."""

Scalar: TypeAlias = "int | float | bool | np.number[Any] | np.bool_"
"""A Python or NumPy scalar."""

TensorLike: TypeAlias = "Tensor | NDArray | Scalar"
"""Anything a primitive accepts as an input: it is lifted to a Tensor."""

DTypeLike: TypeAlias = npt.DTypeLike
"""Anything NumPy accepts as a dtype (``np.float32``, ``"float64"``...)."""
