"""ad_nn.init: fans, gains, distributions and reproducibility."""

import math

import numpy as np
import pytest

import ad_core
from ad_nn import init


def test_fans_of_conv_weight() -> None:
    w = ad_core.zeros(8, 4, 3, 5)
    assert init._calculate_fan_in_and_fan_out(w) == (60, 120)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init._calculate_fan_in_and_fan_out(ad_core.zeros(3))


def test_gains() -> None:
    assert init.calculate_gain("conv2d") == 1.0
    assert init.calculate_gain("sigmoid") == 1.0
    assert init.calculate_gain("tanh") == 5 / 3
    assert init.calculate_gain("relu") == math.sqrt(2)
    assert init.calculate_gain("leaky_relu") == math.sqrt(2 / (1 + 0.01**2))
    assert init.calculate_gain("leaky_relu", math.sqrt(5)) == math.sqrt(1 / 3)
    assert init.calculate_gain("selu") == 0.75
    with pytest.raises(ValueError, match="unsupported"):
        init.calculate_gain("swish")


def test_kaiming_uniform_conv_bound() -> None:
    w = init.kaiming_uniform_(ad_core.zeros(64, 4, 3, 3), a=math.sqrt(5))
    bound = 1 / math.sqrt(36)
    assert np.abs(w.array).max() <= bound and np.abs(w.array).max() > 0.97 * bound
    w2 = init.kaiming_uniform_(ad_core.zeros(64, 4, 3, 3), mode="fan_out", nonlinearity="relu")
    assert np.abs(w2.array).max() <= math.sqrt(6 / 576)
    with pytest.raises(ValueError, match="mode"):
        init.kaiming_uniform_(ad_core.zeros(2, 2), mode="fan")


def test_normal_family_std() -> None:
    w = init.kaiming_normal_(ad_core.zeros(500, 200), mode="fan_out")
    assert abs(w.array.std() - math.sqrt(2 / 500)) < 0.002
    w = init.xavier_normal_(ad_core.zeros(300, 100), gain=2.0)
    assert abs(w.array.std() - 2 * math.sqrt(2 / 400)) < 0.003
    w = init.xavier_uniform_(ad_core.zeros(30, 10))
    assert np.abs(w.array).max() <= math.sqrt(6 / 40)
    w = init.normal_(ad_core.zeros(20000), 1.0, 0.1)
    assert abs(w.array.mean() - 1.0) < 0.01


def test_trunc_normal_and_constants() -> None:
    w = init.trunc_normal_(ad_core.zeros(5000), mean=1.0, std=2.0, a=0.0, b=1.5)
    assert w.array.min() >= 0.0 and w.array.max() <= 1.5
    with pytest.raises(ValueError, match="a < b"):
        init.trunc_normal_(ad_core.zeros(2), a=1.0, b=0.0)
    np.testing.assert_array_equal(init.ones_(ad_core.zeros(2)).array, [1.0, 1.0])
    np.testing.assert_array_equal(init.zeros_(ad_core.ones(2)).array, [0.0, 0.0])
    np.testing.assert_array_equal(init.constant_(ad_core.zeros(2), 3.0).array, [3.0, 3.0])
    np.testing.assert_array_equal(init.eye_(ad_core.zeros(2, 2)).array, np.eye(2))
    with pytest.raises(ValueError, match="2-D"):
        init.eye_(ad_core.zeros(2))


def test_orthogonal() -> None:
    w = init.orthogonal_(ad_core.zeros(6, 2, 2), gain=2.0).array.reshape(6, 4)
    np.testing.assert_allclose(w.T @ w, 4 * np.eye(4), atol=1e-5)
    with pytest.raises(ValueError, match="2 or more"):
        init.orthogonal_(ad_core.zeros(3))


def test_seed_and_generator_reproducibility_and_in_place() -> None:
    ad_core.manual_seed(11)
    a = init.uniform_(ad_core.zeros(5), -1, 1).array.copy()
    ad_core.manual_seed(11)
    t = ad_core.zeros(5)
    data = t.array
    init.uniform_(t, -1, 1)
    assert t.array is data
    np.testing.assert_array_equal(a, t.array)
    g1 = init.normal_(ad_core.zeros(3), generator=np.random.default_rng(1)).array
    g2 = init.normal_(ad_core.zeros(3), generator=np.random.default_rng(1)).array
    np.testing.assert_array_equal(g1, g2)
