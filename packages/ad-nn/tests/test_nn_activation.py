"""Activation modules: values, arguments passed through, reprs."""

import numpy as np
import pytest

import ad_core
import ad_nn as nn

X = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        (nn.ReLU(), np.maximum(X, 0)),
        (nn.LeakyReLU(0.2), np.where(X > 0, X, 0.2 * X)),
        (nn.ELU(0.5), np.where(X > 0, X, 0.5 * (np.exp(X) - 1))),
        (nn.SiLU(), X / (1 + np.exp(-X))),
        (nn.Sigmoid(), 1 / (1 + np.exp(-X))),
        (nn.Tanh(), np.tanh(X)),
        (nn.Softplus(beta=2.0), np.log1p(np.exp(2 * X)) / 2),
        (
            nn.GELU(approximate="tanh"),
            0.5 * X * (1 + np.tanh(np.sqrt(2 / np.pi) * (X + 0.044715 * X**3))),
        ),
    ],
)
def test_values_and_gradcheck(module: nn.Module, expected: np.ndarray) -> None:
    x = ad_core.tensor(X, requires_grad=True)
    np.testing.assert_allclose(module(x).array, expected, rtol=1e-6)
    assert ad_core.gradcheck(module, [ad_core.tensor(X + 0.1, requires_grad=True)])


def test_softmax_modules() -> None:
    x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    e = np.exp(x - x.max(1, keepdims=True))
    p = e / e.sum(1, keepdims=True)
    np.testing.assert_allclose(nn.Softmax(dim=1)(ad_core.tensor(x)).array, p)
    np.testing.assert_allclose(nn.LogSoftmax(dim=-1)(ad_core.tensor(x)).array, np.log(p))
    np.testing.assert_allclose(nn.Softmax()(ad_core.tensor(x)).array, p)
    np.testing.assert_allclose(nn.Softmax(dim=0)(ad_core.tensor(x)).array.sum(0), [1.0] * 3)


def test_reprs() -> None:
    assert repr(nn.ReLU()) == "ReLU()"
    assert repr(nn.LeakyReLU()) == "LeakyReLU(negative_slope=0.01)"
    assert repr(nn.ELU()) == "ELU(alpha=1.0)"
    assert repr(nn.GELU()) == "GELU(approximate='none')"
    assert repr(nn.Softplus()) == "Softplus(beta=1.0, threshold=20.0)"
    assert repr(nn.Softmax(dim=1)) == "Softmax(dim=1)"
    with pytest.raises(ValueError, match="approximate"):
        nn.GELU(approximate="fast")
