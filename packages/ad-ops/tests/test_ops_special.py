"""erf on tensors and on arrays, against math.erf."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_ops.special import erf_array


def test_erf_matches_math_erf() -> None:
    x = np.concatenate([np.linspace(-7, 7, 2001), [0.0, 2.9999, 3.0, 3.0001, 30.0, -np.inf]])
    expected = np.array([math.erf(v) for v in x])
    np.testing.assert_allclose(erf_array(x), expected, rtol=1e-14, atol=1e-15)


def test_erf_float32_and_nan() -> None:
    x = np.array([0.5, -2.0], dtype=np.float32)
    assert erf_array(x).dtype == np.float32
    np.testing.assert_allclose(erf_array(x), [math.erf(0.5), math.erf(-2.0)], rtol=1e-6)
    assert np.isnan(erf_array(np.array([np.nan])))[0]


def test_erf_float32_is_computed_to_float32_precision() -> None:
    x = np.linspace(-9, 9, 4001, dtype=np.float32)
    expected = np.array([math.erf(float(v)) for v in x])
    result = erf_array(x)
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, expected, rtol=4e-7, atol=1e-30)


def test_erf_of_0d_and_integer_arrays() -> None:
    assert erf_array(np.array(1.0)).shape == ()
    assert float(erf_array(np.array(1.0))) == pytest.approx(math.erf(1.0), rel=1e-15)
    np.testing.assert_allclose(
        erf_array(np.array([1, -2])), [math.erf(1), math.erf(-2)], rtol=1e-15
    )


def test_erf_across_blocks_keeps_shape_and_order() -> None:
    x = np.random.default_rng(0).standard_normal((3, 70_001)) * 3
    result = erf_array(x)
    assert result.shape == x.shape
    picks = [(0, 0), (1, 65_535), (1, 65_536), (2, 70_000)]
    for i, j in picks:
        assert result[i, j] == pytest.approx(math.erf(x[i, j]), rel=1e-15, abs=1e-300)


def test_erf_tensor_values_and_gradients() -> None:
    x = np.linspace(-4, 4, 17)
    out = F.erf(ad_core.tensor(x))
    np.testing.assert_allclose(out.array, [math.erf(v) for v in x], rtol=1e-14, atol=1e-15)
    leaf = ad_core.tensor(x, requires_grad=True)
    assert ad_core.gradcheck(F.erf, [leaf])
    assert ad_core.gradgradcheck(F.erf, [leaf])
    assert F.erf(ad_core.tensor([0.5])).dtype == np.float32
    with pytest.raises(TypeError, match="erf"):
        F.erf(ad_core.tensor([1, 2]))
