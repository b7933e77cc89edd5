"""Rounding: ``floor``, ``ceil``, ``round``, ``trunc`` (gradient zero, as in
PyTorch) and ``frac`` (gradient one)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift


class Stepwise(Function):
    """``fn`` of the inputs where ``fn`` is piecewise constant (rounding, floor
    division): the gradient of every input is zero, as in PyTorch."""

    def forward(self, *arrays: NDArray, fn: Callable[..., NDArray], op: str) -> NDArray:
        self.shapes = [a.shape for a in arrays]
        try:
            return np.asarray(fn(*arrays))
        except ValueError:
            listed = " and ".join(str(s) for s in self.shapes)
            raise ValueError(f"{op}: shapes {listed} cannot be broadcast") from None

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return tuple(
            Tensor._wrap(np.zeros(shape, dtype=grad.dtype)) if need else None
            for shape, need in zip(self.shapes, self.needs_input_grad, strict=True)
        )


class Frac(Function):
    """``a - trunc(a)``, with the sign of ``a``."""

    def forward(self, a: NDArray) -> NDArray:
        return np.asarray(a - np.trunc(a))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad,)


def _rounded(op: str, input: TensorLike, fn: Callable[[NDArray], NDArray]) -> Tensor:
    (t,) = lift((input,))
    if t.dtype.kind in "iub":
        # Integers are already whole: a copy, in their own dtype (NumPy would give floats).
        return Tensor._wrap(t.array.copy())
    return Stepwise.apply(t, fn=fn, op=op)


def floor(input: TensorLike) -> Tensor:
    """The largest whole number not above each element, as ``torch.floor``.

    >>> import ad_core, ad_ops as F
    >>> F.floor(ad_core.tensor([-1.5, 1.5]))
    tensor([-2.,  1.])
    """
    return _rounded("floor", input, np.floor)


def ceil(input: TensorLike) -> Tensor:
    """The smallest whole number not below each element, as ``torch.ceil``.

    >>> import ad_core, ad_ops as F
    >>> F.ceil(ad_core.tensor([-1.5, 1.5]))
    tensor([-1.,  2.])
    """
    return _rounded("ceil", input, np.ceil)


def trunc(input: TensorLike) -> Tensor:
    """Each element rounded toward zero, as ``torch.trunc``.

    >>> import ad_core, ad_ops as F
    >>> F.trunc(ad_core.tensor([-1.5, 1.5]))
    tensor([-1.,  1.])
    """
    return _rounded("trunc", input, np.trunc)


def round(input: TensorLike, *, decimals: int = 0) -> Tensor:
    """Each element rounded to ``decimals`` decimal places (half to even), as
    ``torch.round``; negative ``decimals`` round to tens, hundreds...

    >>> import ad_core, ad_ops as F
    >>> F.round(ad_core.tensor([0.5, 1.5, 2.5, -0.5]))
    tensor([ 0.,  2.,  2., -0.])
    >>> F.round(ad_core.tensor([1.2345, 1234.5], dtype="float64"), decimals=2).tolist()
    [1.23, 1234.5]
    """
    if not isinstance(decimals, int | np.integer) or isinstance(decimals, bool):
        raise TypeError(f"round: decimals must be an int, got {type(decimals).__name__}")
    if decimals == 0:
        return _rounded("round", input, np.round)

    def round_decimals(a: NDArray) -> NDArray:
        return np.asarray(np.round(a, int(decimals)))

    return _rounded("round", input, round_decimals)


def frac(input: TensorLike) -> Tensor:
    """The fractional part ``input - trunc(input)``, with the sign of ``input``,
    as ``torch.frac``; its gradient is one.

    >>> import ad_core, ad_ops as F
    >>> F.frac(ad_core.tensor([-1.25, 2.5]))
    tensor([-0.2500,  0.5000])
    """
    (t,) = lift((input,))
    if t.dtype.kind != "f":
        raise TypeError(f"frac: expected a floating tensor, got dtype {t.dtype}")
    return Frac.apply(t)
