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
    np.testing.assert_allclose(F.matmul(a, b).data, a.data @ b.data)
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
    expected = x.data @ w.data.T + (b.data if with_bias else 0)
    out = F.linear(x, w, b if with_bias else None)
    np.testing.assert_allclose(out.data, expected)
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
    expected = np.einsum(equation, *[t.data for t in inputs])
    np.testing.assert_allclose(F.einsum(equation, *inputs).data, expected)
    np.testing.assert_allclose(F.einsum(equation, inputs).data, expected)

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


def test_linear_follows_pytorchs_dtype_rule() -> None:
    weight, bias = ad_core.ones(2, 3), ad_core.zeros(2)
    out = F.linear(np.full((4, 3), 0.5), weight, bias)  # a float64 NumPy array is cast
    assert out.dtype == np.float32 and out.data.tolist() == [[1.5, 1.5]] * 4
    with pytest.raises(TypeError, match=r"linear: expected an input of dtype float32"):
        F.linear(ad_core.tensor(np.ones((4, 3))), weight, bias)
    with pytest.raises(TypeError, match="linear: expected a floating input, got dtype int64"):
        F.linear(np.ones((4, 3), dtype=np.int64), weight)


def test_einsum_broadcasts_size_one_subscripts_and_names_a_mismatch() -> None:
    out = F.einsum("ij,jk->ik", ad_core.ones(2, 1), ad_core.ones(3, 4))
    assert out.shape == (2, 4) and out.data.tolist() == [[3.0] * 4] * 2
    with pytest.raises(ValueError, match="einsum: subscript 'k' of 'ik,kj' has size 3"):
        F.einsum("ik,kj", ad_core.ones(2, 3), ad_core.ones(2, 3))
