"""multinomial, bernoulli, normal: statistics under a fixed seed, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F

WEIGHTS = np.array([0.1, 0.0, 0.3, 0.6])


def test_multinomial_with_replacement_frequencies() -> None:
    g = np.random.default_rng(0)
    n = 40_000
    draws = F.multinomial(ad_core.tensor(WEIGHTS * 5), n, replacement=True, generator=g)
    assert draws.shape == (n,) and draws.dtype == np.int64
    freq = np.bincount(draws.array, minlength=4) / n
    # Binomial standard deviation at most 0.0025: 4 sigma.
    np.testing.assert_allclose(freq, WEIGHTS, atol=0.01)
    assert freq[1] == 0


def test_multinomial_rows_with_replacement() -> None:
    g = np.random.default_rng(1)
    rows = np.array([WEIGHTS, [0.0, 0.0, 0.0, 2.0], [1.0, 1.0, 1.0, 1.0]])
    draws = F.multinomial(ad_core.tensor(rows), 20_000, True, generator=g)
    assert draws.shape == (3, 20_000)
    for r in range(3):
        freq = np.bincount(draws.array[r], minlength=4) / 20_000
        np.testing.assert_allclose(freq, rows[r] / rows[r].sum(), atol=0.015)


def test_multinomial_without_replacement() -> None:
    g = np.random.default_rng(2)
    rows = np.tile(np.array([1.0, 2.0, 0.0, 4.0, 8.0]), (3000, 1))
    draws = F.multinomial(ad_core.tensor(rows), 4, generator=g).array
    assert draws.shape == (3000, 4)
    assert all(len(set(row)) == 4 for row in draws)
    assert not (draws == 2).any()
    # The first draw follows the weights; the second, the weights without the first.
    first = np.bincount(draws[:, 0], minlength=5) / 3000
    np.testing.assert_allclose(first, rows[0] / 15, atol=0.03)
    second_after_4 = draws[draws[:, 0] == 4, 1]
    np.testing.assert_allclose(
        np.bincount(second_after_4, minlength=5) / len(second_after_4),
        [1 / 7, 2 / 7, 0, 4 / 7, 0],
        atol=0.04,
    )
    everything = F.multinomial(ad_core.tensor([1.0, 1.0, 1.0]), 3, generator=g)
    assert sorted(everything.tolist()) == [0, 1, 2]


def test_multinomial_uses_the_default_generator() -> None:
    ad_core.manual_seed(5)
    a = F.multinomial(ad_core.tensor(WEIGHTS), 2)
    ad_core.manual_seed(5)
    assert F.multinomial(ad_core.tensor(WEIGHTS), 2).tolist() == a.tolist()


def test_multinomial_errors_name_the_row() -> None:
    bad = np.array([[1.0, 1.0], [1.0, -1.0]])
    with pytest.raises(ValueError, match="multinomial: row 1 of input has negative weights"):
        F.multinomial(ad_core.tensor(bad), 1)
    with pytest.raises(ValueError, match="row 0 of input has inf or nan"):
        F.multinomial(ad_core.tensor([[np.nan, 1.0]]), 1)
    with pytest.raises(ValueError, match="multinomial: input has inf or nan"):
        F.multinomial(ad_core.tensor([np.inf, 1.0]), 1)
    with pytest.raises(ValueError, match="row 1 of input has no non-zero weight"):
        F.multinomial(ad_core.tensor([[1.0, 0.0], [0.0, 0.0]]), 1, True)
    with pytest.raises(ValueError, match="fewer than num_samples=2 non-zero"):
        F.multinomial(ad_core.tensor([1.0, 0.0, 0.0]), 2)
    with pytest.raises(ValueError, match="fewer than num_samples=4"):
        F.multinomial(ad_core.tensor([1.0, 1.0, 1.0]), 4)
    with pytest.raises(ValueError, match="num_samples must be positive"):
        F.multinomial(ad_core.tensor([1.0]), 0)
    with pytest.raises(ValueError, match="1-D or 2-D"):
        F.multinomial(ad_core.ones(1, 1, 2), 1)
    with pytest.raises(TypeError, match="floating"):
        F.multinomial(ad_core.tensor([1, 2]), 1)
    with pytest.raises(TypeError, match="generator"):
        F.multinomial(ad_core.tensor([1.0]), 1, generator=0)  # type: ignore[arg-type]


def test_bernoulli() -> None:
    g = np.random.default_rng(3)
    probs = np.array([0.0, 0.2, 0.9, 1.0])
    draws = F.bernoulli(ad_core.tensor(np.tile(probs, (20_000, 1)), dtype="float32"), generator=g)
    assert draws.dtype == np.float32 and set(np.unique(draws.array)) <= {0.0, 1.0}
    np.testing.assert_allclose(draws.array.mean(0), probs, atol=0.01)
    fixed = F.bernoulli(ad_core.zeros(20_000, dtype="float64"), 0.3, generator=g)
    assert fixed.dtype == np.float64
    assert abs(fixed.array.mean() - 0.3) < 0.015
    with pytest.raises(ValueError, match="bernoulli: expected probabilities in"):
        F.bernoulli(ad_core.tensor([0.5, 1.5]))
    with pytest.raises(ValueError, match="bernoulli"):
        F.bernoulli(ad_core.tensor([np.nan]))
    with pytest.raises(ValueError, match="bernoulli"):
        F.bernoulli(ad_core.zeros(2), -0.1)
    with pytest.raises(TypeError, match="bernoulli"):
        F.bernoulli(ad_core.tensor([0, 1]))


def test_normal_overloads() -> None:
    g = np.random.default_rng(4)
    n = 50_000
    means = ad_core.tensor(np.array([-1.0, 3.0]))
    stds = ad_core.tensor(np.array([0.5, 2.0]))
    both = F.normal(means.reshape(1, 2) + ad_core.zeros(n, 1, dtype="float64"), stds, generator=g)
    assert both.shape == (n, 2) and both.dtype == np.float64
    np.testing.assert_allclose(both.array.mean(0), [-1.0, 3.0], atol=0.05)
    np.testing.assert_allclose(both.array.std(0), [0.5, 2.0], rtol=0.03)
    only_std = F.normal(std=ad_core.full((n,), 3.0), generator=g)
    assert abs(only_std.array.mean()) < 0.1 and abs(only_std.array.std() - 3.0) < 0.1
    only_mean = F.normal(ad_core.full((n,), 2.0), generator=g)
    assert abs(only_mean.array.mean() - 2.0) < 0.05 and abs(only_mean.array.std() - 1.0) < 0.05
    numbers = F.normal(2.0, 3.0, size=(n,), generator=g)
    assert numbers.dtype == ad_core.get_default_dtype()
    assert abs(numbers.array.mean() - 2.0) < 0.1 and abs(numbers.array.std() - 3.0) < 0.1
    assert F.normal(ad_core.tensor([1.0, 2.0]), 0.0).tolist() == [1.0, 2.0]


def test_normal_errors() -> None:
    with pytest.raises(TypeError, match="normal: expected size"):
        F.normal(0.0, 1.0)
    with pytest.raises(TypeError, match="normal: size"):
        F.normal(ad_core.zeros(2), 1.0, size=(2,))
    with pytest.raises(ValueError, match="normal: expected std >= 0"):
        F.normal(ad_core.zeros(2), -1.0)
    with pytest.raises(ValueError, match="normal: shapes"):
        F.normal(ad_core.zeros(2), ad_core.ones(3))
    with pytest.raises(TypeError, match="floating"):
        F.normal(ad_core.tensor([1, 2]))
