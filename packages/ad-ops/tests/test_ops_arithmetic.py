"""add, sub, mul, div, true_divide, neg, pow, fmod, remainder, lerp."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


rng = np.random.default_rng(17)
A = rng.standard_normal((3, 4))
B = rng.standard_normal((4,))
AWAY = np.sign(B) * (np.abs(B) + 0.5)


def test_add_sub_mul_with_alpha() -> None:
    a, b = ad_core.tensor(A), ad_core.tensor(B)
    np.testing.assert_allclose(F.add(a, b).array, A + B)
    np.testing.assert_allclose(F.add(a, b, alpha=2.5).array, A + 2.5 * B)
    np.testing.assert_allclose(F.sub(a, b).array, A - B)
    np.testing.assert_allclose(F.sub(a, b, alpha=-3).array, A + 3 * B)
    np.testing.assert_allclose(F.mul(a, b).array, A * B)
    np.testing.assert_allclose(F.add(2.0, b).array, 2.0 + B)
    for fn in (
        lambda s, t: F.add(s, t, alpha=2.5),
        lambda s, t: F.sub(s, t, alpha=0.5),
        F.mul,
        F.sub,
    ):
        assert ad_core.gradcheck(fn, [leaf(A), leaf(B)])
        assert ad_core.gradgradcheck(lambda s, t, fn=fn: fn(s * s, t * t), [leaf(A), leaf(B)])
    with pytest.raises(ValueError, match="add: shapes"):
        F.add(ad_core.ones(2), ad_core.ones(3), alpha=2)


def test_div_modes() -> None:
    a, b = ad_core.tensor(A), ad_core.tensor(AWAY)
    np.testing.assert_allclose(F.div(a, b).array, A / AWAY)
    np.testing.assert_array_equal(F.div(a, b, rounding_mode="floor").array, np.floor(A / AWAY))
    np.testing.assert_array_equal(F.div(a, b, rounding_mode="trunc").array, np.trunc(A / AWAY))
    assert ad_core.gradcheck(F.div, [leaf(A), leaf(AWAY)])
    assert ad_core.gradcheck(F.true_divide, [leaf(A), leaf(AWAY)])
    x, y = leaf(A), leaf(AWAY)
    F.div(x, y, rounding_mode="floor").sum().backward()
    assert x.grad is not None and y.grad is not None
    assert not x.grad.array.any() and not y.grad.array.any()


def test_integer_division() -> None:
    p = ad_core.tensor([7, -7, 7, -7, 6])
    q = ad_core.tensor([2, 2, -2, -2, 3])
    true = F.div(p, q)
    assert true.dtype == ad_core.get_default_dtype()
    np.testing.assert_allclose(true.array, [3.5, -3.5, -3.5, 3.5, 2.0])
    assert F.true_divide(p, 2).dtype == ad_core.get_default_dtype()
    trunc = F.div(p, q, rounding_mode="trunc")
    assert trunc.dtype == np.int64 and trunc.tolist() == [3, -3, -3, 3, 2]
    assert F.div(p, q, rounding_mode="floor").tolist() == [3, -4, -4, 3, 2]
    with pytest.raises(ZeroDivisionError, match="div"):
        F.div(p, 0, rounding_mode="floor")
    with pytest.raises(ValueError, match="rounding_mode"):
        F.div(p, q, rounding_mode="round")


def test_neg_and_pow() -> None:
    np.testing.assert_array_equal(F.neg(ad_core.tensor(A)).array, -A)
    assert ad_core.gradgradcheck(F.neg, [leaf(A)])
    pos = np.abs(A) + 0.1
    np.testing.assert_allclose(F.pow(ad_core.tensor(pos), ad_core.tensor(B)).array, pos**B)
    np.testing.assert_allclose(F.pow(2.0, ad_core.tensor(B)).array, 2.0**B)
    np.testing.assert_allclose(F.pow(ad_core.tensor(A), 3).array, A**3)
    assert ad_core.gradcheck(F.pow, [leaf(pos), leaf(B)])
    assert ad_core.gradgradcheck(F.pow, [leaf(pos), leaf(B)])
    assert ad_core.gradcheck(lambda t: F.pow(1.5, t), [leaf(B)])
    with pytest.raises(TypeError, match="pow"):
        F.pow(2.0, 3.0)
    with pytest.raises(ValueError, match="pow: shapes"):
        F.pow(ad_core.ones(2), ad_core.ones(3))


def test_fmod_remainder() -> None:
    a, b = ad_core.tensor(A * 3), ad_core.tensor(AWAY)
    np.testing.assert_allclose(F.fmod(a, b).array, np.fmod(A * 3, AWAY))
    np.testing.assert_allclose(F.remainder(a, b).array, np.remainder(A * 3, AWAY))
    assert F.fmod(ad_core.tensor([-3, 3]), 2).tolist() == [-1, 1]
    assert F.remainder(ad_core.tensor([-3, 3]), 2).tolist() == [1, 1]
    assert ad_core.gradcheck(F.fmod, [leaf(A * 3), leaf(AWAY)])
    assert ad_core.gradcheck(F.remainder, [leaf(A * 3), leaf(AWAY)])
    assert ad_core.gradgradcheck(lambda s, t: F.remainder(s * s, t), [leaf(A), leaf(AWAY)])
    with pytest.raises(ZeroDivisionError, match="fmod"):
        F.fmod(ad_core.tensor([1]), 0)
    with pytest.raises(ValueError, match="remainder: shapes"):
        F.remainder(ad_core.ones(2), ad_core.ones(3))


def test_lerp() -> None:
    end = rng.standard_normal((3, 4))
    weight = rng.uniform(0, 1, (4,))
    out = F.lerp(ad_core.tensor(A), ad_core.tensor(end), ad_core.tensor(weight))
    np.testing.assert_allclose(out.array, A + weight * (end - A))
    np.testing.assert_allclose(
        F.lerp(ad_core.tensor(A), ad_core.tensor(end), 0.3).array, A + 0.3 * (end - A)
    )
    assert F.lerp(ad_core.ones(2), ad_core.zeros(2), 0.5).dtype == np.float32
    assert ad_core.gradcheck(F.lerp, [leaf(A), leaf(end), leaf(weight)])
    assert ad_core.gradgradcheck(F.lerp, [leaf(A), leaf(end), leaf(weight)])
    assert ad_core.gradcheck(lambda s, e: F.lerp(s, e, 0.7), [leaf(A), leaf(end)])
    with pytest.raises(TypeError, match="lerp"):
        F.lerp(ad_core.tensor([1]), ad_core.tensor([2]), 0.5)
    with pytest.raises(ValueError, match="lerp: shapes"):
        F.lerp(ad_core.ones(2), ad_core.ones(3), 0.5)
