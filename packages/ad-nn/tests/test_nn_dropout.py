"""Dropout modules: training-only, inverted scaling, channel masks, reproducibility."""

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def test_dropout_train_scaling_and_eval_identity() -> None:
    drop = nn.Dropout(0.25)
    x = ad_core.ones(20000)
    y = drop(x).array
    np.testing.assert_allclose(y[y != 0], 1 / 0.75, rtol=1e-6)
    assert abs((y == 0).mean() - 0.25) < 0.02
    drop.eval()
    assert np.array_equal(drop(x).array, x.array)
    assert repr(drop) == "Dropout(p=0.25, inplace=False)"


def test_dropout_gradient_follows_mask() -> None:
    x = ad_core.tensor(np.ones(100), requires_grad=True)
    y = nn.Dropout(0.5)(x)
    y.sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, y.array)


def test_manual_seed_makes_masks_reproducible() -> None:
    nn.manual_seed(5)
    a = nn.Dropout(0.5)(ad_core.ones(50)).array
    nn.manual_seed(5)
    b = nn.Dropout(0.5)(ad_core.ones(50)).array
    np.testing.assert_array_equal(a, b)


def test_channel_dropout() -> None:
    y1 = nn.Dropout1d(0.5)(ad_core.ones(4, 16, 5)).array
    assert (y1 == y1[:, :, :1]).all() and set(np.unique(y1).tolist()) <= {0.0, 2.0}
    y2 = nn.Dropout2d(0.5)(ad_core.ones(4, 16, 3, 3)).array
    assert (y2 == y2[:, :, :1, :1]).all()
    assert np.array_equal(
        nn.Dropout2d().eval()(ad_core.ones(1, 2, 2, 2)).array, np.ones((1, 2, 2, 2))
    )


def test_bad_probability() -> None:
    with pytest.raises(ValueError, match=r"Dropout: expected p in \[0.0, 1.0\], got 1.5"):
        nn.Dropout(1.5)
