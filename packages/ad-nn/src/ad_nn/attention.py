"""``MultiheadAttention``: projections, heads and masks around
``scaled_dot_product_attention``, as ``torch.nn.MultiheadAttention``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import ad_ops as F
from ad_core import DTypeLike, NDArray, Tensor, get_default_dtype

from . import init
from .linear import Linear
from .module import Module
from .parameter import Parameter


class MultiheadAttention(Module):
    """Attention of ``num_heads`` heads over projected queries, keys and values,
    as ``torch.nn.MultiheadAttention``: the same parameters, state_dict keys,
    initialisation, masks and outputs.

    Parameters
    ----------
    embed_dim : int
        Size of each query (and of the output); split among the heads.
    num_heads : int
        Number of heads; must divide ``embed_dim``.
    dropout : float
        Dropout on the attention weights in training mode.
    bias : bool
        Learn ``in_proj_bias`` and ``out_proj.bias`` (both start at zero).
    add_bias_kv : bool
        Learn ``bias_k`` and ``bias_v``, appended to the keys and values as
        one more position.
    add_zero_attn : bool
        Append a position of zeros to the keys and values (after the heads
        are split).
    kdim, vdim : int, optional
        Sizes of keys and values (default ``embed_dim``). When either differs,
        the projections are ``q_proj_weight``, ``k_proj_weight`` and
        ``v_proj_weight`` instead of the packed ``in_proj_weight``.
    batch_first : bool
        Inputs and output are ``(N, L, E)`` instead of ``(L, N, E)``.
    device, dtype
        ``None``/``"cpu"`` and the parameters' dtype.

    Notes
    -----
    ``out_proj`` is a plain ``Linear`` (PyTorch's
    ``NonDynamicallyQuantizableLinear`` differs from it only for quantisation).
    Boolean masks given to ``forward`` are True where attention is NOT
    allowed, as in PyTorch (the opposite of ``scaled_dot_product_attention``).
    PyTorch's inference fast path (nested tensors) has no counterpart: every
    call computes what PyTorch's regular path computes.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> _ = nn.manual_seed(0)
    >>> mha = nn.MultiheadAttention(8, 2, batch_first=True)
    >>> x = ad_core.randn(3, 5, 8)
    >>> out, weights = mha(x, x, x)
    >>> out.shape, weights.shape
    ((3, 5, 8), (3, 5, 5))
    >>> [name for name, _ in mha.named_parameters()]
    ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']
    """

    in_proj_weight: Parameter | None
    q_proj_weight: Parameter | None
    k_proj_weight: Parameter | None
    v_proj_weight: Parameter | None
    in_proj_bias: Parameter | None
    bias_k: Parameter | None
    bias_v: Parameter | None

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        device: str | None = None,
        dtype: DTypeLike | None = None,
    ) -> None:
        super().__init__()
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(
                f"MultiheadAttention: embed_dim and num_heads must be greater than 0, got "
                f"embed_dim={embed_dim} and num_heads={num_heads}"
            )
        if embed_dim % num_heads:
            raise ValueError(
                f"MultiheadAttention: embed_dim ({embed_dim}) must be divisible by "
                f"num_heads ({num_heads})"
            )
        if not 0.0 <= dropout <= 1.0:
            raise ValueError(
                f"MultiheadAttention: dropout probability has to be between 0 and 1, got {dropout}"
            )
        if device is not None and device != "cpu":
            raise ValueError(f"MultiheadAttention: only the 'cpu' device exists, got {device!r}")
        dt = get_default_dtype() if dtype is None else np.dtype(dtype)
        self.embed_dim = embed_dim
        self.kdim = embed_dim if kdim is None else kdim
        self.vdim = embed_dim if vdim is None else vdim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        # Registration order gives PyTorch's state_dict order.
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(np.empty((3 * embed_dim, embed_dim), dtype=dt))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = Parameter(np.empty((embed_dim, embed_dim), dtype=dt))
            self.k_proj_weight = Parameter(np.empty((embed_dim, self.kdim), dtype=dt))
            self.v_proj_weight = Parameter(np.empty((embed_dim, self.vdim), dtype=dt))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(np.empty(3 * embed_dim, dtype=dt))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, device=device, dtype=dt)
        if add_bias_kv:
            self.bias_k = Parameter(np.empty((1, 1, embed_dim), dtype=dt))
            self.bias_v = Parameter(np.empty((1, 1, embed_dim), dtype=dt))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        """PyTorch's initialisation: Xavier-uniform projections, zero biases,
        Xavier-normal ``bias_k``/``bias_v``."""
        for weight in (self.in_proj_weight, self.q_proj_weight, self.k_proj_weight):
            if weight is not None:
                init.xavier_uniform_(weight)
        if self.v_proj_weight is not None:
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.zeros_(self.in_proj_bias)
            if self.out_proj.bias is not None:
                init.zeros_(self.out_proj.bias)
        for extra in (self.bias_k, self.bias_v):
            if extra is not None:
                init.xavier_normal_(extra)

    def forward(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        key_padding_mask: Tensor | None = None,
        need_weights: bool = True,
        attn_mask: Tensor | None = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        """Attend from ``query`` to ``key``/``value``.

        Parameters
        ----------
        query : Tensor
            ``(L, N, E)``, ``(N, L, E)`` with ``batch_first``, or unbatched ``(L, E)``.
        key, value : Tensor
            ``(S, N, kdim)`` / ``(S, N, vdim)`` (batch first or unbatched alike).
        key_padding_mask : Tensor, optional
            ``(N, S)`` (``(S,)`` unbatched): True (or ``-inf``) marks keys to ignore.
        need_weights : bool
            Also return the attention weights. PyTorch then computes the
            attention step by step, and so do we: a query with no key left
            gives NaN there, zeros (before ``out_proj``) otherwise.
        attn_mask : Tensor, optional
            ``(L, S)`` or ``(N * num_heads, L, S)``: True (bool) blocks a
            pair, a float mask is added to the scores.
        average_attn_weights : bool
            Average the returned weights over the heads.
        is_causal : bool
            A hint that ``attn_mask`` is the causal mask (it must be given, as
            in PyTorch); without ``key_padding_mask`` and ``need_weights`` the
            causal pattern is then used instead of reading the mask.

        Returns
        -------
        tuple
            The output, shaped as ``query``, and the weights ``(N, L, S)``
            (``(N, num_heads, L, S)`` unaveraged; no ``N`` unbatched) or None.
        """
        batched = self._check(query, key, value, key_padding_mask, attn_mask)
        if is_causal and attn_mask is None:
            raise RuntimeError(
                "MultiheadAttention: need attn_mask if specifying the is_causal hint; "
                "Transformer.generate_square_subsequent_mask makes one"
            )
        first = self.batch_first or not batched
        if not batched:
            query, key, value = (F.unsqueeze(t, 0) for t in (query, key, value))
            if key_padding_mask is not None:
                key_padding_mask = F.unsqueeze(key_padding_mask, 0)
        q, k, v = self._project(query, key, value)
        masks = _Masks(attn_mask, key_padding_mask, q.shape[0 if first else 1], self.num_heads)
        causal = is_causal and key_padding_mask is None and not need_weights
        if causal:
            masks.attn = None
        if self.bias_k is not None and self.bias_v is not None:
            seq = 1 if first else 0
            shape = (q.shape[0], 1, self.embed_dim) if first else (1, q.shape[1], self.embed_dim)
            k = F.cat([k, F.broadcast_to(self.bias_k, shape)], dim=seq)
            v = F.cat([v, F.broadcast_to(self.bias_v, shape)], dim=seq)
            masks.extend()
        q, k, v = (self._heads(t, first) for t in (q, k, v))
        if self.add_zero_attn:
            zeros = Tensor._wrap(np.zeros((*k.shape[:2], 1, self.head_dim), dtype=k.dtype))
            k = F.cat([k, zeros], dim=2)
            v = F.cat([v, zeros], dim=2)
            masks.extend()
        p = self.dropout if self.training else 0.0
        weights = None
        if need_weights:
            out, weights = _attention_with_weights(q, k, v, masks, p)
            if average_attn_weights:
                weights = F.mean(weights, dim=1)
            if not batched:
                weights = F.squeeze(weights, 0)
        else:
            out = F.scaled_dot_product_attention(q, k, v, masks.merged(), p, is_causal=causal)
        # (N, H, L, D) to the input's layout with the heads joined, then out_proj.
        out = F.permute(out, (0, 2, 1, 3) if first else (2, 0, 1, 3))
        out = self.out_proj(out.reshape(*out.shape[:2], self.embed_dim))
        if not batched:
            out = F.squeeze(out, 0)
        return out, weights

    def _project(self, query: Tensor, key: Tensor, value: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """The three input projections. The packed weight is sliced, not the
        packed output: the gradient of a slice of a weight is small."""
        e = self.embed_dim
        if self.in_proj_weight is not None:
            w = self.in_proj_weight
            weights = (w[:e], w[e : 2 * e], w[2 * e :])
        else:
            assert self.q_proj_weight is not None and self.k_proj_weight is not None
            assert self.v_proj_weight is not None
            weights = (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
        b = self.in_proj_bias
        biases = (None, None, None) if b is None else (b[:e], b[e : 2 * e], b[2 * e :])
        return (
            F.linear(query, weights[0], biases[0]),
            F.linear(key, weights[1], biases[1]),
            F.linear(value, weights[2], biases[2]),
        )

    def _heads(self, x: Tensor, first: bool) -> Tensor:
        """``(N, S, E)`` or ``(S, N, E)`` to ``(N, H, S, D)``: a view, no copy."""
        x = x.reshape(*x.shape[:2], self.num_heads, self.head_dim)
        return F.permute(x, (0, 2, 1, 3) if first else (1, 2, 0, 3))

    def _check(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        key_padding_mask: Tensor | None,
        attn_mask: Tensor | None,
    ) -> bool:
        """PyTorch's shape checks; returns whether the input is batched."""
        op = "MultiheadAttention"
        if query.ndim not in (2, 3):
            raise ValueError(
                f"{op}: query should be unbatched 2-D or batched 3-D, got shape {query.shape}"
            )
        batched = query.ndim == 3
        if key.ndim != query.ndim or value.ndim != query.ndim:
            raise ValueError(
                f"{op}: expected key and value of {query.ndim} dimensions like query, got "
                f"shapes {key.shape} and {value.shape}"
            )
        for name, t, size in (
            ("query", query, self.embed_dim),
            ("key", key, self.kdim),
            ("value", value, self.vdim),
        ):
            if t.shape[-1] != size:
                raise ValueError(f"{op}: expected {name} of size {size}, got shape {t.shape}")
        seq = 1 if self.batch_first and batched else 0
        if key.shape[:-1] != value.shape[:-1] or (
            batched and query.shape[1 - seq] != key.shape[1 - seq]
        ):
            raise ValueError(
                f"{op}: query, key and value must agree in batch size and key and value in "
                f"length, got shapes {query.shape}, {key.shape} and {value.shape}"
            )
        if key_padding_mask is not None:
            expected = (key.shape[1 - seq], key.shape[seq]) if batched else (key.shape[0],)
            if key_padding_mask.shape != expected:
                raise ValueError(
                    f"{op}: expected key_padding_mask of shape {expected}, got "
                    f"{key_padding_mask.shape}"
                )
        if attn_mask is not None:
            length, source = query.shape[seq], key.shape[seq]
            batch = query.shape[1 - seq] if batched else 1
            allowed = [(length, source), (batch * self.num_heads, length, source)]
            if attn_mask.shape not in allowed:
                raise ValueError(
                    f"{op}: expected attn_mask of shape {allowed[0]} or {allowed[1]}, got "
                    f"{attn_mask.shape}"
                )
        return batched


