"""matmul, linear, einsum."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


rng = np.random.default_rng(7)


def test_matmul() -> None:
    a, b = leaf(rng.standard_normal((2, 3, 4))), leaf(rng.standard_normal((4, 5)))
    np.testing.assert_allclose(F.matmul(a, b).array, a.array @ b.array)
    assert ad_core.gradcheck(F.matmul, [a, b])
    assert ad_core.gradgradcheck(F.matmul, [a, b])
    v = leaf(rng.standard_normal(4))
    assert ad_core.gradcheck(F.matmul, [a, v])


@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4)])
@pytest.mark.parametrize("with_bias", [False, True])
def test_linear(shape: tuple[int, ...], with_bias: bool) -> None:
    x = leaf(rng.standard_normal(shape))
    w = leaf(rng.standard_normal((5, 4)))
    b = leaf(rng.standard_normal(5))
    expected = x.array @ w.array.T + (b.array if with_bias else 0)
    out = F.linear(x, w, b if with_bias else None)
    np.testing.assert_allclose(out.array, expected)
    inputs = [x, w, b] if with_bias else [x, w]
    assert ad_core.gradcheck(F.linear, inputs)
    assert ad_core.gradgradcheck(F.linear, inputs)


def test_linear_non_contiguous_and_errors() -> None:
    x = leaf(rng.standard_normal((4, 3)).T)
    w = leaf(rng.standard_normal((4, 5)).T)
    assert ad_core.gradcheck(F.linear, [x, w])
    with pytest.raises(ValueError, match="linear"):
        F.linear(ad_core.ones(2, 3), ad_core.ones(4, 2))
    with pytest.raises(ValueError, match="linear"):
        F.linear(ad_core.ones(2, 3), ad_core.ones(3))
    with pytest.raises(ValueError, match="linear"):
        F.linear(ad_core.ones(2, 3), ad_core.ones(4, 3), ad_core.ones(3))


EINSUMS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("i,i", [(3,), (3,)]),
    ("i,j->ij", [(2,), (3,)]),
    ("ij->", [(2, 3)]),
    ("ij,kl->jk", [(2, 3), (4, 2)]),
    ("...j,jk->...k", [(2, 2, 3), (3, 4)]),
    ("...ij,...jk", [(2, 1, 2, 3), (3, 3, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 2), (2, 2)]),
    ("ji", [(2, 3)]),
]


@pytest.mark.parametrize(("equation", "shapes"), EINSUMS, ids=[e[0] for e in EINSUMS])
def test_einsum(equation: str, shapes: list[tuple[int, ...]]) -> None:
    inputs = [leaf(rng.standard_normal(s)) for s in shapes]
    expected = np.einsum(equation, *[t.array for t in inputs])
    np.testing.assert_allclose(F.einsum(equation, *inputs).array, expected)
    np.testing.assert_allclose(F.einsum(equation, inputs).array, expected)

    def fn(*ts: Tensor) -> Tensor:
        return F.einsum(equation, *ts)

    assert ad_core.gradcheck(fn, inputs)
    assert ad_core.gradgradcheck(fn, inputs)


def test_einsum_errors() -> None:
    a = ad_core.ones(2, 3)
    with pytest.raises(ValueError, match="einsum"):
        F.einsum("ij,jk", a)
    with pytest.raises(ValueError, match="einsum"):
        F.einsum("ii", ad_core.ones(2, 2))
    with pytest.raises(ValueError, match="einsum"):
        F.einsum("ijk", a)
    with pytest.raises(ValueError, match="einsum"):
        F.einsum("ij,jk->ik", a, ad_core.ones(4, 2))
    with pytest.raises(ValueError, match="einsum"):
        F.einsum("ij->iz", a)


def test_mm_bmm_dot_outer() -> None:
    g = np.random.default_rng(14)
    a, b = g.standard_normal((2, 3)), g.standard_normal((3, 4))
    np.testing.assert_allclose(F.mm(ad_core.tensor(a), ad_core.tensor(b)).array, a @ b)
    assert ad_core.gradcheck(F.mm, [leaf(a), leaf(b)])
    assert ad_core.gradgradcheck(F.mm, [leaf(a), leaf(b)])
    p, q = g.standard_normal((5, 2, 3)), g.standard_normal((5, 3, 4))
    np.testing.assert_allclose(F.bmm(ad_core.tensor(p), ad_core.tensor(q)).array, p @ q)
    assert ad_core.gradcheck(F.bmm, [leaf(p), leaf(q)])
    u, v = g.standard_normal(3), g.standard_normal(3)
    np.testing.assert_allclose(F.dot(ad_core.tensor(u), ad_core.tensor(v)).item(), u @ v)
    assert ad_core.gradgradcheck(F.dot, [leaf(u), leaf(v)])
    w = g.standard_normal(4)
    np.testing.assert_allclose(F.outer(ad_core.tensor(u), ad_core.tensor(w)).array, np.outer(u, w))
    assert ad_core.gradcheck(F.outer, [leaf(u), leaf(w)])
    assert ad_core.gradgradcheck(F.outer, [leaf(u), leaf(w)])


def test_fixed_shape_products_check_their_operands() -> None:
    with pytest.raises(ValueError, match=r"mm: expected 2-D and 2-D tensors, got shapes \(3,\)"):
        F.mm(ad_core.ones(3), ad_core.ones(3, 2))
    with pytest.raises(ValueError, match="mm: shapes"):
        F.mm(ad_core.ones(2, 3), ad_core.ones(2, 3))
    with pytest.raises(ValueError, match="bmm: expected 3-D and 3-D"):
        F.bmm(ad_core.ones(2, 3), ad_core.ones(3, 2))
    with pytest.raises(ValueError, match="bmm: shapes"):
        F.bmm(ad_core.ones(2, 2, 3), ad_core.ones(1, 3, 2))
    with pytest.raises(TypeError, match="mm: expected tensors of one dtype"):
        F.mm(ad_core.ones(2, 2), ad_core.ones(2, 2, dtype="float64"))
    with pytest.raises(ValueError, match="dot: expected vectors of one length"):
        F.dot(ad_core.ones(2), ad_core.ones(3))
    with pytest.raises(ValueError, match="dot"):
        F.dot(ad_core.ones(2, 1), ad_core.ones(2))
    with pytest.raises(ValueError, match="outer"):
        F.outer(ad_core.ones(2, 1), ad_core.ones(2))


@pytest.mark.parametrize(("beta", "alpha"), [(1, 1), (0.5, -2.0), (0, 1)])
@pytest.mark.parametrize("input_shape", [(2, 4), (4,), (1, 1), ()])
def test_addmm(beta: float, alpha: float, input_shape: tuple[int, ...]) -> None:
    g = np.random.default_rng(15)
    c, a, b = g.standard_normal(input_shape), g.standard_normal((2, 3)), g.standard_normal((3, 4))
    out = F.addmm(ad_core.tensor(c), ad_core.tensor(a), ad_core.tensor(b), beta=beta, alpha=alpha)
    np.testing.assert_allclose(out.array, beta * c + alpha * (a @ b))
    fn = lambda x, y, z: F.addmm(x, y, z, beta=beta, alpha=alpha)  # noqa: E731
    assert ad_core.gradcheck(fn, [leaf(c), leaf(a), leaf(b)])
    assert ad_core.gradgradcheck(fn, [leaf(c), leaf(a), leaf(b)])


def test_addmm_with_beta_zero_ignores_nan_input() -> None:
    out = F.addmm(ad_core.tensor([np.nan]), ad_core.ones(1, 2), ad_core.ones(2, 1), beta=0)
    assert out.item() == 2.0


def test_baddbmm() -> None:
    g = np.random.default_rng(16)
    c, a, b = (
        g.standard_normal((1, 2, 4)),
        g.standard_normal((3, 2, 5)),
        g.standard_normal((3, 5, 4)),
    )
    out = F.baddbmm(ad_core.tensor(c), ad_core.tensor(a), ad_core.tensor(b), beta=2, alpha=0.5)
    np.testing.assert_allclose(out.array, 2 * c + 0.5 * (a @ b))
    fn = lambda x, y, z: F.baddbmm(x, y, z, beta=2, alpha=0.5)  # noqa: E731
    assert ad_core.gradcheck(fn, [leaf(c), leaf(a), leaf(b)])
    with pytest.raises(ValueError, match="baddbmm: shapes"):
        F.baddbmm(ad_core.ones(2, 2, 4), ad_core.ones(3, 2, 5), ad_core.ones(3, 5, 4))
    with pytest.raises(ValueError, match=r"baddbmm: input of shape \(2, 3, 2, 4\)"):
        F.baddbmm(ad_core.ones(2, 3, 2, 4), ad_core.ones(3, 2, 5), ad_core.ones(3, 5, 4))
    with pytest.raises(ValueError, match="baddbmm: expected 3-D"):
        F.baddbmm(ad_core.ones(1), ad_core.ones(2, 5), ad_core.ones(5, 4))
    with pytest.raises(TypeError, match="addmm: expected input of dtype"):
        F.addmm(ad_core.ones(1, dtype="float64"), ad_core.ones(1, 2), ad_core.ones(2, 1))


def test_linear_follows_pytorchs_dtype_rule() -> None:
    weight, bias = ad_core.ones(2, 3), ad_core.zeros(2)
    out = F.linear(np.full((4, 3), 0.5), weight, bias)  # a float64 NumPy array is cast
    assert out.dtype == np.float32 and out.array.tolist() == [[1.5, 1.5]] * 4
    with pytest.raises(TypeError, match=r"linear: expected an input of dtype float32"):
        F.linear(ad_core.tensor(np.ones((4, 3))), weight, bias)
    with pytest.raises(TypeError, match="linear: expected a floating input, got dtype int64"):
        F.linear(np.ones((4, 3), dtype=np.int64), weight)


def test_einsum_broadcasts_size_one_subscripts_and_names_a_mismatch() -> None:
    out = F.einsum("ij,jk->ik", ad_core.ones(2, 1), ad_core.ones(3, 4))
    assert out.shape == (2, 4) and out.array.tolist() == [[3.0] * 4] * 2
    with pytest.raises(ValueError, match="einsum: subscript 'k' of 'ik,kj' has size 3"):
        F.einsum("ik,kj", ad_core.ones(2, 3), ad_core.ones(2, 3))
