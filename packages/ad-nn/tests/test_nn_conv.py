"""Conv1d and Conv2d: parameter shapes, initialisation, values and gradients."""

import math

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def _conv2d_reference(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int, pad: int
) -> np.ndarray:
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    n, _, h, wd = x.shape
    o, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, o, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[:, :, i, j] = np.einsum("nchw,ochw->no", patch, w) + b
    return out


def test_conv2d_shapes_init_repr() -> None:
    conv = nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, groups=2)
    assert conv.weight.shape == (6, 2, 3, 2)
    assert conv.bias is not None and conv.bias.shape == (6,)
    bound = 1 / math.sqrt(2 * 3 * 2)
    assert np.abs(conv.weight.array).max() <= bound
    assert np.abs(conv.bias.array).max() <= bound
    assert repr(conv) == (
        "Conv2d(4, 6, kernel_size=(3, 2), stride=(2, 2), padding=(1, 1), groups=2)"
    )
    assert list(conv.state_dict()) == ["weight", "bias"]


def test_conv2d_value_matches_reference() -> None:
    rng = np.random.default_rng(0)
    conv = nn.Conv2d(2, 3, 3, stride=2, padding=1).double()
    x = rng.standard_normal((2, 2, 5, 5))
    assert conv.bias is not None
    expected = _conv2d_reference(x, conv.weight.array, conv.bias.array, 2, 1)
    np.testing.assert_allclose(conv(ad_core.tensor(x)).array, expected, atol=1e-12)


def test_conv2d_gradcheck() -> None:
    rng = np.random.default_rng(1)
    conv = nn.Conv2d(2, 2, 2, dilation=2, groups=2).double()
    x = ad_core.tensor(rng.standard_normal((1, 2, 4, 4)), requires_grad=True)
    assert ad_core.gradcheck(lambda t, w, b: conv(t), [x, conv.weight, conv.bias])


def test_conv1d_value_and_gradcheck() -> None:
    conv = nn.Conv1d(1, 1, 2, bias=False).double()
    conv.weight.array[...] = np.array([[[1.0, -1.0]]])
    y = conv(ad_core.tensor(np.array([[[1.0, 4.0, 9.0]]])))
    np.testing.assert_allclose(y.array, [[[-3.0, -5.0]]])
    assert repr(conv) == "Conv1d(1, 1, kernel_size=(2,), stride=(1,), bias=False)"
    x = ad_core.tensor(np.random.default_rng(2).standard_normal((2, 1, 5)), requires_grad=True)
    same = nn.Conv1d(1, 2, 3, padding="same").double()
    assert same(x).shape == (2, 2, 5)
    assert ad_core.gradcheck(lambda t, w: same(t), [x, same.weight])


def test_conv_errors() -> None:
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding_mode"):
        nn.Conv2d(2, 2, 3, padding_mode="reflect")
    with pytest.raises(TypeError, match="Conv2d: expected kernel_size to be an int or a tuple"):
        nn.Conv2d(2, 2, (3, 3, 3))
    with pytest.raises(ValueError, match="strided"):
        nn.Conv1d(2, 2, 3, stride=2, padding="same")
