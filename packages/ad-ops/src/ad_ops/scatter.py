"""Writing along a dimension: ``scatter`` and ``scatter_add``, the inverses of ``gather``."""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift, normalize_dim
from ad_core.indexing import Index, IndexAdd

from .indexing import _indices


def _places(index: NDArray, dim: int) -> tuple[NDArray, ...]:
    """The advanced index that addresses ``out[..., index[i], ...]`` at every ``i``."""
    where: list[NDArray] = list(np.indices(index.shape, sparse=True))
    where[dim] = index
    return tuple(where)


class ScatterInto(Function):
    """A copy of ``a`` with ``src`` written at ``places``; the gradient of
    ``a`` is zero where something was written, that of ``src`` is gathered."""

    def forward(self, a: NDArray, src: NDArray, places: tuple[NDArray, ...]) -> NDArray:
        self.places = places
        out = a.copy()
        out[places] = src
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        need_a, need_src = self.needs_input_grad
        grad_a = None
        if need_a:
            kept = np.ones(grad.shape, dtype=grad.dtype)
            kept[self.places] = 0
            grad_a = grad * Tensor._wrap(kept)
        return grad_a, (Index.apply(grad, index=self.places) if need_src else None)


class ScatterAddInto(Function):
    """A copy of ``a`` with ``src`` added at ``places`` (repeated places accumulate)."""

    def forward(self, a: NDArray, src: NDArray, places: tuple[NDArray, ...]) -> NDArray:
        self.places = places
        out = a.copy()
        np.add.at(out, places, src)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        need_src = self.needs_input_grad[1]
        return grad, (Index.apply(grad, index=self.places) if need_src else None)


def _prepare(
    op: str, input: TensorLike, dim: int, index: TensorLike, src: TensorLike
) -> tuple[Tensor, Tensor, tuple[NDArray, ...]]:
    """Check the arguments as PyTorch does; ``src`` cut to ``index``'s shape."""
    (t,) = lift((input,))
    idx = _indices(op, index)
    d = normalize_dim(op, dim, t.ndim)
    if idx.ndim != t.ndim:
        raise ValueError(
            f"{op}: index of shape {idx.shape} must have as many dimensions as input {t.shape}"
        )
    if isinstance(src, Tensor | np.ndarray):
        (s,) = lift((src,))
        if s.dtype != t.dtype:
            raise TypeError(f"{op}: expected src of dtype {t.dtype} like input, got {s.dtype}")
        if s.ndim != idx.ndim or any(m > n for m, n in zip(idx.shape, s.shape, strict=True)):
            raise ValueError(f"{op}: index of shape {idx.shape} is larger than src {s.shape}")
        if s.shape != idx.shape:
            s = Index.apply(s, index=tuple(slice(0, m) for m in idx.shape))
    else:
        s = lift((np.asarray(src, dtype=t.dtype),))[0]
    for i, (m, n) in enumerate(zip(idx.shape, t.shape, strict=True)):
        if i != d and m > n:
            raise ValueError(
                f"{op}: index of shape {idx.shape} is larger than input {t.shape} in dim {i}"
            )
    size = t.shape[d] if t.ndim else 1
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        raise IndexError(
            f"{op}: index out of range [0, {size}) of dimension {d} "
            f"(got values in [{idx.min()}, {idx.max()}])"
        )
    if t.ndim == 0:
        return t, s, ()
    return t, s, _places(idx, d)


