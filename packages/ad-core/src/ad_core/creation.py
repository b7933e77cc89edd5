"""Functions that create tensors: ``tensor``, ``zeros``, ``randn`` and friends.

Each takes PyTorch's ``dtype=``, ``device=`` (only the CPU) and
``requires_grad=`` keywords; random ones take ``generator=``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .device import as_device
from .dtype import get_default_dtype, resolve_dtype
from .generator import default_generator
from .tensor import Tensor, to_array
from .types import DTypeLike, NDArray


def sizes(op: str, size: tuple[Any, ...]) -> tuple[int, ...]:
    """``size`` given as ``f(2, 3)`` or ``f((2, 3))``, checked.

    >>> sizes("zeros", ((2, 3),))
    (2, 3)
    """
    if len(size) == 1 and isinstance(size[0], tuple | list):
        size = tuple(size[0])
    for n in size:
        if not isinstance(n, int | np.integer) or isinstance(n, bool):
            raise TypeError(f"{op}: sizes must be non-negative ints, got {size}")
        if n < 0:
            raise ValueError(f"{op}: sizes must be non-negative ints, got {size}")
    return tuple(int(n) for n in size)


def _made(
    op: str, array: NDArray, dtype: DTypeLike | None, where: Any, requires_grad: bool
) -> Tensor:
    as_device(op, where)
    if dtype is not None:
        array = array.astype(resolve_dtype(op, dtype), copy=False)
    return Tensor(array, requires_grad=requires_grad)


def _float_dtype(op: str, dtype: DTypeLike | None) -> np.dtype[Any]:
    return get_default_dtype() if dtype is None else resolve_dtype(op, dtype)


def tensor(
    data: Any,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
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
    as_device("tensor", device)
    source = data.array if isinstance(data, Tensor) else data
    if isinstance(source, np.ndarray):
        source = source.copy()
    return Tensor(to_array(source, dtype, "tensor"), requires_grad=requires_grad)


def as_tensor(data: Any, dtype: DTypeLike | None = None, device: Any = None) -> Tensor:
    """``data`` as a tensor, sharing memory with a NumPy array or tensor of
    the same dtype (copying otherwise), as ``torch.as_tensor``.

    >>> import numpy as np, ad_core
    >>> a = np.zeros(2)
    >>> ad_core.as_tensor(a).array is a
    True
    """
    as_device("as_tensor", device)
    if isinstance(data, Tensor):
        return data if dtype is None else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or np.dtype(dtype) == data.dtype):
        return Tensor(data)
    return Tensor(data, dtype=dtype)


def from_numpy(ndarray: NDArray) -> Tensor:
    """A tensor sharing memory with ``ndarray`` (same dtype), as ``torch.from_numpy``.

    >>> import numpy as np, ad_core
    >>> a = np.arange(3)
    >>> t = ad_core.from_numpy(a)
    >>> a[0] = 7
    >>> t
    tensor([7, 1, 2])
    """
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"from_numpy: expected a numpy.ndarray, got {type(ndarray).__name__}")
    return Tensor(ndarray)


def zeros(
    *size: Any, dtype: DTypeLike | None = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor of zeros.

    >>> import ad_core
    >>> ad_core.zeros(2, 3).shape
    (2, 3)
    """
    array = np.zeros(sizes("zeros", size), dtype=_float_dtype("zeros", dtype))
    return _made("zeros", array, None, device, requires_grad)


