"""Linear: shapes, PyTorch initialisation, values and gradients."""

import math

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def test_shapes_init_bounds_and_repr() -> None:
    nn.manual_seed(0)
    layer = nn.Linear(16, 300)
    assert layer.weight.shape == (300, 16) and layer.bias is not None
    assert layer.bias.shape == (300,)
    assert layer.weight.dtype == np.float32
    bound = 1 / math.sqrt(16)
    assert np.abs(layer.weight.array).max() <= bound
    assert np.abs(layer.weight.array).max() > 0.95 * bound
    assert np.abs(layer.bias.array).max() <= bound
    assert repr(layer) == "Linear(in_features=16, out_features=300, bias=True)"
    assert list(layer.state_dict()) == ["weight", "bias"]


def test_seeded_init_is_reproducible() -> None:
    nn.manual_seed(3)
    a = nn.Linear(4, 5)
    nn.manual_seed(3)
    b = nn.Linear(4, 5)
    np.testing.assert_array_equal(a.weight.array, b.weight.array)


def test_forward_value_and_gradients() -> None:
    layer = nn.Linear(3, 2, dtype=np.float64)
    layer.load_state_dict(
        {"weight": np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]]), "bias": np.array([0.5, -0.5])}
    )
    x = ad_core.tensor(np.array([[1.0, 1.0, 1.0], [2.0, 0.0, -1.0]]), requires_grad=True)
    y = layer(x)
    np.testing.assert_allclose(y.array, [[6.5, -0.5], [-0.5, -1.5]])
    y.sum().backward()
    assert layer.weight.grad is not None and layer.bias is not None
    assert layer.bias.grad is not None and x.grad is not None
    np.testing.assert_allclose(layer.weight.grad.array, [[3.0, 1.0, 0.0], [3.0, 1.0, 0.0]])
    np.testing.assert_allclose(layer.bias.grad.array, [2.0, 2.0])
    np.testing.assert_allclose(x.grad.array, [[1.0, 1.0, 4.0], [1.0, 1.0, 4.0]])


def test_gradcheck_batched_3d_input() -> None:
    layer = nn.Linear(3, 2).double()
    x = ad_core.tensor(np.random.default_rng(0).standard_normal((2, 4, 3)), requires_grad=True)
    assert ad_core.gradcheck(lambda t, w, b: layer(t), [x, layer.weight, layer.bias])


def test_no_bias() -> None:
    layer = nn.Linear(3, 2, bias=False)
    assert layer.bias is None and [n for n, _ in layer.named_parameters()] == ["weight"]
    assert repr(layer).endswith("bias=False)")
    np.testing.assert_allclose(layer(ad_core.zeros(1, 3)).array, [[0.0, 0.0]])


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="in_features"):
        nn.Linear(-1, 2)
    with pytest.raises(ValueError, match="cpu"):
        nn.Linear(1, 2, device="cuda")
