"""TransformerEncoderLayer and TransformerDecoderLayer: structure, the residual
blocks in both orders, activations, masks, gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_nn as nn
import ad_ops as F
from ad_core import Tensor

E, H, FF = 8, 2, 16
RNG = np.random.default_rng(1)


def data(*shape: int) -> Tensor:
    return ad_core.tensor(RNG.standard_normal(shape), requires_grad=True)


def test_encoder_layer_is_attention_then_feed_forward() -> None:
    nn.manual_seed(0)
    layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, dtype=np.float64)
    children = [
        "self_attn",
        "linear1",
        "dropout",
        "linear2",
        "norm1",
        "norm2",
        "dropout1",
        "dropout2",
    ]
    assert [name for name, _ in layer.named_children()] == children
    x = data(5, 3, E)
    attended = layer.norm1(x + layer.self_attn(x, x, x, need_weights=False)[0])
    expected = layer.norm2(attended + layer.linear2(F.relu(layer.linear1(attended))))
    np.testing.assert_allclose(layer(x).array, expected.array, atol=1e-12)
    layer.norm_first = True
    pre = x + layer.self_attn(*(layer.norm1(x),) * 3, need_weights=False)[0]
    pre = pre + layer.linear2(F.relu(layer.linear1(layer.norm2(pre))))
    np.testing.assert_allclose(layer(x).array, pre.array, atol=1e-12)


def test_decoder_layer_attends_to_memory() -> None:
    nn.manual_seed(0)
    layer = nn.TransformerDecoderLayer(E, H, FF, dropout=0.0, batch_first=True, dtype=np.float64)
    tgt, memory = data(3, 4, E), data(3, 6, E)
    out = layer(tgt, memory)
    assert out.shape == (3, 4, E)
    changed = layer(tgt, memory * 2.0)
    assert not np.allclose(out.array, changed.array)
    # A causal target mask: the first position sees only itself.
    causal = nn.Transformer.generate_square_subsequent_mask(4, dtype=np.float64)
    masked = layer(tgt, memory, tgt_mask=causal, tgt_is_causal=True)
    alone = layer(tgt[:, :1], memory)
    np.testing.assert_allclose(masked.array[:, 0], alone.array[:, 0], atol=1e-12)
    assert ad_core.gradcheck(
        lambda t, m: layer(t, m, tgt_mask=causal), [data(2, 4, E), data(2, 3, E)]
    )


def test_activations_and_errors() -> None:
    gelu = nn.TransformerEncoderLayer(E, H, FF, activation="gelu")
    assert gelu.activation is F.gelu
    module = nn.GELU(approximate="tanh")
    custom = nn.TransformerDecoderLayer(E, H, FF, activation=module)
    assert custom.activation is module and "activation" in dict(custom.named_children())
    assert nn.TransformerEncoderLayer(E, H).linear1.out_features == 2048
    no_bias = nn.TransformerEncoderLayer(E, H, FF, bias=False)
    assert no_bias.norm1.bias is None and no_bias.linear1.bias is None
    with pytest.raises(ValueError, match="relu/gelu"):
        nn.TransformerEncoderLayer(E, H, activation="tanh")
    with pytest.raises(TypeError, match="callable"):
        nn.TransformerDecoderLayer(E, H, activation=3)  # type: ignore[arg-type]


def test_dropout_acts_in_training_only() -> None:
    layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.5)
    x = ad_core.randn(4, 2, E)
    layer.eval()
    np.testing.assert_array_equal(layer(x).array, layer(x).array)
    layer.train()
    assert not np.array_equal(layer(x).array, layer(x).array)
