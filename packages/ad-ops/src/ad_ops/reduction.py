"""Reductions: ``sum``, ``mean``, ``var``, ``std``, ``logsumexp``, ``prod``,
``norm`` (the extrema are in ``extremum``).

``dim`` is an int, a tuple of ints or None (all dimensions); ``keepdim``
keeps the reduced dimensions with size 1, as in PyTorch.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from ad_core import (
    DTypeLike,
    Function,
    NDArray,
    Tensor,
    TensorLike,
    lift,
    normalize_dims,
)
from ad_core.reduction import Mean, Sum, expand_reduced

from .elementwise import Abs, Exp, Sqrt
from .extremum import amax, amin

Dim = int | Sequence[int] | None


def _kept_shape(shape: tuple[int, ...], dims: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


def _floating(op: str, input: TensorLike) -> Tensor:
    (t,) = lift((input,))
    if t.dtype.kind not in "fc":
        raise TypeError(f"{op}: expected a floating tensor, got dtype {t.dtype}")
    return t


class Var(Function):
    """Variance over ``dims`` with ``correction`` subtracted from the count."""

    raw_backward = True

    def forward(self, a: NDArray, dim: Dim, correction: float, keepdim: bool) -> NDArray:
        self.dims = normalize_dims("var", dim, a.ndim)
        self.keepdim = keepdim
        count = int(np.prod([a.shape[d] for d in self.dims]))
        self.scale = 2 / (count - correction) if count != correction else np.inf
        self.save(a)
        if count > correction:
            return np.asarray(a.var(axis=self.dims, ddof=correction, keepdims=keepdim))
        # PyTorch's warning, in place of NumPy's; the values (inf or nan) are the same.
        warnings.warn(
            f"var: degrees of freedom is <= 0 (correction={correction} for {count} "
            "elements per slice); the result is not finite",
            UserWarning,
            stacklevel=4,
        )
        with warnings.catch_warnings():  # NumPy warns from its own module here
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(a.var(axis=self.dims, ddof=correction, keepdims=keepdim))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        centered = a - Mean.apply(a, dim=self.dims, keepdim=True)
        return (expand_reduced(grad, a.shape, self.dims, self.keepdim) * centered * self.scale,)


class LogSumExp(Function):
    """``log(sum(exp(a)))`` over ``dims``, shifted by the maximum for stability."""

    raw_backward = True

    def forward(self, a: NDArray, dim: Dim, keepdim: bool) -> NDArray:
        self.dims = normalize_dims("logsumexp", dim, a.ndim)
        self.keepdim = keepdim
        if a.size == 0:
            shift = np.zeros(_kept_shape(a.shape, self.dims), dtype=a.dtype)
        else:
            shift = np.amax(a, axis=self.dims, keepdims=True)
            shift = np.where(np.isfinite(shift), shift, 0)
        out = np.log(np.exp(a - shift).sum(axis=self.dims, keepdims=True)) + shift
        if not keepdim:
            out = out.reshape(_reduced_shape(a.shape, self.dims))
        self.save(a, out)
        return np.asarray(out)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, out = self.saved_tensors
        if not self.keepdim:
            out = out.reshape(_kept_shape(a.shape, self.dims))
        softmax = Exp.apply(a - out)
        return (expand_reduced(grad, a.shape, self.dims, self.keepdim) * softmax,)


def _reduced_shape(shape: tuple[int, ...], dims: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(n for i, n in enumerate(shape) if i not in dims)


class Prod(Function):
    """Product over ``dims``.

    The gradient is ``out / a`` where the input has no zero (exact to any
    order); otherwise the product of the other elements of each slice,
    computed in NumPy (exact first derivative, constant for higher ones).
    """

    def forward(self, a: NDArray, dim: Dim, keepdim: bool) -> NDArray:
        self.dims = normalize_dims("prod", dim, a.ndim)
        self.keepdim = keepdim
        out = np.asarray(np.prod(a, axis=self.dims, keepdims=keepdim))
        self.save(a, out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, out = self.saved_tensors
        expanded = expand_reduced(grad, a.shape, self.dims, self.keepdim)
        if not np.any(a.array == 0):
            return (expanded * expand_reduced(out, a.shape, self.dims, self.keepdim) / a,)
        return (expanded * Tensor._wrap(_product_of_others(a.array, self.dims)),)


def _product_of_others(a: NDArray, dims: tuple[int, ...]) -> NDArray:
    """For each element, the product of the other elements of its slice over ``dims``."""
    rest = [d for d in range(a.ndim) if d not in dims]
    moved = a.transpose(rest + list(dims))
    flat = moved.reshape(*moved.shape[: len(rest)], -1)
    ones = np.ones((*flat.shape[:-1], 1), dtype=a.dtype)
    left = np.cumprod(np.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, flat[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    others = (left * right).reshape(moved.shape)
    return np.asarray(others.transpose(np.argsort(rest + list(dims))))


class PNorm(Function):
    """``(sum |a|^p)^(1/p)`` over ``dims`` for a finite ``p`` other than 0 and 1;
    the gradient where the norm is 0 is 0."""

    def forward(self, a: NDArray, p: float, dim: Dim, keepdim: bool) -> NDArray:
        self.p = p
        self.dims = normalize_dims("norm", dim, a.ndim)
        self.keepdim = keepdim
        if p == 2:
            out = np.sqrt(np.sum(a * a, axis=self.dims, keepdims=keepdim))
        else:
            out = np.sum(np.abs(a) ** p, axis=self.dims, keepdims=keepdim) ** (1 / p)
        out = np.asarray(out)
        self.save(a, out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, out = self.saved_tensors
        expanded = expand_reduced(grad, a.shape, self.dims, self.keepdim)
        # Where the norm is 0 the whole slice is 0: divide by 1 there, giving 0.
        safe = out + Tensor._wrap((out.array == 0).astype(out.dtype))
        safe = expand_reduced(safe, a.shape, self.dims, self.keepdim)
        if self.p == 2:
            return (expanded * a / safe,)
        sign = Tensor._wrap(np.sign(a.array))
        return (expanded * sign * Abs.apply(a) ** (self.p - 1) / safe ** (self.p - 1),)


def _cast(input: TensorLike, dtype: DTypeLike | None) -> TensorLike:
    """``input`` as ``dtype`` before reducing, as PyTorch's ``dtype=`` does."""
    if dtype is None:
        return input
    (t,) = lift((input,))
    return t if t.dtype == np.dtype(dtype) else t.astype(dtype)


