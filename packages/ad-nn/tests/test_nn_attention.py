"""MultiheadAttention: parameters and state_dict keys, initialisation, the two
computation paths (with and without weights), masks, layouts, gradients, errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_nn as nn
import ad_ops as F
from ad_core import Tensor

E, H, L, S, N = 8, 2, 4, 5, 3
RNG = np.random.default_rng(0)


def data(*shape: int) -> Tensor:
    return ad_core.tensor(RNG.standard_normal(shape), requires_grad=True)


def mha(**kwargs: Any) -> nn.MultiheadAttention:
    nn.manual_seed(0)
    return nn.MultiheadAttention(E, H, dtype=np.float64, **kwargs)


def reference(m: nn.MultiheadAttention, q: Tensor, k: Tensor, v: Tensor, blocked: Any) -> Any:
    """Seq-first attention written head by head in NumPy (blocked: True = masked)."""
    assert m.in_proj_weight is not None and m.in_proj_bias is not None
    w, b = m.in_proj_weight.array, m.in_proj_bias.array
    qp, kp, vp = (
        x.array @ w[i * E : (i + 1) * E].T + b[i * E : (i + 1) * E] for i, x in enumerate((q, k, v))
    )
    out = np.zeros(qp.shape)
    d = E // H
    for n in range(qp.shape[1]):
        for h in range(H):
            cols = slice(h * d, (h + 1) * d)
            scores = qp[:, n, cols] @ kp[:, n, cols].T / np.sqrt(d)
            scores = np.where(blocked[n] if blocked.ndim == 3 else blocked, -np.inf, scores)
            p = np.exp(scores - scores.max(-1, keepdims=True))
            out[:, n, cols] = (p / p.sum(-1, keepdims=True)) @ vp[:, n, cols]
    assert m.out_proj.bias is not None
    return out @ m.out_proj.weight.array.T + m.out_proj.bias.array


def test_parameters_state_dict_and_initialisation() -> None:
    m = mha()
    assert list(m.state_dict()) == [
        "in_proj_weight",
        "in_proj_bias",
        "out_proj.weight",
        "out_proj.bias",
    ]
    assert m.in_proj_weight is not None and m.in_proj_weight.shape == (3 * E, E)
    bound = np.sqrt(6 / (E + 3 * E))
    assert np.abs(m.in_proj_weight.array).max() <= bound
    assert m.in_proj_bias is not None and not m.in_proj_bias.array.any()
    assert m.out_proj.bias is not None and not m.out_proj.bias.array.any()
    separate = mha(kdim=3, vdim=5, add_bias_kv=True, bias=False)
    assert list(separate.state_dict()) == [
        "q_proj_weight",
        "k_proj_weight",
        "v_proj_weight",
        "bias_k",
        "bias_v",
        "out_proj.weight",
    ]
    assert separate.k_proj_weight is not None and separate.k_proj_weight.shape == (E, 3)
    assert separate.bias_k is not None and separate.bias_k.shape == (1, 1, E)
    assert mha().bias_k is None and mha().head_dim == E // H


@pytest.mark.parametrize("need_weights", [False, True])
def test_output_matches_a_per_head_reference(need_weights: bool) -> None:
    m = mha()
    q, k, v = data(L, N, E), data(S, N, E), data(S, N, E)
    pad = np.arange(S) >= np.array([[5], [3], [4]])
    attn = RNG.random((L, S)) > 0.8
    attn[:, 0] = False
    padding = ad_core.tensor(pad)
    out, weights = m(q, k, v, padding, need_weights=need_weights, attn_mask=attn)
    blocked = attn[None] | pad[:, None, :]
    np.testing.assert_allclose(out.array, reference(m, q, k, v, blocked), atol=1e-12)
    assert (weights is None) is not need_weights
    if weights is not None:
        assert weights.shape == (N, L, S)
        np.testing.assert_allclose(weights.array.sum(-1), 1.0)
        np.testing.assert_array_equal(weights.array[np.broadcast_to(blocked, weights.shape)], 0)


def test_both_paths_give_the_same_output_and_gradients() -> None:
    x = data(N, L, E)
    mask = RNG.standard_normal((N * H, L, L))
    grads = []
    for need_weights in (False, True):
        m = mha(batch_first=True)
        out, _ = m(x, x, x, attn_mask=mask, need_weights=need_weights)
        (out * out).sum().backward()
        assert m.in_proj_weight is not None and m.in_proj_weight.grad is not None
        grads.append((out.array, m.in_proj_weight.grad.array))
        x.grad = None
    np.testing.assert_allclose(grads[0][0], grads[1][0], atol=1e-12)
    np.testing.assert_allclose(grads[0][1], grads[1][1], atol=1e-12)


def test_batch_first_and_unbatched_agree_with_seq_first() -> None:
    q, k = data(L, N, E), data(S, N, E)
    out, w = mha()(q, k, k, average_attn_weights=False)
    qt, kt = F.transpose(q, 0, 1), F.transpose(k, 0, 1)
    first, w_first = mha(batch_first=True)(qt, kt, kt, average_attn_weights=False)
    np.testing.assert_allclose(F.transpose(first, 0, 1).array, out.array, atol=1e-12)
    assert w is not None and w_first is not None and w.shape == (N, H, L, S)
    np.testing.assert_allclose(w_first.array, w.array, atol=1e-12)
    single, w_single = mha()(q[:, 1], k[:, 1], k[:, 1])
    np.testing.assert_allclose(single.array, out.array[:, 1], atol=1e-12)
    assert w_single is not None and w_single.shape == (L, S)


def test_causal_hint_bias_kv_zero_attn_and_dropout() -> None:
    x = data(L, N, E)
    causal = nn.Transformer.generate_square_subsequent_mask(L, dtype=np.float64)
    plain = mha()
    hinted, _ = plain(x, x, x, attn_mask=causal, is_causal=True, need_weights=False)
    explicit, _ = plain(x, x, x, attn_mask=causal, need_weights=False)
    np.testing.assert_allclose(hinted.array, explicit.array, atol=1e-12)
    m = mha(add_bias_kv=True, add_zero_attn=True, dropout=0.5)
    m.eval()
    explicit, _ = m(x, x, x, attn_mask=causal, need_weights=False)
    m.train()
    ad_core.manual_seed(0)
    dropped, weights = m(x, x, x)
    assert weights is not None and weights.shape == (N, L, L + 2)
    assert not np.allclose(dropped.array, explicit.array)
    assert ad_core.gradcheck(
        lambda t: mha(add_bias_kv=True, add_zero_attn=True)(t, t, t, need_weights=False)[0],
        [data(3, 2, E)],
    )


def test_errors_name_the_module() -> None:
    with pytest.raises(ValueError, match="divisible by num_heads"):
        nn.MultiheadAttention(6, 4)
    with pytest.raises(ValueError, match="greater than 0"):
        nn.MultiheadAttention(0, 1)
    m = mha()
    x = data(L, N, E)
    with pytest.raises(ValueError, match="expected query of size 8"):
        m(data(L, N, 4), x, x)
    with pytest.raises(ValueError, match="key and value of 3 dimensions"):
        m(x, data(L, E), x)
    with pytest.raises(ValueError, match="key_padding_mask of shape"):
        m(x, x, x, key_padding_mask=ad_core.zeros(L, N, dtype=np.float64))
    with pytest.raises(ValueError, match="attn_mask of shape"):
        m(x, x, x, attn_mask=ad_core.zeros(N, L, L, dtype=np.float64))
    with pytest.raises(TypeError, match="bool and floating"):
        m(x, x, x, attn_mask=ad_core.tensor(np.zeros((L, L), dtype=np.int64)))
    with pytest.raises(RuntimeError, match="need attn_mask"):
        m(x, x, x, is_causal=True)
