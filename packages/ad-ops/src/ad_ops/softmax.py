"""``softmax`` and ``log_softmax``, each one ``Function`` shifted by the
per-row maximum so that any finite logits give finite values and gradients.

A slice holding NaN or ``+inf``, or only ``-inf``, is NaN throughout, as in
PyTorch, and computing it raises no NumPy warning."""

from __future__ import annotations

import numpy as np

from ad_core import DTypeLike, Function, NDArray, Tensor, TensorLike, lift, normalize_dim
from ad_core.reduction import Sum

from .elementwise import Exp


def shift_by_max(a: NDArray, dim: int) -> NDArray:
    """``a`` minus its maximum along ``dim``: at most 0 where the maximum is
    finite, NaN throughout a slice whose maximum is NaN or infinite.

    >>> shift_by_max(np.array([[1.0, 3.0], [np.inf, 0.0]]), 1).tolist()
    [[-2.0, 0.0], [nan, -inf]]
    """
    if a.size == 0:
        return a.copy()
    # Where the maximum is infinite, inf - inf is NaN: what such a slice's softmax is.
    return np.asarray(a - np.amax(a, axis=dim, keepdims=True))


class Softmax(Function):
    """``exp(a) / sum(exp(a))`` along ``dim``."""

    raw_backward = True

    def forward(self, a: NDArray, dim: int) -> NDArray:
        self.dim = dim
        e = np.exp(shift_by_max(a, dim))
        out = e / e.sum(axis=dim, keepdims=True)
        self.save(out)
        return np.asarray(out)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (out * (grad - Sum.apply(grad * out, dim=self.dim, keepdim=True)),)


class LogSoftmax(Function):
    """``a - log(sum(exp(a)))`` along ``dim``."""

    raw_backward = True

    def forward(self, a: NDArray, dim: int) -> NDArray:
        self.dim = dim
        z = shift_by_max(a, dim)
        out = z - np.log(np.exp(z).sum(axis=dim, keepdims=True)) if z.size else z
        self.save(out)
        return np.asarray(out)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad - Exp.apply(out) * Sum.apply(grad, dim=self.dim, keepdim=True),)


def _prepare(op: str, input: TensorLike, dim: int, dtype: DTypeLike | None) -> tuple[Tensor, int]:
    (t,) = lift((input,))
    if dtype is not None:
        t = t.to(dtype)
    if t.dtype.kind not in "fc":
        raise TypeError(f"{op}: expected a floating tensor, got dtype {t.dtype}")
    return t, normalize_dim(op, dim, t.ndim)


def softmax(input: TensorLike, dim: int, dtype: DTypeLike | None = None) -> Tensor:
    """Softmax along ``dim``, as ``torch.nn.functional.softmax``.

    ``dim`` is required (PyTorch's implicit choice of dimension is deprecated);
    ``dtype`` casts the input first.
    Each slice is shifted by its own maximum, so logits of any magnitude give
    finite results.

    >>> import ad_core, ad_ops as F
    >>> F.softmax(ad_core.tensor([[1000.0, 1000.0], [-1000.0, 0.0]]), dim=-1)
    tensor([[0.5000, 0.5000],
            [0.0000, 1.0000]])
    """
    t, d = _prepare("softmax", input, dim, dtype)
    return Softmax.apply(t, dim=d)


def log_softmax(input: TensorLike, dim: int, dtype: DTypeLike | None = None) -> Tensor:
    """Logarithm of the softmax along ``dim``, computed stably, as
    ``torch.nn.functional.log_softmax``.

    >>> import ad_core, ad_ops as F
    >>> F.log_softmax(ad_core.tensor([0.0, 1000.0]), dim=0)
    tensor([-1000.,     0.])
    """
    t, d = _prepare("log_softmax", input, dim, dtype)
    return LogSoftmax.apply(t, dim=d)
