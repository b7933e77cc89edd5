"""Running sums and products along a dimension: ``cumsum``, ``cumprod``."""

from __future__ import annotations

import numpy as np

from ad_core import (
    DTypeLike,
    Function,
    NDArray,
    Tensor,
    TensorLike,
    is_grad_enabled,
    lift,
    normalize_dim,
)

from .selection import Where


class CumSum(Function):
    """Running sums along ``dim``, from the end when ``reverse`` (each is the
    other's adjoint)."""

    raw_backward = True

    def forward(self, a: NDArray, dim: int, reverse: bool) -> NDArray:
        self.dim = dim
        self.reverse = reverse
        if reverse:
            return np.flip(np.cumsum(np.flip(a, dim), axis=dim), dim)
        return np.cumsum(a, axis=dim)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (CumSum.apply(grad, dim=self.dim, reverse=not self.reverse),)


class CumProd(Function):
    """Running products along ``dim``; see ``_cumprod_grad`` for the gradient."""

    def forward(self, a: NDArray, dim: int) -> NDArray:
        self.dim = dim
        out = np.cumprod(a, axis=dim)
        self.save(a, out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        a, out = self.saved_tensors
        return (_cumprod_grad(a, out, grad, self.dim),)


def _cumprod_grad(x: Tensor, out: Tensor, grad: Tensor, dim: int) -> Tensor:
    """``d/dx sum(grad * cumprod(x))``, exact to any order, zeros in ``x`` included.

    Element ``j`` gets ``sum_{k>=j} grad_k prod_{i<=k, i!=j} x_i``. Without
    zeros that is ``reverse_cumsum(grad * out)_j / x_j``. In a slice whose
    first zero is at ``z``: before ``z`` the same formula holds (``out`` is 0
    from ``z`` on); at ``z`` it is ``reverse_cumsum(grad * cumprod(y))_z`` with
    ``y`` = ``x`` with that zero replaced by 1; after ``z`` it is ``x_z`` (0)
    times the same gradient for ``y``. That last term is 0 in value and only
    matters for higher derivatives: it is built (recursively, once per
    further zero) only when the backward itself is being recorded.
    """
    zero = x.array == 0
    if not zero.any():
        return CumSum.apply(grad * out, dim=dim, reverse=True) / x
    seen = np.cumsum(zero, axis=dim)
    before = seen == 0
    first = zero & (seen == 1)
    y = Where.apply(1.0, x, condition=first)
    cumprod_y = CumProd.apply(y, dim=dim)
    safe_x = Where.apply(x, 1.0, condition=before)
    result = Where.apply(
        CumSum.apply(grad * out, dim=dim, reverse=True) / safe_x,
        CumSum.apply(grad * cumprod_y, dim=dim, reverse=True),
        condition=before,
    )
    result = Where.apply(result, 0.0, condition=before | first)
    if is_grad_enabled():
        x_at_zero = Where.apply(x, 0.0, condition=first).sum(dim=dim, keepdim=True)
        after = x_at_zero * _cumprod_grad(y, cumprod_y, grad, dim)
        result = result + Where.apply(0.0, after, condition=before | first)
    return result


def _prepare(op: str, input: TensorLike, dim: int, dtype: DTypeLike | None) -> tuple[Tensor, int]:
    (t,) = lift((input,))
    if dtype is not None and t.dtype != np.dtype(dtype):
        t = t.astype(dtype)
    return t, normalize_dim(op, dim, t.ndim)


def cumsum(input: TensorLike, dim: int, *, dtype: DTypeLike | None = None) -> Tensor:
    """Running sums along ``dim``, as ``torch.cumsum``; with ``dtype`` the input
    is cast to it first (integers and bools sum as int64).

    >>> import ad_core, ad_ops as F
    >>> F.cumsum(ad_core.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), dim=1)
    tensor([[ 1.,  3.,  6.],
            [ 4.,  9., 15.]])
    """
    t, d = _prepare("cumsum", input, dim, dtype)
    if t.ndim == 0:
        return CumSum.apply(t.reshape(1), dim=0, reverse=False).reshape(())
    return CumSum.apply(t, dim=d, reverse=False)


def cumprod(input: TensorLike, dim: int, *, dtype: DTypeLike | None = None) -> Tensor:
    """Running products along ``dim``, as ``torch.cumprod``.

    The gradient is exact where the input has zeros too (where dividing the
    output by the input would give nan), to any order.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([2.0, 0.0, 3.0], requires_grad=True)
    >>> y = F.cumprod(x, dim=0)
    >>> y.sum().backward()
    >>> y, x.grad
    (tensor([2., 0., 0.], grad_fn=<CumProdBackward>), tensor([1., 8., 0.]))
    """
    t, d = _prepare("cumprod", input, dim, dtype)
    if t.ndim == 0:
        return CumProd.apply(t.reshape(1), dim=0).reshape(())
    return CumProd.apply(t, dim=d)
