"""Reductions: ``sum``, ``mean``, ``var``, ``std``, ``max``, ``min``, ``argmax``,
``argmin``, ``logsumexp``, ``prod``, ``norm``.

``dim`` is an int, a tuple of ints or None (all dimensions); ``keepdim``
keeps the reduced dimensions with size 1, as in PyTorch.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from ad_core import (
    Function,
    NDArray,
    Tensor,
    TensorLike,
    is_grad_enabled,
    lift,
    normalize_dim,
    normalize_dims,
)
from ad_core.reduction import Mean, Sum, expand_reduced

from .elementwise import Abs, Exp, Sqrt

Dim = int | Sequence[int] | None


def _kept_shape(shape: tuple[int, ...], dims: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


def _check_nonempty(op: str, a: NDArray, dims: tuple[int, ...]) -> None:
    if any(a.shape[d] == 0 for d in dims) or (a.size == 0 and not dims):
        raise RuntimeError(f"{op}: cannot reduce over an empty dimension (input shape {a.shape})")


def _floating(op: str, input: TensorLike) -> Tensor:
    (t,) = lift((input,))
    if t.dtype.kind not in "fc":
        raise TypeError(f"{op}: expected a floating tensor, got dtype {t.dtype}")
    return t


class Var(Function):
    """Variance over ``dims`` with ``correction`` subtracted from the count."""

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
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(a.var(axis=self.dims, ddof=correction, keepdims=keepdim))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        centered = a - Mean.apply(a, dim=self.dims, keepdim=True)
        weighted = expand_reduced(grad, a.shape, self.dims, self.keepdim) * centered
        if np.isfinite(self.scale) or is_grad_enabled():
            return (weighted * self.scale,)
        # No degrees of freedom: inf or nan, as PyTorch gives them, without NumPy's warning.
        with np.errstate(invalid="ignore"):
            return (Tensor._wrap(weighted.data * self.scale),)


class Extremum(Function):
    """``amax`` or ``amin`` over ``dims``; tied extrema share the gradient evenly."""

    def forward(self, a: NDArray, dim: Dim, keepdim: bool, largest: bool) -> NDArray:
        op = "max" if largest else "min"
        self.dims = normalize_dims(op, dim, a.ndim)
        _check_nonempty(op, a, self.dims)
        self.keepdim = keepdim
        kept = (np.amax if largest else np.amin)(a, axis=self.dims, keepdims=True)
        mask = (a == kept).astype(a.dtype)
        self.share = mask / mask.sum(axis=self.dims, keepdims=True)
        self.shape = a.shape
        return np.asarray(kept if keepdim else kept.reshape(_reduced_shape(a.shape, self.dims)))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        expanded = expand_reduced(grad, self.shape, self.dims, self.keepdim)
        return (expanded * Tensor._wrap(self.share),)


class LogSumExp(Function):
    """``log(sum(exp(a)))`` over ``dims``, shifted by the maximum for stability."""

    def forward(self, a: NDArray, dim: Dim, keepdim: bool) -> NDArray:
        self.dims = normalize_dims("logsumexp", dim, a.ndim)
        self.keepdim = keepdim
        if a.size == 0:
            shift = np.zeros(_kept_shape(a.shape, self.dims), dtype=a.dtype)
        else:
            shift = np.amax(a, axis=self.dims, keepdims=True)
            shift = np.where(np.isfinite(shift), shift, 0)
        with np.errstate(divide="ignore"):
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
        if not np.any(a.data == 0):
            return (expanded * expand_reduced(out, a.shape, self.dims, self.keepdim) / a,)
        return (expanded * Tensor._wrap(_product_of_others(a.data, self.dims)),)


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
        safe = out + Tensor._wrap((out.data == 0).astype(out.dtype))
        safe = expand_reduced(safe, a.shape, self.dims, self.keepdim)
        if self.p == 2:
            return (expanded * a / safe,)
        sign = Tensor._wrap(np.sign(a.data))
        return (expanded * sign * Abs.apply(a) ** (self.p - 1) / safe ** (self.p - 1),)


def sum(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """Sum over ``dim`` (all dimensions when None), as ``torch.sum``.

    >>> import ad_core, ad_ops as F
    >>> F.sum(ad_core.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=-1)
    tensor([3., 7.])
    """
    return Sum.apply(input, dim=dim, keepdim=keepdim)


def mean(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """Mean over ``dim`` (all dimensions when None), as ``torch.mean``.

    >>> import ad_core, ad_ops as F
    >>> F.mean(ad_core.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=0)
    tensor([2., 3.])
    """
    return Mean.apply(input, dim=dim, keepdim=keepdim)


def var(
    input: TensorLike, dim: Dim = None, *, correction: float = 1, keepdim: bool = False
) -> Tensor:
    """Variance over ``dim``, as ``torch.var``: the squared deviations are divided
    by ``N - correction`` (Bessel's correction by default).

    >>> import ad_core, ad_ops as F
    >>> F.var(ad_core.tensor([1.0, 2.0, 3.0, 4.0]))
    tensor(1.6667)
    """
    t = _floating("var", input)
    if isinstance(correction, bool) or not isinstance(
        correction, int | float | np.integer | np.floating
    ):
        raise TypeError(f"var: expected correction to be a number, got {correction!r}")
    return Var.apply(t, dim=dim, correction=correction, keepdim=keepdim)


def std(
    input: TensorLike, dim: Dim = None, *, correction: float = 1, keepdim: bool = False
) -> Tensor:
    """Standard deviation over ``dim``, as ``torch.std`` (``sqrt`` of ``var``).

    >>> import ad_core, ad_ops as F
    >>> F.std(ad_core.tensor([1.0, 3.0]))
    tensor(1.4142)
    """
    return Sqrt.apply(var(input, dim, correction=correction, keepdim=keepdim))


def max(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """Largest values over ``dim``, as ``torch.amax``.

    Unlike ``torch.max(x, dim)`` only the values are returned (use
    ``argmax`` for the indices); ``dim`` may be a tuple. Tied maxima share the
    gradient evenly.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([1.0, 3.0, 3.0], requires_grad=True)
    >>> F.max(x).backward()
    >>> x.grad
    tensor([0.0000, 0.5000, 0.5000])
    """
    return Extremum.apply(input, dim=dim, keepdim=keepdim, largest=True)


def min(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """Smallest values over ``dim``, as ``torch.amin``; ties share the gradient evenly.

    >>> import ad_core, ad_ops as F
    >>> F.min(ad_core.tensor([[1.0, 5.0], [0.0, 2.0]]), dim=1)
    tensor([1., 0.])
    """
    return Extremum.apply(input, dim=dim, keepdim=keepdim, largest=False)


def _arg_extremum(op: str, input: TensorLike, dim: int | None, keepdim: bool) -> Tensor:
    (t,) = lift((input,))
    a = t.data
    find = np.argmax if op == "argmax" else np.argmin
    if dim is None:
        _check_nonempty(op, a, ())
        index = np.asarray(find(a), dtype=np.int64)
        return Tensor._wrap(index.reshape((1,) * a.ndim) if keepdim else index)
    d = normalize_dim(op, dim, a.ndim)
    if a.ndim == 0:
        return Tensor._wrap(np.zeros((), dtype=np.int64))
    _check_nonempty(op, a, (d,))
    return Tensor._wrap(np.asarray(find(a, axis=d, keepdims=keepdim), dtype=np.int64))


def argmax(input: TensorLike, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the largest value along ``dim`` (of the flattened input when
    None), as ``torch.argmax``; int64, first occurrence on ties.

    >>> import ad_core, ad_ops as F
    >>> F.argmax(ad_core.tensor([[1.0, 5.0], [7.0, 2.0]]), dim=1)
    tensor([1, 0])
    """
    return _arg_extremum("argmax", input, dim, keepdim)


def argmin(input: TensorLike, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the smallest value along ``dim``, as ``torch.argmin``.

    >>> import ad_core, ad_ops as F
    >>> F.argmin(ad_core.tensor([3.0, 1.0, 2.0]))
    tensor(1)
    """
    return _arg_extremum("argmin", input, dim, keepdim)


def logsumexp(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """``log(sum(exp(input)))`` over ``dim``, stable for large values, as
    ``torch.logsumexp`` (here ``dim=None`` reduces over everything).

    >>> import ad_core, ad_ops as F
    >>> F.logsumexp(ad_core.tensor([1000.0, 1000.0]), dim=0)
    tensor(1000.6932)
    """
    t = _floating("logsumexp", input)
    return LogSumExp.apply(t, dim=dim, keepdim=keepdim)


def prod(input: TensorLike, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """Product over ``dim``, as ``torch.prod`` (here ``dim`` may also be a tuple).

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([2.0, 0.0, 4.0], requires_grad=True)
    >>> F.prod(x).backward()
    >>> x.grad
    tensor([0., 8., 0.])
    """
    return Prod.apply(input, dim=dim, keepdim=keepdim)


def norm(input: TensorLike, p: float | str = 2, dim: Dim = None, keepdim: bool = False) -> Tensor:
    """Vector ``p``-norm over ``dim`` (all elements when None), as ``torch.norm``.

    ``p`` is a number (``inf``, ``-inf``, ``0`` and ``1`` included) or
    ``'fro'`` (the 2-norm). The gradient where the norm is 0 is 0, a
    subgradient, where a naive formula gives nan.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([3.0, -4.0], requires_grad=True)
    >>> y = F.norm(x)
    >>> y.backward()
    >>> y, x.grad
    (tensor(5., grad_fn=<PNormBackward>), tensor([ 0.6000, -0.8000]))
    """
    t = _floating("norm", input)
    if p == "fro":
        p = 2
    if isinstance(p, str | bool) or not isinstance(p, int | float):
        raise ValueError(f"norm: p must be a number or 'fro', got {p!r}")
    if p == np.inf:
        return max(Abs.apply(t), dim, keepdim)
    if p == -np.inf:
        return min(Abs.apply(t), dim, keepdim)
    if p == 1:
        return sum(Abs.apply(t), dim, keepdim)
    if p == 0:
        count = (
            (t.data != 0)
            .astype(t.dtype)
            .sum(axis=normalize_dims("norm", dim, t.ndim), keepdims=keepdim)
        )
        return Tensor._wrap(np.asarray(count))
    return PNorm.apply(t, p=float(p), dim=dim, keepdim=keepdim)