class _Masks:
    """The attention and key padding masks of one call: boolean ones (True
    blocks) kept as arrays, float ones as Tensors (they may carry gradients),
    both shaped to broadcast against scores of ``(N, H, L, S)``."""

    def __init__(self, attn: Tensor | None, padding: Tensor | None, batch: int, heads: int) -> None:
        self.attn = None if attn is None else _checked("attn_mask", attn)
        if self.attn is not None and self.attn.ndim == 3:
            self.attn = self.attn.reshape(batch, heads, *self.attn.shape[1:])
        self.padding = None if padding is None else _checked("key_padding_mask", padding)
        if self.padding is not None:
            self.padding = self.padding.reshape(batch, 1, 1, self.padding.shape[-1])

    def extend(self) -> None:
        """One more key position, open to every query (a bias or zero key)."""
        self.attn = None if self.attn is None else _open_column(self.attn)
        self.padding = None if self.padding is None else _open_column(self.padding)

    def merged(self) -> Tensor | None:
        """One mask for ``scaled_dot_product_attention`` (True there means allowed)."""
        masks = [m for m in (self.attn, self.padding) if m is not None]
        if not masks:
            return None
        if all(m.dtype == np.bool_ for m in masks):
            blocked = masks[0].array if len(masks) == 1 else masks[0].array | masks[1].array
            return Tensor._wrap(~blocked)
        dtype = next(m.dtype for m in masks if m.dtype != np.bool_)
        merged = _additive(masks[0], dtype)
        return merged if len(masks) == 1 else merged + _additive(masks[1], dtype)


