"""LayerNorm and GroupNorm: values against NumPy and gradients."""

import numpy as np
import pytest

import ad_core
import ad_nn as nn
import ad_nn.functional as F
from ad_nn.functional.normalization import LayerNorm as LayerNormFunction


def test_layer_norm_values_and_gradcheck() -> None:
    rng = np.random.default_rng(0)
    ln = nn.LayerNorm((2, 3)).double()
    assert ln.weight is not None and ln.bias is not None
    ln.weight.array[...] = rng.standard_normal((2, 3))
    ln.bias.array[...] = rng.standard_normal((2, 3))
    x = rng.standard_normal((4, 2, 3))
    mean = x.mean(axis=(1, 2), keepdims=True)
    var = x.var(axis=(1, 2), keepdims=True)
    expected = (x - mean) / np.sqrt(var + 1e-5) * ln.weight.array + ln.bias.array
    np.testing.assert_allclose(ln(ad_core.tensor(x)).array, expected, atol=1e-12)
    xt = ad_core.tensor(x, requires_grad=True)
    assert ad_core.gradcheck(lambda t, w, b: ln(t), [xt, ln.weight, ln.bias])
    assert repr(ln) == "LayerNorm((2, 3), eps=1e-05, elementwise_affine=True)"


def test_layer_norm_without_affine() -> None:
    ln = nn.LayerNorm(3, elementwise_affine=False)
    assert list(ln.parameters()) == []
    y = ln(ad_core.tensor([[1.0, 2.0, 3.0]])).array
    np.testing.assert_allclose(y.mean(), 0.0, atol=1e-6)
    with pytest.raises(ValueError, match="trailing dimensions"):
        ln(ad_core.zeros(3, 2))


def test_group_norm_values_and_gradcheck() -> None:
    rng = np.random.default_rng(1)
    gn = nn.GroupNorm(2, 4).double()
    assert gn.weight is not None and gn.bias is not None
    gn.weight.array[...] = [1.0, 2.0, 3.0, 4.0]
    x = rng.standard_normal((3, 4, 5))
    g = x.reshape(3, 2, 10)
    norm = ((g - g.mean(2, keepdims=True)) / np.sqrt(g.var(2, keepdims=True) + 1e-5)).reshape(
        3, 4, 5
    )
    expected = norm * np.array([1.0, 2.0, 3.0, 4.0])[None, :, None]
    np.testing.assert_allclose(gn(ad_core.tensor(x)).array, expected, atol=1e-12)
    xt = ad_core.tensor(x, requires_grad=True)
    assert ad_core.gradcheck(lambda t, w, b: gn(t), [xt, gn.weight, gn.bias])


def test_group_norm_errors() -> None:
    with pytest.raises(ValueError, match="divisible"):
        nn.GroupNorm(3, 4)


@pytest.mark.parametrize("affine", ["both", "weight", "bias", "none"])
def test_fused_layer_norm_gradients_of_every_order(affine: str) -> None:
    rng = np.random.default_rng(3)
    x = ad_core.tensor(rng.standard_normal((3, 2, 4)), requires_grad=True)
    w = ad_core.tensor(rng.standard_normal(4), requires_grad=True)
    b = ad_core.tensor(rng.standard_normal(4), requires_grad=True)
    weight = w if affine in ("both", "weight") else None
    bias = b if affine in ("both", "bias") else None
    inputs = [x] + [t for t in (weight, bias) if t is not None]

    def fn(*ts: ad_core.Tensor) -> ad_core.Tensor:
        rest = list(ts[1:])
        wt = rest.pop(0) if weight is not None else None
        return F.layer_norm(ts[0], (4,), wt, rest[0] if rest else None, eps=1e-3)

    assert ad_core.gradcheck(fn, inputs)
    assert ad_core.gradgradcheck(fn, inputs)


def test_fused_layer_norm_keeps_one_normalised_copy() -> None:
    x = ad_core.tensor(np.random.default_rng(4).standard_normal((5, 6)), requires_grad=True)
    out = F.layer_norm(x, (6,))
    node = out.grad_fn
    assert isinstance(node, LayerNormFunction) and node.normalized is not None
    assert node.normalized.shape == (5, 6) and not np.shares_memory(node.normalized, out.array)
    np.testing.assert_allclose(node.normalized.reshape(5, 6), out.array, atol=1e-12)
    (out * out).sum().backward()
    assert saved(node) is None
    assert x.grad is not None and x.grad.shape == (5, 6)


def saved(node: LayerNormFunction) -> object:
    return node.normalized
