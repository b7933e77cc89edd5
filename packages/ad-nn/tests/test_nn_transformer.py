"""TransformerEncoder, TransformerDecoder and Transformer: stacks of independent
copies, the final norm, causal-mask detection, the whole model, errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_nn as nn
from ad_nn.transformer import _detect_is_causal_mask

E, H, FF = 8, 2, 16


def small(**kwargs: Any) -> nn.Transformer:
    nn.manual_seed(0)
    return nn.Transformer(E, H, 2, 1, FF, dropout=0.0, dtype=np.float64, **kwargs)


def test_generate_square_subsequent_mask() -> None:
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    assert mask.dtype == np.float32
    np.testing.assert_array_equal(mask.array, [[0, -np.inf, -np.inf], [0, 0, -np.inf], [0, 0, 0]])
    assert nn.Transformer.generate_square_subsequent_mask(2, dtype=np.float64).dtype == np.float64


def test_causal_detection_follows_pytorch() -> None:
    causal = nn.Transformer.generate_square_subsequent_mask(4)
    assert _detect_is_causal_mask(causal, None, 4)
    assert not _detect_is_causal_mask(causal, None, 5)
    assert not _detect_is_causal_mask(causal, False, 4)
    assert _detect_is_causal_mask(None, True, 4)
    assert not _detect_is_causal_mask(ad_core.zeros(4, 4), None, 4)


def test_stacks_are_independent_copies_with_a_final_norm() -> None:
    layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0)
    encoder = nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(E), enable_nested_tensor=False)
    assert len(encoder.layers) == 3 and encoder.num_layers == 3
    first, second = encoder.layers[0], encoder.layers[1]
    assert isinstance(first, nn.TransformerEncoderLayer)
    assert isinstance(second, nn.TransformerEncoderLayer)
    assert first.linear1.weight is not second.linear1.weight
    np.testing.assert_array_equal(first.linear1.weight.array, second.linear1.weight.array)
    assert len(encoder.state_dict()) == 3 * len(layer.state_dict()) + 2
    x = ad_core.randn(5, 2, E)
    out = x
    for block in encoder.layers:
        out = block(out)
    assert encoder.norm is not None
    np.testing.assert_allclose(encoder(x).array, encoder.norm(out).array, atol=1e-6)


def test_transformer_structure_and_initialisation() -> None:
    model = nn.Transformer()
    assert (model.d_model, model.nhead, model.batch_first) == (512, 8, False)
    assert isinstance(model.encoder, nn.TransformerEncoder)
    assert isinstance(model.decoder, nn.TransformerDecoder)
    assert len(model.encoder.layers) == 6 and len(model.decoder.layers) == 6
    names = [n for n, _ in small().named_parameters()]
    assert names[0] == "encoder.layers.0.self_attn.in_proj_weight"
    assert "decoder.layers.0.multihead_attn.out_proj.weight" in names
    assert names[-2:] == ["decoder.norm.weight", "decoder.norm.bias"]
    # Xavier-uniform on every matrix: linear1 (16, 8) is bounded by sqrt(6 / 24).
    weight = small().encoder.get_parameter("layers.0.linear1.weight")
    assert np.abs(weight.array).max() <= np.sqrt(6 / (E + FF))


def test_transformer_forward_causal_target_and_gradients() -> None:
    model = small(batch_first=True)
    src = ad_core.tensor(np.random.default_rng(0).standard_normal((2, 5, E)))
    tgt = ad_core.tensor(np.random.default_rng(1).standard_normal((2, 4, E)), requires_grad=True)
    mask = nn.Transformer.generate_square_subsequent_mask(4, dtype=np.float64)
    out = model(src, tgt, tgt_mask=mask)
    assert out.shape == (2, 4, E)
    # Later target positions cannot change earlier outputs.
    later = ad_core.tensor(tgt.array.copy())
    later.array[:, 2:] += 1.0
    shifted = model(src, later, tgt_mask=mask)
    np.testing.assert_allclose(shifted.array[:, :2], out.array[:, :2], atol=1e-12)
    out.sum().backward()
    assert tgt.grad is not None and np.isfinite(tgt.grad.array).all()
    assert ad_core.gradcheck(
        lambda t: model(src[:1], t, tgt_mask=mask),
        [ad_core.tensor(tgt.array[:1], requires_grad=True)],
    )


def test_errors() -> None:
    model = small()
    with pytest.raises(ValueError, match="batch number"):
        model(ad_core.randn(5, 2, E).double(), ad_core.randn(4, 3, E).double())
    with pytest.raises(ValueError, match="d_model=8"):
        model(ad_core.randn(5, 2, 4).double(), ad_core.randn(4, 2, 4).double())
