"""Comparisons and tests of values: ``eq``, ``ne``, ``lt``, ``le``, ``gt``, ``ge``
(and their long names), ``isnan``, ``isinf``, ``isfinite``, ``isclose``,
``allclose``, ``equal``.

They return bool tensors (``allclose`` and ``equal`` a Python bool) and are
outside the graph: they have no gradient, as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ad_core import NDArray, Tensor, TensorLike, broadcast_shapes, lift


def _values(x: TensorLike) -> Any:
    return x.array if isinstance(x, Tensor) else x


def _compare(op: str, ufunc: Callable[..., Any], input: TensorLike, other: TensorLike) -> Tensor:
    a, b = _values(input), _values(other)
    try:
        return Tensor._wrap(np.asarray(ufunc(a, b)))
    except ValueError:
        broadcast_shapes(op, np.shape(a), np.shape(b))
        raise


def eq(input: TensorLike, other: TensorLike) -> Tensor:
    """``input == other`` elementwise with broadcasting, as ``torch.eq``.

    >>> import ad_core, ad_ops as F
    >>> F.eq(ad_core.tensor([1.0, 2.0]), ad_core.tensor([1.0, 3.0]))
    tensor([ True, False])
    """
    return _compare("eq", np.equal, input, other)


def ne(input: TensorLike, other: TensorLike) -> Tensor:
    """``input != other`` elementwise, as ``torch.ne`` (alias ``not_equal``).

    >>> import ad_core, ad_ops as F
    >>> F.ne(ad_core.tensor([1.0, 2.0]), 2.0)
    tensor([ True, False])
    """
    return _compare("ne", np.not_equal, input, other)


def lt(input: TensorLike, other: TensorLike) -> Tensor:
    """``input < other`` elementwise, as ``torch.lt`` (alias ``less``).

    >>> import ad_core, ad_ops as F
    >>> F.lt(ad_core.tensor([1.0, 2.0]), 2.0)
    tensor([ True, False])
    """
    return _compare("lt", np.less, input, other)


def le(input: TensorLike, other: TensorLike) -> Tensor:
    """``input <= other`` elementwise, as ``torch.le`` (alias ``less_equal``).

    >>> import ad_core, ad_ops as F
    >>> F.le(ad_core.tensor([1.0, 2.0, 3.0]), 2.0)
    tensor([ True,  True, False])
    """
    return _compare("le", np.less_equal, input, other)


def gt(input: TensorLike, other: TensorLike) -> Tensor:
    """``input > other`` elementwise, as ``torch.gt`` (alias ``greater``).

    >>> import ad_core, ad_ops as F
    >>> F.gt(ad_core.tensor([1.0, 2.0]), 1.0)
    tensor([False,  True])
    """
    return _compare("gt", np.greater, input, other)


def ge(input: TensorLike, other: TensorLike) -> Tensor:
    """``input >= other`` elementwise, as ``torch.ge`` (alias ``greater_equal``).

    >>> import ad_core, ad_ops as F
    >>> F.ge(ad_core.tensor([1.0, 2.0]), 2.0)
    tensor([False,  True])
    """
    return _compare("ge", np.greater_equal, input, other)


# PyTorch's long names for the same functions.
not_equal = ne
less = lt
less_equal = le
greater = gt
greater_equal = ge


def _test(fn: Callable[[NDArray], NDArray], input: TensorLike) -> Tensor:
    (t,) = lift((input,))
    return Tensor._wrap(np.asarray(fn(t.array)))


def isnan(input: TensorLike) -> Tensor:
    """Where ``input`` is NaN, as ``torch.isnan``.

    >>> import ad_core, ad_ops as F
    >>> F.isnan(ad_core.tensor([1.0, float("nan"), float("inf")]))
    tensor([False,  True, False])
    """
    return _test(np.isnan, input)


def isinf(input: TensorLike) -> Tensor:
    """Where ``input`` is plus or minus infinity, as ``torch.isinf``.

    >>> import ad_core, ad_ops as F
    >>> F.isinf(ad_core.tensor([1.0, float("nan"), -float("inf")]))
    tensor([False, False,  True])
    """
    return _test(np.isinf, input)


def isfinite(input: TensorLike) -> Tensor:
    """Where ``input`` is neither NaN nor infinite, as ``torch.isfinite``.

    >>> import ad_core, ad_ops as F
    >>> F.isfinite(ad_core.tensor([1.0, float("nan"), float("inf")]))
    tensor([ True, False, False])
    """
    return _test(np.isfinite, input)


def isclose(
    input: TensorLike,
    other: TensorLike,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    equal_nan: bool = False,
) -> Tensor:
    """Where ``|input - other| <= atol + rtol * |other|`` (infinities equal
    themselves; NaN equals NaN only with ``equal_nan``), as ``torch.isclose``.

    >>> import ad_core, ad_ops as F
    >>> F.isclose(ad_core.tensor([1.0, 1.0]), ad_core.tensor([1.0 + 1e-7, 1.1]))
    tensor([ True, False])
    """
    if rtol < 0 or atol < 0:
        raise ValueError(f"isclose: rtol and atol must be non-negative, got {rtol} and {atol}")
    a, b = _values(input), _values(other)
    try:
        return Tensor._wrap(np.asarray(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)))
    except ValueError:
        broadcast_shapes("isclose", np.shape(a), np.shape(b))
        raise


def allclose(
    input: TensorLike,
    other: TensorLike,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    equal_nan: bool = False,
) -> bool:
    """Whether ``isclose`` holds everywhere, as ``torch.allclose``.

    >>> import ad_core, ad_ops as F
    >>> F.allclose(ad_core.tensor([1.0, 2.0]), ad_core.tensor([1.0, 2.0 + 1e-6]))
    True
    """
    return bool(isclose(input, other, rtol, atol, equal_nan).array.all())


def equal(input: TensorLike, other: TensorLike) -> bool:
    """Whether both have the same shape and the same values, as ``torch.equal``
    (no broadcasting; NaN is unequal to everything).

    >>> import ad_core, ad_ops as F
    >>> F.equal(ad_core.tensor([1.0, 2.0]), ad_core.tensor([1.0, 2.0]))
    True
    >>> F.equal(ad_core.tensor([1.0]), ad_core.tensor([1.0, 1.0]))
    False
    """
    a, b = lift((input, other))
    return a.shape == b.shape and bool(np.array_equal(a.array, b.array))
