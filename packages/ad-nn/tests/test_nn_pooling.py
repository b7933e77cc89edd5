"""Pooling modules: values, defaults and gradients."""

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def test_max_and_avg_pool2d_values() -> None:
    x = ad_core.arange(16.0).reshape(1, 1, 4, 4)
    np.testing.assert_allclose(nn.MaxPool2d(2)(x).array, [[[[5.0, 7.0], [13.0, 15.0]]]])
    np.testing.assert_allclose(nn.AvgPool2d(2)(x).array, [[[[2.5, 4.5], [10.5, 12.5]]]])
    assert nn.MaxPool2d(3, stride=1)(x).shape == (1, 1, 2, 2)
    assert nn.AvgPool2d(2, padding=1)(x).shape == (1, 1, 3, 3)
    assert repr(nn.AvgPool2d(2)) == "AvgPool2d(kernel_size=2, stride=2, padding=0)"


def test_pool1d_values_and_gradient() -> None:
    x = ad_core.tensor(np.array([[[1.0, 3.0, 2.0, 0.0]]]), requires_grad=True)
    y = nn.MaxPool1d(2)(x)
    np.testing.assert_allclose(y.array, [[[3.0, 2.0]]])
    y.sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.array, [[[0.0, 1.0, 1.0, 0.0]]])
    np.testing.assert_allclose(nn.AvgPool1d(2)(x).array, [[[2.0, 1.0]]])


def test_adaptive_avg_pool2d_uneven_bins() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 5, 7))
    y = nn.AdaptiveAvgPool2d((2, 3))(ad_core.tensor(x)).array
    rows = [(0, 3), (2, 5)]
    cols = [(0, 3), (2, 5), (4, 7)]
    for i, (r0, r1) in enumerate(rows):
        for j, (c0, c1) in enumerate(cols):
            np.testing.assert_allclose(y[:, :, i, j], x[:, :, r0:r1, c0:c1].mean(axis=(2, 3)))
    np.testing.assert_allclose(
        nn.AdaptiveAvgPool2d(1)(ad_core.tensor(x)).array, x.mean(axis=(2, 3), keepdims=True)
    )
    assert nn.AdaptiveAvgPool2d((None, 2))(ad_core.tensor(x)).shape == (2, 3, 5, 2)
    assert nn.AdaptiveAvgPool1d(3)(ad_core.tensor(x[0])).shape == (3, 5, 3)


def test_adaptive_avg_pool_gradcheck() -> None:
    x = ad_core.tensor(np.random.default_rng(1).standard_normal((1, 2, 5, 4)), requires_grad=True)
    assert ad_core.gradcheck(nn.AdaptiveAvgPool2d((3, 3)), [x])


def test_pool_errors() -> None:
    with pytest.raises(NotImplementedError, match="return_indices"):
        nn.MaxPool2d(2, return_indices=True)
    with pytest.raises(ValueError, match="dimensions"):
        nn.AdaptiveAvgPool2d(2)(ad_core.zeros(4, 4))
    with pytest.raises(ValueError, match="positive"):
        nn.AdaptiveAvgPool2d(0)(ad_core.zeros(1, 4, 4))
