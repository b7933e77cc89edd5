"""``scaled_dot_product_attention``: ``softmax(q kᵀ · scale + mask) v`` as one
fused ``Function``.

The forward pass computes the scores with one batched matrix product on the
inputs as they are laid out (transposed and strided views go to BLAS without
a copy), masks them in place, runs the softmax in place on that same array and
multiplies by ``v``. Backward uses the saved probabilities once and the
identity ``rowsum(dP ∘ P) = rowsum(dO ∘ O)``, so it needs no second array of
the scores' size beyond the gradient of the scores itself.

When the backward pass is itself recorded (``create_graph=True``) the gradient
is instead that of the same computation written with Tensor operations, so
gradients of gradients are exact.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

import ad_core
from ad_core import Function, NDArray, Tensor, TensorLike, broadcast_shapes, lift

from .indexing import masked_fill
from .shape import unsqueeze
from .softmax import softmax


@lru_cache(maxsize=16)
def _future(queries: int, keys: int) -> NDArray:
    """True above the diagonal: the keys a causal query may not see (read-only)."""
    blocked = ~np.tri(queries, keys, dtype=np.bool_)
    blocked.flags.writeable = False
    return blocked


def _swap(a: NDArray) -> NDArray:
    return np.swapaxes(a, -1, -2)


class ScaledDotProductAttention(Function):
    """``softmax(q kᵀ · scale + mask) v`` over the last two dimensions; the
    leading (batch, head) dimensions of the inputs broadcast.

    Inputs ``(q, k, v)`` and, optionally, an additive float mask. Parameters:
    ``allowed`` (a boolean mask, True where a query may attend, or None),
    ``causal``, ``scale`` and ``dropout_p``.

    Memory kept for backward: the attention probabilities (one array of the
    scores' shape ``(..., L, S)``), the dropout mask (booleans of that shape)
    only when ``dropout_p > 0``, and the output, which the caller holds anyway;
    ``q``, ``k`` and ``v`` are the inputs themselves. Backward allocates one
    more array of the scores' shape (their gradient), two with dropout.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> q = k = np.zeros((1, 2, 1))
    >>> v = np.array([[[1.0], [3.0]]])
    >>> ScaledDotProductAttention.apply(q, k, v, allowed=None, causal=False, scale=1.0,
    ...                                 dropout_p=0.0).array.ravel().tolist()
    [2.0, 2.0]
    """

    probs: NDArray | None = None
    keep: NDArray | None = None
    dead: NDArray | None = None
    out: NDArray | None = None

    def forward(
        self,
        q: NDArray,
        k: NDArray,
        v: NDArray,
        *mask: NDArray,
        allowed: NDArray | None,
        causal: bool,
        scale: float,
        dropout_p: float,
    ) -> NDArray:
        self.allowed, self.causal, self.scale = allowed, causal, scale
        scores = np.matmul(q, _swap(k))
        scores *= scale
        if mask:
            scores += mask[0]
        if allowed is not None:
            np.copyto(scores, -np.inf, where=~allowed)
        if causal:
            np.copyto(scores, -np.inf, where=_future(*scores.shape[-2:]))
        # The softmax, in place on the scores. (fmax reduces short rows ~1.6x faster
        # than max; a NaN in a row still makes the whole row NaN below.)
        peak = np.fmax.reduce(scores, axis=-1, keepdims=True)
        dead = np.isneginf(peak)
        if dead.any():
            # Rows with nothing to attend to give zeros, as in PyTorch.
            self.dead = dead
            peak[dead] = 0
        scores -= peak
        np.exp(scores, out=scores)
        total = scores.sum(axis=-1, keepdims=True)
        if self.dead is not None:
            total[dead] = 1
        scores /= total
        self.probs = scores
        if dropout_p > 0:
            draws = ad_core.default_generator().random(scores.shape, dtype=scores.dtype)
            self.keep = draws >= dropout_p
            self.factor = 1.0 / (1.0 - dropout_p) if dropout_p < 1 else 0.0
        out = np.matmul(self._weights(scores), v)
        self.out = out
        return np.asarray(out)

    def _weights(self, probs: NDArray) -> NDArray:
        """The probabilities after dropout."""
        if self.keep is None:
            return probs
        weights = probs * self.keep
        weights *= self.factor
        return weights

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        if ad_core.is_grad_enabled():
            return self._recorded_backward(grad)
        assert self.inputs is not None and self.probs is not None and self.out is not None
        q, k, v = (t.array for t in self.inputs[:3])
        need_q, need_k, need_v, *need_mask = self.needs_input_grad
        g, probs = grad.array, self.probs
        grad_v = np.matmul(_swap(self._weights(probs)), g) if need_v else None
        grad_q = grad_k = grad_scores = None
        if need_q or need_k or any(need_mask):
            # d scores = P ∘ (dP - rowsum(dP ∘ P)), and rowsum(dP ∘ P) = rowsum(dO ∘ O).
            grad_scores = np.matmul(g, _swap(v))
            if self.keep is not None:
                grad_scores *= self.keep
                grad_scores *= self.factor
            grad_scores -= np.einsum("...ij,...ij->...i", g, self.out)[..., None]
            grad_scores *= probs
            if need_q:
                grad_q = np.matmul(grad_scores, k)
                grad_q *= self.scale
            if need_k:
                grad_k = np.matmul(_swap(grad_scores), q)
                grad_k *= self.scale
        grads = [_wrap(grad_q), _wrap(grad_k), _wrap(grad_v)]
        if need_mask:
            grads.append(_wrap(grad_scores))
        return tuple(grads)

    def _recorded_backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        """The gradient as a graph: differentiate the composed computation."""
        inputs = self.inputs
        assert inputs is not None
        wanted = [t for t, need in zip(inputs, self.needs_input_grad, strict=True) if need]
        out = self._composed(*inputs)
        found = iter(ad_core.grad(out, wanted, grad, create_graph=True, allow_unused=True))
        return tuple(next(found) if need else None for need in self.needs_input_grad)

    def _composed(self, q: Tensor, k: Tensor, v: Tensor, *mask: Tensor) -> Tensor:
        """The forward pass in Tensor operations, with this node's dropout mask."""
        scores = (q @ k.mT) * self.scale
        if mask:
            scores = scores + mask[0]
        if self.allowed is not None:
            scores = masked_fill(scores, ~self.allowed, -math.inf)
        if self.causal:
            scores = masked_fill(scores, _future(*scores.shape[-2:]), -math.inf)
        if self.dead is not None:
            scores = masked_fill(scores, self.dead, 0.0)
        probs = softmax(scores, dim=-1)
        if self.dead is not None:
            probs = masked_fill(probs, self.dead, 0.0)
        if self.keep is not None:
            probs = probs * Tensor._wrap((self.keep * self.factor).astype(probs.dtype))
        return probs @ v

    def release(self) -> None:
        super().release()
        self.probs = self.keep = self.out = None


def _wrap(array: NDArray | None) -> Tensor | None:
    return None if array is None else Tensor._wrap(array)


def scaled_dot_product_attention(
    query: TensorLike,
    key: TensorLike,
    value: TensorLike,
    attn_mask: TensorLike | None = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """Attention ``softmax(query keyᵀ · scale + mask) value``, as
    ``torch.nn.functional.scaled_dot_product_attention``.

    Parameters
    ----------
    query : Tensor
        ``(..., L, E)``.
    key : Tensor
        ``(..., S, E)``.
    value : Tensor
        ``(..., S, Ev)``. The leading dimensions of the three broadcast.
    attn_mask : Tensor, optional
        Broadcastable to ``(..., L, S)``. Boolean: True where a query may
        attend to a key (the opposite of ``MultiheadAttention``'s boolean
        masks, as in PyTorch). Floating: added to the scores (``-inf``
        blocks); it receives a gradient when it requires one.
    dropout_p : float
        Probability of zeroing an attention weight (the rest scaled by
        ``1 / (1 - dropout_p)``), drawn from ``ad_core.default_generator()``;
        applied whenever it is positive, as in PyTorch (pass 0 in evaluation).
    is_causal : bool
        Let query ``i`` attend to keys ``j <= i`` only (the lower triangle of
        an ``L x S`` matrix, aligned top-left). An error together with
        ``attn_mask``, as PyTorch documents.
    scale : float, optional
        Defaults to ``1 / sqrt(E)``.
    enable_gqa : bool
        Grouped-query attention: ``query`` may have a multiple of the heads
        (dimension -3) of ``key`` and ``value``; each key/value head serves
        that many consecutive query heads.

    Returns
    -------
    Tensor
        ``(..., L, Ev)``. A query whose every key is masked out gets zeros
        (and zero gradients), as PyTorch returns.

    Notes
    -----
    One graph node. It keeps the attention probabilities (one array of shape
    ``(..., L, S)``) for backward, plus a boolean dropout mask of that shape
    when ``dropout_p > 0``; it never keeps the scores and the probabilities
    both.

    Examples
    --------
    >>> import ad_core, ad_ops as F
    >>> q = ad_core.tensor([[[1.0, 0.0], [0.0, 1.0]]])
    >>> v = ad_core.tensor([[[1.0, 2.0], [3.0, 4.0]]])
    >>> F.scaled_dot_product_attention(q, q, v, is_causal=True)
    tensor([[[1.0000, 2.0000],
             [2.3395, 3.3395]]])
    """
    op = "scaled_dot_product_attention"
    q, k, v = lift((query, key, value))
    if q.ndim < 2 or k.ndim < 2 or v.ndim < 2:
        raise ValueError(
            f"{op}: expected query, key and value of at least 2 dimensions, got shapes "
            f"{q.shape}, {k.shape} and {v.shape}"
        )
    if q.dtype.kind != "f" or not q.dtype == k.dtype == v.dtype:
        raise TypeError(
            f"{op}: expected query, key and value of one floating dtype, got {q.dtype}, "
            f"{k.dtype} and {v.dtype}"
        )
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(
            f"{op}: expected query (..., L, E), key (..., S, E) and value (..., S, Ev), "
            f"got shapes {q.shape}, {k.shape} and {v.shape}"
        )
    if isinstance(dropout_p, bool) or not 0.0 <= dropout_p <= 1.0:
        raise ValueError(
            f"{op}: dropout probability has to be between 0 and 1, but got {dropout_p}"
        )
    if is_causal and attn_mask is not None:
        raise RuntimeError(f"{op}: explicit attn_mask should not be set when is_causal=True")
    queries, keys = q.shape[-2], k.shape[-2]
    groups = _groups(op, q, k, v) if enable_gqa else 1
    # Under grouped-query attention key and value count as having the query's heads.
    kv_batch = [t.shape[:-2] if groups == 1 else (*t.shape[:-3], q.shape[-3]) for t in (k, v)]
    scores_shape = (*broadcast_shapes(op, q.shape[:-2], *kv_batch), queries, keys)
    if groups > 1:
        # Each key/value head serves `groups` consecutive query heads: a broadcast, not a copy.
        q = q.reshape(*q.shape[:-3], k.shape[-3], groups, queries, q.shape[-1])
        k, v = unsqueeze(k, -3), unsqueeze(v, -3)
    extra: tuple[Tensor, ...] = ()
    allowed = None
    if attn_mask is not None:
        mask = attn_mask if isinstance(attn_mask, Tensor) else Tensor._wrap(np.asarray(attn_mask))
        if not _broadcasts(mask.shape, scores_shape):
            raise ValueError(
                f"{op}: attn_mask of shape {mask.shape} cannot be broadcast to the scores' "
                f"shape {scores_shape}"
            )
        if groups > 1:
            mask = _grouped_mask(mask, groups)
        if mask.dtype == np.bool_:
            allowed = mask.array
        elif mask.dtype.kind == "f":
            extra = (mask if mask.dtype == q.dtype else mask.astype(q.dtype),)
        else:
            raise TypeError(f"{op}: expected a bool or floating attn_mask, got dtype {mask.dtype}")
    out = ScaledDotProductAttention.apply(
        q,
        k,
        v,
        *extra,
        allowed=allowed,
        causal=bool(is_causal),
        scale=1.0 / math.sqrt(q.shape[-1]) if scale is None else float(scale),
        dropout_p=float(dropout_p),
    )
    if groups > 1:
        out = out.reshape(*out.shape[:-4], -1, queries, out.shape[-1])
    return out


def _groups(op: str, q: Tensor, k: Tensor, v: Tensor) -> int:
    """How many query heads share one key/value head (``enable_gqa``)."""
    if q.ndim < 3 or k.ndim < 3 or v.ndim < 3 or k.shape[-3] != v.shape[-3]:
        raise ValueError(
            f"{op}: enable_gqa needs query, key and value with a head dimension (-3), equal "
            f"for key and value; got shapes {q.shape}, {k.shape} and {v.shape}"
        )
    heads, kv_heads = q.shape[-3], k.shape[-3]
    if kv_heads == 0 or heads % kv_heads:
        raise ValueError(
            f"{op}: the {kv_heads} key/value heads must divide the {heads} query heads"
        )
    return heads // kv_heads


def _grouped_mask(mask: Tensor, groups: int) -> Tensor:
    """A mask over ``(..., H, L, S)`` reshaped to the grouped ``(..., H/g, g, L, S)``."""
    if mask.ndim < 3:
        return mask
    heads = mask.shape[-3]
    lead, tail = mask.shape[:-3], mask.shape[-2:]
    if heads == 1:
        return mask.reshape(*lead, 1, 1, *tail)
    if heads % groups:
        raise ValueError(
            f"scaled_dot_product_attention: attn_mask with {heads} heads does not match "
            f"{groups} query heads per key/value head"
        )
    return mask.reshape(*lead, heads // groups, groups, *tail)


def _broadcasts(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    """Whether ``shape`` broadcasts to ``target`` without changing it."""
    try:
        return tuple(np.broadcast_shapes(shape, target)) == target
    except ValueError:
        return False