def scatter(
    input: TensorLike,
    dim: int,
    index: TensorLike,
    src: TensorLike | None = None,
    value: float | None = None,
    *,
    reduce: str | None = None,
) -> Tensor:
    """A copy of ``input`` with ``src`` written at ``index`` along ``dim``, as
    ``torch.scatter``: ``out[index[i][j]][j] = src[i][j]`` for ``dim=0``.

    ``src`` is a tensor (of ``input``'s dtype, at least as large as ``index``)
    or a number; ``value`` is the keyword spelling of a number. Where
    ``index`` repeats a place, the last write wins (PyTorch leaves it
    unspecified). Gradients: none to ``input`` where it was overwritten;
    ``src`` receives the gradient gathered at ``index``. ``reduce`` (deprecated
    in PyTorch) is not supported: use ``scatter_add``.

    >>> import ad_core, ad_ops as F
    >>> F.scatter(ad_core.zeros(2, 3), 1, ad_core.tensor([[2], [0]]), ad_core.ones(2, 1))
    tensor([[0., 0., 1.],
            [1., 0., 0.]])
    >>> F.scatter(ad_core.zeros(3), 0, ad_core.tensor([1]), value=5.0)
    tensor([0., 5., 0.])
    """
    if reduce is not None:
        raise ValueError(f"scatter: reduce={reduce!r} is not supported; use scatter_add for 'add'")
    if src is not None and value is not None:
        raise TypeError("scatter: expected src or value, not both")
    if src is not None:
        t, s, places = _prepare("scatter", input, dim, index, src)
    elif value is not None:
        t, s, places = _prepare("scatter", input, dim, index, value)
    else:
        raise TypeError("scatter: expected src (a tensor or a number) or value")
    return ScatterInto.apply(t, s, places=places)


def scatter_add(input: TensorLike, dim: int, index: TensorLike, src: Tensor | NDArray) -> Tensor:
    """A copy of ``input`` with ``src`` added at ``index`` along ``dim``, as
    ``torch.scatter_add``: ``out[index[i][j]][j] += src[i][j]`` for ``dim=0``.

    Repeated places accumulate. ``input`` receives the whole gradient, ``src``
    the gradient gathered at ``index``.

    >>> import ad_core, ad_ops as F
    >>> F.scatter_add(ad_core.zeros(3), 0, ad_core.tensor([0, 2, 0]), ad_core.ones(3))
    tensor([2., 0., 1.])
    """
    if not isinstance(src, Tensor | np.ndarray):
        raise TypeError(f"scatter_add: expected src to be a tensor, got {type(src).__name__}")
    t, s, places = _prepare("scatter_add", input, dim, index, src)
    return ScatterAddInto.apply(t, s, places=places)


def index_add(
    input: TensorLike, dim: int, index: TensorLike, source: TensorLike, *, alpha: float = 1
) -> Tensor:
    """``input`` with the slices of ``source`` (times ``alpha``) added at the 1-D
    ``index`` along ``dim``, as ``torch.index_add``; repeated indices accumulate.

    >>> import ad_core, ad_ops as F
    >>> F.index_add(ad_core.zeros(3, 2), 0, ad_core.tensor([0, 0, 2]), ad_core.ones(3, 2))
    tensor([[2., 2.],
            [0., 0.],
            [1., 1.]])
    """
    t, src = lift((input, source))
    idx = _indices("index_add", index)
    d = normalize_dim("index_add", dim, t.ndim)
    if idx.ndim > 1:
        raise ValueError(f"index_add: index must be 0-d or 1-D, got shape {idx.shape}")
    idx = idx.reshape(-1)
    expected = (*t.shape[:d], idx.size, *t.shape[d + 1 :]) if t.ndim else (idx.size,)
    if src.shape != expected and not (t.ndim == 0 and src.ndim == 0 and idx.size == 1):
        raise ValueError(
            f"index_add: source must have shape {expected} for input of shape {t.shape} "
            f"and {idx.size} indices along dim {d}, got {src.shape}"
        )
    size = t.shape[d] if t.ndim else 1
    if idx.size and (idx.min() < -size or idx.max() >= size):
        raise IndexError(
            f"index_add: index out of range for dimension {d} of size {size} "
            f"(got values in [{idx.min()}, {idx.max()}])"
        )
    if alpha != 1:
        src = src * alpha
    if t.ndim == 0:
        return t + src.sum()
    return t + IndexAdd.apply(src, shape=t.shape, index=(*(slice(None),) * d, idx))
