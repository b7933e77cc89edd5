"""Functions that create tensors: ``tensor``, ``zeros``, ``randn`` and friends."""

from __future__ import annotations

from typing import Any

import numpy as np

from .dtype import get_default_dtype
from .generator import default_generator
from .tensor import Tensor
from .types import DTypeLike


def _shape(op: str, size: tuple[Any, ...]) -> tuple[int, ...]:
    if len(size) == 1 and isinstance(size[0], tuple | list):
        size = tuple(size[0])
    for n in size:
        if not isinstance(n, int | np.integer) or n < 0:
            raise ValueError(f"{op}: sizes must be non-negative ints, got {size}")
    return tuple(int(n) for n in size)


def _made(array: Any, dtype: DTypeLike | None, requires_grad: bool) -> Tensor:
    return Tensor(array, requires_grad=requires_grad, dtype=dtype or get_default_dtype())


def tensor(data: Any, dtype: DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data``.

    Python floats take the default dtype (float32), ints int64, bools bool;
    NumPy arrays keep their dtype.

    Examples
    --------
    >>> import ad_core
    >>> ad_core.tensor([[1, 2], [3, 4]])
    tensor([[1, 2],
            [3, 4]])
    >>> ad_core.tensor([0.5], requires_grad=True)
    tensor([0.5000], requires_grad=True)
    """
    source = data.data if isinstance(data, Tensor) else data
    if isinstance(source, np.ndarray):
        source = source.copy()
    return Tensor(source, requires_grad=requires_grad, dtype=dtype)


def zeros(*size: Any, dtype: DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros.

    >>> import ad_core
    >>> ad_core.zeros(2, 3).shape
    (2, 3)
    """
    return _made(
        np.zeros(_shape("zeros", size), dtype=dtype or get_default_dtype()), dtype, requires_grad
    )


def ones(*size: Any, dtype: DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones.

    >>> import ad_core
    >>> ad_core.ones(2)
    tensor([1., 1.])
    """
    return _made(
        np.ones(_shape("ones", size), dtype=dtype or get_default_dtype()), dtype, requires_grad
    )


def full(
    size: Any, fill_value: float, dtype: DTypeLike | None = None, requires_grad: bool = False
) -> Tensor:
    """A tensor filled with ``fill_value``.

    >>> import ad_core
    >>> ad_core.full((2,), 7.0)
    tensor([7., 7.])
    """
    shape = _shape("full", (size,) if isinstance(size, int) else tuple(size))
    return _made(
        np.full(shape, fill_value, dtype=dtype or get_default_dtype()), dtype, requires_grad
    )


def zeros_like(t: Tensor, dtype: DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """Zeros with the shape (and dtype, unless given) of ``t``.

    >>> import ad_core
    >>> ad_core.zeros_like(ad_core.ones(2))
    tensor([0., 0.])
    """
    return Tensor(np.zeros(t.shape, dtype=dtype or t.dtype), requires_grad=requires_grad)


def ones_like(t: Tensor, dtype: DTypeLike | None = None, requires_grad: bool = False) -> Tensor:
    """Ones with the shape (and dtype, unless given) of ``t``.

    >>> import ad_core
    >>> ad_core.ones_like(ad_core.zeros(2))
    tensor([1., 1.])
    """
    return Tensor(np.ones(t.shape, dtype=dtype or t.dtype), requires_grad=requires_grad)


def arange(
    start: float,
    end: float | None = None,
    step: float = 1,
    dtype: DTypeLike | None = None,
    requires_grad: bool = False,
) -> Tensor:
    """Evenly spaced values in ``[start, end)``; int64 for int arguments.

    >>> import ad_core
    >>> ad_core.arange(3)
    tensor([0, 1, 2])
    """
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ValueError("arange: step must be nonzero")
    values = np.arange(start, end, step)
    if dtype is None and values.dtype.kind == "f":
        dtype = get_default_dtype()
    return Tensor(values, requires_grad=requires_grad, dtype=dtype)


def eye(
    n: int, m: int | None = None, dtype: DTypeLike | None = None, requires_grad: bool = False
) -> Tensor:
    """The identity matrix.

    >>> import ad_core
    >>> ad_core.eye(2)
    tensor([[1., 0.],
            [0., 1.]])
    """
    return _made(np.eye(n, m, dtype=dtype or get_default_dtype()), dtype, requires_grad)


def rand(
    *size: Any,
    dtype: DTypeLike | None = None,
    requires_grad: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Uniform samples in ``[0, 1)`` from the global (or given) generator.

    >>> import ad_core
    >>> bool(((ad_core.rand(5) >= 0) * (ad_core.rand(5) < 1)).data.all())
    True
    """
    gen = generator or default_generator()
    dt = np.dtype(dtype or get_default_dtype())
    return _made(gen.random(_shape("rand", size)).astype(dt), dt, requires_grad)


def randn(
    *size: Any,
    dtype: DTypeLike | None = None,
    requires_grad: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Standard normal samples from the global (or given) generator.

    >>> import ad_core
    >>> ad_core.randn(2, 3).shape
    (2, 3)
    """
    gen = generator or default_generator()
    dt = np.dtype(dtype or get_default_dtype())
    return _made(gen.standard_normal(_shape("randn", size)).astype(dt), dt, requires_grad)
