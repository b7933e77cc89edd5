"""LayerNorm and GroupNorm: values against NumPy and gradients."""

import numpy as np
import pytest

import ad_core
import ad_nn as nn


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