def _checked(name: str, mask: Tensor | NDArray) -> Tensor:
    """``mask`` as a Tensor (NumPy arrays are accepted too), once its dtype is checked."""
    if not isinstance(mask, Tensor):
        mask = Tensor._wrap(np.asarray(mask))
    if mask.dtype != np.bool_ and mask.dtype.kind != "f":
        raise TypeError(
            f"MultiheadAttention: only bool and floating types of {name} are supported, "
            f"got {mask.dtype}"
        )
    return mask


def _open_column(mask: Tensor) -> Tensor:
    if mask.dtype == np.bool_:
        widths = [(0, 0)] * (mask.ndim - 1) + [(0, 1)]
        return Tensor._wrap(np.pad(mask.array, widths, constant_values=False))
    return F.pad(mask, (0, 1))


def _additive(mask: Tensor, dtype: np.dtype[Any]) -> Tensor:
    """A boolean mask as ``-inf`` where it blocks and 0 elsewhere; a float one as it is."""
    if mask.dtype != np.bool_:
        return mask
    blocked: NDArray = mask.array
    return Tensor._wrap(np.where(blocked, -np.inf, 0.0).astype(dtype))


def _attention_with_weights(
    q: Tensor, k: Tensor, v: Tensor, masks: _Masks, dropout_p: float
) -> tuple[Tensor, Tensor]:
    """Attention step by step, as PyTorch computes it when the weights are
    wanted: the weights are an output with a gradient of their own."""
    scores = (q * math.sqrt(1.0 / q.shape[-1])) @ k.mT
    for mask in (masks.attn, masks.padding):
        if mask is None:
            continue
        blocks = mask.dtype == np.bool_
        scores = F.masked_fill(scores, mask, -math.inf) if blocks else scores + mask
    weights = F.softmax(scores, dim=-1)
    if dropout_p > 0:
        weights = F.dropout(weights, dropout_p)
    return weights @ v, weights
