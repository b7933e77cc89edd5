"""``Tensor`` methods for elementwise math, activations, reductions and tests.

Each method is the ad_ops function of the same name applied to the tensor
(``x.exp()`` is ``ad_ops.exp(x)``), reached through ``dispatch``; see there
why. The examples need ad_ops imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

from .dispatch import call

if TYPE_CHECKING:
    from .tensor import Tensor
    from .types import DTypeLike, TensorLike

Dim = int | Sequence[int] | None


def _tensor(name: str, *args: Any, **kwargs: Any) -> Tensor:
    out: Tensor = call(name, *args, **kwargs)
    return out


class MathMethods:
    """Elementwise, activation, reduction and comparison methods of ``Tensor``.

    >>> import ad_core, ad_ops
    >>> ad_core.tensor([1.0, -2.0]).abs().sum()
    tensor(3.)
    """

    __slots__ = ()

    # --- elementwise ------------------------------------------------------------

    def exp(self) -> Tensor:
        """``ad_ops.exp(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).exp()
        tensor([1.])
        """
        return _tensor("exp", self)

    def log(self) -> Tensor:
        """``ad_ops.log(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0]).log()
        tensor([0.])
        """
        return _tensor("log", self)

    def log1p(self) -> Tensor:
        """``ad_ops.log1p(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).log1p()
        tensor([0.])
        """
        return _tensor("log1p", self)

    def expm1(self) -> Tensor:
        """``ad_ops.expm1(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).expm1()
        tensor([0.])
        """
        return _tensor("expm1", self)

    def sqrt(self) -> Tensor:
        """``ad_ops.sqrt(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([4.0]).sqrt()
        tensor([2.])
        """
        return _tensor("sqrt", self)

    def rsqrt(self) -> Tensor:
        """``ad_ops.rsqrt(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([4.0]).rsqrt()
        tensor([0.5000])
        """
        return _tensor("rsqrt", self)

    def square(self) -> Tensor:
        """``ad_ops.square(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([3.0]).square()
        tensor([9.])
        """
        return _tensor("square", self)

    def sin(self) -> Tensor:
        """``ad_ops.sin(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).sin()
        tensor([0.])
        """
        return _tensor("sin", self)

    def cos(self) -> Tensor:
        """``ad_ops.cos(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).cos()
        tensor([1.])
        """
        return _tensor("cos", self)

    def tan(self) -> Tensor:
        """``ad_ops.tan(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).tan()
        tensor([0.])
        """
        return _tensor("tan", self)

    def abs(self) -> Tensor:
        """``ad_ops.abs(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-2.0]).abs()
        tensor([2.])
        """
        return _tensor("abs", self)

    def __abs__(self) -> Tensor:
        return _tensor("abs", self)

    def sign(self) -> Tensor:
        """``ad_ops.sign(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-2.0, 0.0, 3.0]).sign()
        tensor([-1.,  0.,  1.])
        """
        return _tensor("sign", self)

    def reciprocal(self) -> Tensor:
        """``ad_ops.reciprocal(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([4.0]).reciprocal()
        tensor([0.2500])
        """
        return _tensor("reciprocal", self)

    def neg(self) -> Tensor:
        """``-self``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0]).neg()
        tensor([-1.])
        """
        return _tensor("neg", self)

    def floor(self) -> Tensor:
        """``ad_ops.floor(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.5]).floor()
        tensor([1.])
        """
        return _tensor("floor", self)

    def ceil(self) -> Tensor:
        """``ad_ops.ceil(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.5]).ceil()
        tensor([2.])
        """
        return _tensor("ceil", self)

    def round(self, decimals: int = 0) -> Tensor:
        """``ad_ops.round(self, decimals)``: halves to even, as PyTorch.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.5, 1.5]).round()
        tensor([0., 2.])
        """
        return _tensor("round", self, decimals=decimals)

    def trunc(self) -> Tensor:
        """``ad_ops.trunc(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-1.5]).trunc()
        tensor([-1.])
        """
        return _tensor("trunc", self)

    def frac(self) -> Tensor:
        """``ad_ops.frac(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.25]).frac()
        tensor([0.2500])
        """
        return _tensor("frac", self)

    def erf(self) -> Tensor:
        """``ad_ops.erf(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).erf()
        tensor([0.])
        """
        return _tensor("erf", self)

    def sigmoid(self) -> Tensor:
        """``ad_ops.sigmoid(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).sigmoid()
        tensor([0.5000])
        """
        return _tensor("sigmoid", self)

    def tanh(self) -> Tensor:
        """``ad_ops.tanh(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).tanh()
        tensor([0.])
        """
        return _tensor("tanh", self)

    def relu(self) -> Tensor:
        """``ad_ops.relu(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-1.0, 2.0]).relu()
        tensor([0., 2.])
        """
        return _tensor("relu", self)

    def clamp(self, min: TensorLike | None = None, max: TensorLike | None = None) -> Tensor:
        """``ad_ops.clamp(self, min, max)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-2.0, 0.5, 3.0]).clamp(-1, 1)
        tensor([-1.0000,  0.5000,  1.0000])
        """
        return _tensor("clamp", self, min, max)

    def clip(self, min: TensorLike | None = None, max: TensorLike | None = None) -> Tensor:
        """``ad_ops.clip(self, min, max)``, an alias of ``clamp``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([3.0]).clip(max=1)
        tensor([1.])
        """
        return _tensor("clip", self, min, max)

    def maximum(self, other: TensorLike) -> Tensor:
        """``ad_ops.maximum(self, other)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 3.0]).maximum(ad_core.tensor([2.0, 2.0]))
        tensor([2., 3.])
        """
        return _tensor("maximum", self, other)

    def minimum(self, other: TensorLike) -> Tensor:
        """``ad_ops.minimum(self, other)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 3.0]).minimum(ad_core.tensor([2.0, 2.0]))
        tensor([1., 2.])
        """
        return _tensor("minimum", self, other)

    def fmod(self, other: TensorLike) -> Tensor:
        """``ad_ops.fmod(self, other)``: the remainder with the sign of ``self``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-3.0]).fmod(2)
        tensor([-1.])
        """
        return _tensor("fmod", self, other)

    def remainder(self, other: TensorLike) -> Tensor:
        """``ad_ops.remainder(self, other)``: the remainder with the sign of ``other``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([-3.0]).remainder(2)
        tensor([1.])
        """
        return _tensor("remainder", self, other)

    def __mod__(self, other: TensorLike) -> Tensor:
        return _tensor("remainder", self, other)

    def __rmod__(self, other: TensorLike) -> Tensor:
        return _tensor("remainder", other, self)

    def __floordiv__(self, other: TensorLike) -> Tensor:
        return _tensor("div", self, other, rounding_mode="floor")

    def __rfloordiv__(self, other: TensorLike) -> Tensor:
        return _tensor("div", other, self, rounding_mode="floor")

    def lerp(self, end: TensorLike, weight: TensorLike) -> Tensor:
        """``ad_ops.lerp(self, end, weight)``: ``self + weight * (end - self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).lerp(ad_core.tensor([10.0]), 0.25)
        tensor([2.5000])
        """
        return _tensor("lerp", self, end, weight)

    def logical_not(self) -> Tensor:
        """``ad_ops.logical_not(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([True, False]).logical_not()
        tensor([False,  True])
        """
        return _tensor("logical_not", self)

    def logical_and(self, other: TensorLike) -> Tensor:
        """``ad_ops.logical_and(self, other)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([True, True]).logical_and(ad_core.tensor([True, False]))
        tensor([ True, False])
        """
        return _tensor("logical_and", self, other)

    def logical_or(self, other: TensorLike) -> Tensor:
        """``ad_ops.logical_or(self, other)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([False, False]).logical_or(ad_core.tensor([True, False]))
        tensor([ True, False])
        """
        return _tensor("logical_or", self, other)

    def logical_xor(self, other: TensorLike) -> Tensor:
        """``ad_ops.logical_xor(self, other)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([True, True]).logical_xor(ad_core.tensor([True, False]))
        tensor([False,  True])
        """
        return _tensor("logical_xor", self, other)

    def softmax(self, dim: int, dtype: DTypeLike | None = None) -> Tensor:
        """``ad_ops.softmax(self, dim)``, computed in ``dtype`` when given.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0, 0.0]).softmax(-1)
        tensor([0.5000, 0.5000])
        """
        return _tensor("softmax", self, dim, dtype=dtype)

    def log_softmax(self, dim: int, dtype: DTypeLike | None = None) -> Tensor:
        """``ad_ops.log_softmax(self, dim)``, computed in ``dtype`` when given.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0]).log_softmax(0)
        tensor([0.])
        """
        return _tensor("log_softmax", self, dim, dtype=dtype)

    # --- reductions ---------------------------------------------------------------

    def std(
        self,
        dim: Dim = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        *,
        correction: float | None = None,
    ) -> Tensor:
        """``ad_ops.std``: the standard deviation over ``dim`` (Bessel-corrected
        unless ``unbiased=False`` or ``correction=0``).

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 3.0]).std()
        tensor(1.4142)
        """
        return _tensor("std", self, dim, unbiased, keepdim, correction=correction)

    def var(
        self,
        dim: Dim = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        *,
        correction: float | None = None,
    ) -> Tensor:
        """``ad_ops.var``: the variance over ``dim`` (Bessel-corrected unless
        ``unbiased=False`` or ``correction=0``).

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 3.0]).var()
        tensor(2.)
        """
        return _tensor("var", self, dim, unbiased, keepdim, correction=correction)

    def prod(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """``ad_ops.prod(self, dim, keepdim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([2.0, 3.0]).prod()
        tensor(6.)
        """
        return _tensor("prod", self, dim, keepdim)

    def amax(self, dim: Dim = (), keepdim: bool = False) -> Tensor:
        """``ad_ops.amax``: the largest values over ``dim`` (all when empty).

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([[1.0, 5.0], [7.0, 2.0]]).amax(1)
        tensor([5., 7.])
        """
        return _tensor("amax", self, dim, keepdim)

    def amin(self, dim: Dim = (), keepdim: bool = False) -> Tensor:
        """``ad_ops.amin``: the smallest values over ``dim`` (all when empty).

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([[1.0, 5.0], [7.0, 2.0]]).amin(1)
        tensor([1., 2.])
        """
        return _tensor("amin", self, dim, keepdim)

    @overload
    def max(self) -> Tensor: ...
    @overload
    def max(self, dim: int, keepdim: bool = False) -> Any: ...
    @overload
    def max(self, dim: Tensor) -> Tensor: ...

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        """``ad_ops.max``: the largest value; with ``dim``, the named tuple
        ``(values, indices)``; with a tensor, the elementwise maximum.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([[1.0, 5.0], [7.0, 2.0]]).max(dim=1).indices
        tensor([1, 0])
        """
        if dim is None:
            return call("max", self)
        return call("max", self, dim, keepdim)

    @overload
    def min(self) -> Tensor: ...
    @overload
    def min(self, dim: int, keepdim: bool = False) -> Any: ...
    @overload
    def min(self, dim: Tensor) -> Tensor: ...

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        """``ad_ops.min``: the smallest value; with ``dim``, the named tuple
        ``(values, indices)``; with a tensor, the elementwise minimum.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([[1.0, 5.0], [7.0, 2.0]]).min(dim=1).values
        tensor([1., 2.])
        """
        if dim is None:
            return call("min", self)
        return call("min", self, dim, keepdim)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """``ad_ops.argmax(self, dim, keepdim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([[1.0, 5.0], [7.0, 2.0]]).argmax(1)
        tensor([1, 0])
        """
        return _tensor("argmax", self, dim, keepdim)

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """``ad_ops.argmin(self, dim, keepdim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([[1.0, 5.0], [7.0, 2.0]]).argmin(1)
        tensor([0, 1])
        """
        return _tensor("argmin", self, dim, keepdim)

    def logsumexp(self, dim: Dim, keepdim: bool = False) -> Tensor:
        """``ad_ops.logsumexp(self, dim, keepdim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0, 0.0]).logsumexp(0)
        tensor(0.6931)
        """
        return _tensor("logsumexp", self, dim, keepdim)

    def norm(self, p: float | str | None = "fro", dim: Dim = None, keepdim: bool = False) -> Tensor:
        """``ad_ops.norm(self, p, dim, keepdim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([3.0, 4.0]).norm()
        tensor(5.)
        """
        return _tensor("norm", self, p, dim, keepdim)

    def cumsum(self, dim: int) -> Tensor:
        """``ad_ops.cumsum(self, dim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 2.0, 3.0]).cumsum(0)
        tensor([1., 3., 6.])
        """
        return _tensor("cumsum", self, dim)

    def cumprod(self, dim: int) -> Tensor:
        """``ad_ops.cumprod(self, dim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 2.0, 3.0]).cumprod(0)
        tensor([1., 2., 6.])
        """
        return _tensor("cumprod", self, dim)

    def all(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """``ad_ops.all(self, dim, keepdim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([True, False]).all()
        tensor(False)
        """
        return _tensor("all", self, dim, keepdim)

    def any(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """``ad_ops.any(self, dim, keepdim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([True, False]).any()
        tensor(True)
        """
        return _tensor("any", self, dim, keepdim)

    def count_nonzero(self, dim: Dim = None) -> Tensor:
        """``ad_ops.count_nonzero(self, dim)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0, 2.0, 3.0]).count_nonzero()
        tensor(2)
        """
        return _tensor("count_nonzero", self, dim)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        """``ad_ops.nonzero``: the indices of the non-zero elements, one row each
        (or one tensor per dimension with ``as_tuple=True``).

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([0.0, 2.0, 3.0]).nonzero()
        tensor([[1],
                [2]])
        """
        return call("nonzero", self, as_tuple=as_tuple)

    # --- tests ----------------------------------------------------------------------

    def isnan(self) -> Tensor:
        """``ad_ops.isnan(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, float("nan")]).isnan()
        tensor([False,  True])
        """
        return _tensor("isnan", self)

    def isinf(self) -> Tensor:
        """``ad_ops.isinf(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, float("inf")]).isinf()
        tensor([False,  True])
        """
        return _tensor("isinf", self)

    def isfinite(self) -> Tensor:
        """``ad_ops.isfinite(self)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, float("inf")]).isfinite()
        tensor([ True, False])
        """
        return _tensor("isfinite", self)

    def isclose(
        self, other: TensorLike, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> Tensor:
        """``ad_ops.isclose(self, other, rtol, atol, equal_nan)``.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0, 2.0]).isclose(ad_core.tensor([1.0, 2.1]))
        tensor([ True, False])
        """
        return _tensor("isclose", self, other, rtol, atol, equal_nan)

    def allclose(
        self, other: TensorLike, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> bool:
        """``ad_ops.allclose(self, other, rtol, atol, equal_nan)``, a Python bool.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1.0]).allclose(ad_core.tensor([1.0 + 1e-9]))
        True
        """
        return bool(call("allclose", self, other, rtol, atol, equal_nan))

    def equal(self, other: TensorLike) -> bool:
        """``ad_ops.equal(self, other)``: same shape and values, a Python bool.

        >>> import ad_core, ad_ops
        >>> ad_core.tensor([1, 2]).equal(ad_core.tensor([1, 2]))
        True
        """
        return bool(call("equal", self, other))