def sum(
    input: TensorLike, dim: Dim = None, keepdim: bool = False, *, dtype: DTypeLike | None = None
) -> Tensor:
    """Sum over ``dim`` (all dimensions when None), as ``torch.sum``; with
    ``dtype`` the input is cast to it first.

    >>> import ad_core, ad_ops as F
    >>> F.sum(ad_core.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=-1)
    tensor([3., 7.])
    >>> F.sum(ad_core.tensor([1, 2]), dtype="float64")
    tensor(3., dtype=float64)
    """
    return Sum.apply(_cast(input, dtype), dim=dim, keepdim=keepdim)


def mean(
    input: TensorLike, dim: Dim = None, keepdim: bool = False, *, dtype: DTypeLike | None = None
) -> Tensor:
    """Mean over ``dim`` (all dimensions when None), as ``torch.mean``; with
    ``dtype`` the input is cast to it first (integer input needs it).

    >>> import ad_core, ad_ops as F
    >>> F.mean(ad_core.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=0)
    tensor([2., 3.])
    >>> F.mean(ad_core.tensor([1, 2]), dtype="float32")
    tensor(1.5000)
    """
    return Mean.apply(_cast(input, dtype), dim=dim, keepdim=keepdim)


def _correction(op: str, unbiased: bool | None, correction: float | None) -> float:
    if unbiased is not None and correction is not None:
        raise ValueError(f"{op}: give unbiased or correction, not both")
    if correction is not None:
        if isinstance(correction, bool) or not isinstance(
            correction, int | float | np.integer | np.floating
        ):
            raise TypeError(f"{op}: expected correction to be a number, got {correction!r}")
        return correction
    if unbiased is not None and not isinstance(unbiased, bool):
        raise TypeError(f"{op}: expected unbiased to be a bool, got {unbiased!r}")
    return 0 if unbiased is False else 1