def ones(
    *size: Any, dtype: DTypeLike | None = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor of ones.

    >>> import ad_core
    >>> ad_core.ones(2)
    tensor([1., 1.])
    """
    array = np.ones(sizes("ones", size), dtype=_float_dtype("ones", dtype))
    return _made("ones", array, None, device, requires_grad)


def empty(
    *size: Any, dtype: DTypeLike | None = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor whose values are to be overwritten; here they are zeros
    (deterministic, unlike ``torch.empty``).

    >>> import ad_core
    >>> ad_core.empty(2, 3).shape
    (2, 3)
    """
    array = np.zeros(sizes("empty", size), dtype=_float_dtype("empty", dtype))
    return _made("empty", array, None, device, requires_grad)


def _fill_dtype(fill_value: Any) -> np.dtype[Any]:
    """PyTorch's dtype for a fill value: bool, int64, or the default float."""
    if isinstance(fill_value, bool | np.bool_):
        return np.dtype(np.bool_)
    if isinstance(fill_value, int | np.integer):
        return np.dtype(np.int64)
    return get_default_dtype()


def full(
    size: Any,
    fill_value: Any,
    *,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """A tensor filled with ``fill_value``; its dtype follows the value (bool,
    int64 or the default float) unless given, as in PyTorch.

    >>> import ad_core
    >>> ad_core.full((2,), 7.0), ad_core.full((2,), 7)
    (tensor([7., 7.]), tensor([7, 7]))
    """
    if not isinstance(fill_value, int | float | complex | np.number | np.bool_):
        raise TypeError(f"full: fill_value must be a number, got {fill_value!r}")
    shape = sizes("full", (size,) if isinstance(size, int | np.integer) else tuple(size))
    target = _fill_dtype(fill_value) if dtype is None else resolve_dtype("full", dtype)
    return _made("full", np.full(shape, fill_value, dtype=target), None, device, requires_grad)


def _like(op: str, input: Any, dtype: DTypeLike | None) -> tuple[tuple[int, ...], np.dtype[Any]]:
    array = input.array if isinstance(input, Tensor) else np.asarray(input)
    return array.shape, (array.dtype if dtype is None else resolve_dtype(op, dtype))


def zeros_like(
    input: Any, *, dtype: DTypeLike | None = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Zeros with the shape (and dtype, unless given) of ``input``.

    >>> import ad_core
    >>> ad_core.zeros_like(ad_core.ones(2))
    tensor([0., 0.])
    """
    shape, target = _like("zeros_like", input, dtype)
    return _made("zeros_like", np.zeros(shape, dtype=target), None, device, requires_grad)


def ones_like(
    input: Any, *, dtype: DTypeLike | None = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Ones with the shape (and dtype, unless given) of ``input``.

    >>> import ad_core
    >>> ad_core.ones_like(ad_core.zeros(2))
    tensor([1., 1.])
    """
    shape, target = _like("ones_like", input, dtype)
    return _made("ones_like", np.ones(shape, dtype=target), None, device, requires_grad)


def empty_like(
    input: Any, *, dtype: DTypeLike | None = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor like ``input`` whose values are to be overwritten (zeros here).

    >>> import ad_core
    >>> ad_core.empty_like(ad_core.ones(2, 2)).shape
    (2, 2)
    """
    shape, target = _like("empty_like", input, dtype)
    return _made("empty_like", np.zeros(shape, dtype=target), None, device, requires_grad)


def full_like(
    input: Any,
    fill_value: Any,
    *,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``fill_value`` with the shape (and dtype, unless given) of ``input``.

    >>> import ad_core
    >>> ad_core.full_like(ad_core.zeros(2), 3.0)
    tensor([3., 3.])
    """
    shape, target = _like("full_like", input, dtype)
    return _made("full_like", np.full(shape, fill_value, dtype=target), None, device, requires_grad)


def arange(
    start: float,
    end: float | None = None,
    step: float = 1,
    *,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Evenly spaced values in ``[start, end)``; int64 for int arguments.

    >>> import ad_core
    >>> ad_core.arange(3)
    tensor([0, 1, 2])
    """
    for name, value in (("start", start), ("end", end), ("step", step)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float | np.number)
        ):
            raise TypeError(f"arange: {name} must be a number, got {value!r}")
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ValueError("arange: step must be nonzero")
    values = np.arange(start, end, step)
    if dtype is None and values.dtype.kind == "f":
        dtype = get_default_dtype()
    return _made("arange", values, dtype, device, requires_grad)


def linspace(
    start: float,
    end: float,
    steps: int,
    *,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive.

    >>> import ad_core
    >>> ad_core.linspace(0, 1, 5)
    tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    if not isinstance(steps, int | np.integer) or isinstance(steps, bool) or steps < 0:
        raise ValueError(f"linspace: steps must be a non-negative int, got {steps!r}")
    target = _float_dtype("linspace", dtype)
    values = np.linspace(start, end, int(steps), dtype=np.float64)
    return _made("linspace", values.astype(target), None, device, requires_grad)


def eye(
    n: int,
    m: int | None = None,
    *,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """The identity matrix.

    >>> import ad_core
    >>> ad_core.eye(2)
    tensor([[1., 0.],
            [0., 1.]])
    """
    rows, cols = sizes("eye", (n, n if m is None else m))
    array = np.eye(rows, cols, dtype=_float_dtype("eye", dtype))
    return _made("eye", array, None, device, requires_grad)


def rand(
    *size: Any,
    generator: np.random.Generator | None = None,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Uniform samples in ``[0, 1)`` from the global (or given) generator.

    >>> import ad_core
    >>> bool(((ad_core.rand(5) >= 0) * (ad_core.rand(5) < 1)).array.all())
    True
    """
    gen = generator or default_generator()
    target = _float_dtype("rand", dtype)
    return _made(
        "rand", gen.random(sizes("rand", size)).astype(target), None, device, requires_grad
    )


def randn(
    *size: Any,
    generator: np.random.Generator | None = None,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Standard normal samples from the global (or given) generator.

    >>> import ad_core
    >>> ad_core.randn(2, 3).shape
    (2, 3)
    """
    gen = generator or default_generator()
    target = _float_dtype("randn", dtype)
    array = gen.standard_normal(sizes("randn", size)).astype(target)
    return _made("randn", array, None, device, requires_grad)


def rand_like(
    input: Any, *, dtype: DTypeLike | None = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Uniform samples in ``[0, 1)`` with the shape (and dtype) of ``input``.

    >>> import ad_core
    >>> ad_core.rand_like(ad_core.zeros(2, 2)).shape
    (2, 2)
    """
    shape, target = _like("rand_like", input, dtype)
    array = default_generator().random(shape).astype(target)
    return _made("rand_like", array, None, device, requires_grad)


def randn_like(
    input: Any, *, dtype: DTypeLike | None = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Standard normal samples with the shape (and dtype) of ``input``.

    >>> import ad_core
    >>> ad_core.randn_like(ad_core.zeros(2, 2)).shape
    (2, 2)
    """
    shape, target = _like("randn_like", input, dtype)
    array = default_generator().standard_normal(shape).astype(target)
    return _made("randn_like", array, None, device, requires_grad)


def randint(
    *args: Any,
    generator: np.random.Generator | None = None,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Integers drawn uniformly from ``[low, high)``: ``randint(high, size)``
    or ``randint(low, high, size)``, int64 unless ``dtype`` is given.

    >>> import ad_core
    >>> x = ad_core.randint(2, 5, (100,))
    >>> bool((x.array >= 2).all() and (x.array < 5).all()), x.dtype
    (True, dtype('int64'))
    """
    if len(args) == 2:
        low, (high, size) = 0, args
    elif len(args) == 3:
        low, high, size = args
    else:
        raise TypeError(
            f"randint: expected (high, size) or (low, high, size), got {len(args)} arguments"
        )
    for name, value in (("low", low), ("high", high)):
        if not isinstance(value, int | np.integer) or isinstance(value, bool):
            raise TypeError(f"randint: {name} must be an int, got {value!r}")
    if high <= low:
        raise ValueError(f"randint: expected low < high, got low={low} and high={high}")
    shape = sizes("randint", (size,) if isinstance(size, int | np.integer) else tuple(size))
    gen = generator or default_generator()
    target = np.dtype(np.int64) if dtype is None else resolve_dtype("randint", dtype)
    array = gen.integers(low, high, shape, dtype=np.int64).astype(target)
    return _made("randint", array, None, device, requires_grad)


def randperm(
    n: int,
    *,
    generator: np.random.Generator | None = None,
    dtype: DTypeLike | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """A random permutation of ``0 .. n-1`` (int64 unless ``dtype`` is given).

    >>> import ad_core
    >>> sorted(ad_core.randperm(4).tolist())
    [0, 1, 2, 3]
    """
    (count,) = sizes("randperm", (n,))
    gen = generator or default_generator()
    target = np.dtype(np.int64) if dtype is None else resolve_dtype("randperm", dtype)
    return _made("randperm", gen.permutation(count).astype(target), None, device, requires_grad)