def var(
    input: TensorLike,
    dim: Dim = None,
    unbiased: bool | None = None,
    keepdim: bool = False,
    *,
    correction: float | None = None,
) -> Tensor:
    """Variance over ``dim``, as ``torch.var``: the squared deviations are divided
    by ``N - correction`` (Bessel's correction, 1, by default).

    PyTorch's older form is accepted too: ``unbiased=False`` is
    ``correction=0``, and a bool in place of ``dim`` is ``unbiased``
    (``var(x, False)``).

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([1.0, 2.0, 3.0, 4.0])
    >>> F.var(x), F.var(x, unbiased=False), F.var(x, correction=0)
    (tensor(1.6667), tensor(1.2500), tensor(1.2500))
    """
    if isinstance(dim, bool):
        if unbiased is not None:
            raise TypeError(f"var: dim must be an int or a tuple of ints, got {dim!r}")
        dim, unbiased = None, dim
    t = _floating("var", input)
    return Var.apply(
        t, dim=dim, correction=_correction("var", unbiased, correction), keepdim=keepdim
    )


def std(
    input: TensorLike,
    dim: Dim = None,
    unbiased: bool | None = None,
    keepdim: bool = False,
    *,
    correction: float | None = None,
) -> Tensor:
    """Standard deviation over ``dim``, as ``torch.std`` (``sqrt`` of ``var``,
    with the same arguments).

    >>> import ad_core, ad_ops as F
    >>> F.std(ad_core.tensor([1.0, 3.0])), F.std(ad_core.tensor([1.0, 3.0]), False)
    (tensor(1.4142), tensor(1.))
    """
    return Sqrt.apply(var(input, dim, unbiased, keepdim, correction=correction))


def logsumexp(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """``log(sum(exp(input)))`` over ``dim``, stable for large values, as
    ``torch.logsumexp`` (here ``dim=None`` reduces over everything).

    >>> import ad_core, ad_ops as F
    >>> F.logsumexp(ad_core.tensor([1000.0, 1000.0]), dim=0)
    tensor(1000.6932)
    """
    t = _floating("logsumexp", input)
    return LogSumExp.apply(t, dim=dim, keepdim=keepdim)


def prod(
    input: TensorLike, dim: Dim = None, keepdim: bool = False, *, dtype: DTypeLike | None = None
) -> Tensor:
    """Product over ``dim``, as ``torch.prod`` (here ``dim`` may also be a
    tuple); with ``dtype`` the input is cast to it first.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([2.0, 0.0, 4.0], requires_grad=True)
    >>> F.prod(x).backward()
    >>> x.grad
    tensor([0., 8., 0.])
    """
    return Prod.apply(_cast(input, dtype), dim=dim, keepdim=keepdim)


def norm(
    input: TensorLike,
    p: float | str | None = "fro",
    dim: Dim = None,
    keepdim: bool = False,
    dtype: DTypeLike | None = None,
) -> Tensor:
    """Vector ``p``-norm over ``dim`` (all elements when None), as ``torch.norm``.

    ``p`` is a number (``inf``, ``-inf``, ``0`` and ``1`` included) or
    ``'fro'`` (the 2-norm, the default; None means the same, as in PyTorch).
    The gradient where the norm is 0 is 0, a subgradient, where a naive
    formula gives nan. With ``dtype`` the input is cast to it first. Matrix
    norms other than ``'fro'`` (``'nuc'``, ``p=2`` over two dims) are not
    provided: here a number ``p`` is always the vector norm of the elements
    reduced.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([3.0, -4.0], requires_grad=True)
    >>> y = F.norm(x)
    >>> y.backward()
    >>> y, x.grad
    (tensor(5., grad_fn=<PNormBackward>), tensor([ 0.6000, -0.8000]))
    """
    t = _floating("norm", _cast(input, dtype))
    if p is None or p == "fro":
        p = 2
    if isinstance(p, str | bool) or not isinstance(p, int | float):
        raise ValueError(f"norm: p must be a number or 'fro', got {p!r}")
    if p == np.inf:
        return amax(Abs.apply(t), dim, keepdim)
    if p == -np.inf:
        return amin(Abs.apply(t), dim, keepdim)
    if p == 1:
        return sum(Abs.apply(t), dim, keepdim)
    if p == 0:
        count = (
            (t.array != 0)
            .astype(t.dtype)
            .sum(axis=normalize_dims("norm", dim, t.ndim), keepdims=keepdim)
        )
        return Tensor._wrap(np.asarray(count))
    return PNorm.apply(t, p=float(p), dim=dim, keepdim=keepdim)
