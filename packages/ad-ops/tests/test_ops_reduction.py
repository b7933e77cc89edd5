"""Reductions: values against NumPy, gradients, dims as ints, tuples and negatives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(2).uniform(0.5, 2.0, (2, 3, 4)) * np.array([1, -1, 1, -1])
DIMS: list[Any] = [None, 0, -1, (0, 2), (-1, 1)]


REDUCTIONS: list[tuple[str, Callable[..., Tensor], Callable[..., Any]]] = [
    ("sum", F.sum, lambda a, d, k: np.sum(a, axis=d, keepdims=k)),
    ("mean", F.mean, lambda a, d, k: np.mean(a, axis=d, keepdims=k)),
    ("var", F.var, lambda a, d, k: np.var(a, axis=d, ddof=1, keepdims=k)),
    ("std", F.std, lambda a, d, k: np.std(a, axis=d, ddof=1, keepdims=k)),
    ("prod", F.prod, lambda a, d, k: np.prod(a, axis=d, keepdims=k)),
    (
        "logsumexp",
        F.logsumexp,
        lambda a, d, k: np.log(np.sum(np.exp(a), axis=d, keepdims=k)),
    ),
    ("norm", F.norm, lambda a, d, k: np.sqrt(np.sum(a * a, axis=d, keepdims=k))),
]


@pytest.mark.parametrize(("name", "op", "ref"), REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
@pytest.mark.parametrize("dim", DIMS)
@pytest.mark.parametrize("keepdim", [False, True])
def test_reduction(
    name: str, op: Callable[..., Tensor], ref: Callable[..., Any], dim: Any, keepdim: bool
) -> None:
    out = op(ad_core.tensor(DATA), dim=dim, keepdim=keepdim)
    np.testing.assert_allclose(out.array, ref(DATA, dim, keepdim), rtol=1e-12)
    assert ad_core.gradcheck(lambda t: op(t, dim=dim, keepdim=keepdim), [leaf(DATA)])
    if keepdim:
        assert ad_core.gradgradcheck(lambda t: op(t, dim=dim, keepdim=keepdim), [leaf(DATA)])


def test_non_contiguous_input() -> None:
    x = leaf(DATA.transpose(2, 0, 1))
    for op in (F.var, F.logsumexp, F.prod, F.norm):
        assert ad_core.gradcheck(lambda t, op=op: op(t, dim=(0, -1)), [x])


def test_var_correction() -> None:
    x = ad_core.tensor(DATA)
    np.testing.assert_allclose(F.var(x, correction=0).array, np.var(DATA))
    np.testing.assert_allclose(F.std(x, 1, correction=0).array, np.std(DATA, axis=1))


@pytest.mark.parametrize("op", [F.var, F.std])
def test_var_std_unbiased_as_pytorch_spells_it(op: Callable[..., Tensor]) -> None:
    x = ad_core.tensor(DATA)
    ref = np.var if op is F.var else np.std
    np.testing.assert_allclose(op(x, unbiased=False).array, ref(DATA))
    np.testing.assert_allclose(op(x, False).array, ref(DATA))
    np.testing.assert_allclose(op(x, True).array, ref(DATA, ddof=1))
    np.testing.assert_allclose(
        op(x, (0, 2), False, True).array, ref(DATA, axis=(0, 2), keepdims=True)
    )
    np.testing.assert_allclose(op(x, 1, unbiased=True).array, ref(DATA, axis=1, ddof=1))
    np.testing.assert_allclose(op(x, -1, correction=2).array, ref(DATA, axis=-1, ddof=2))
    assert ad_core.gradcheck(lambda t: op(t, 1, False), [leaf(DATA)])
    with pytest.raises(ValueError, match="unbiased or correction"):
        op(x, 0, unbiased=True, correction=1)


def test_dtype_keyword_casts_first() -> None:
    ints = ad_core.tensor([[1, 2], [3, 4]])
    assert F.sum(ints, dtype=np.float64).dtype == np.float64
    np.testing.assert_allclose(F.mean(ints, 0, dtype="float32").array, [2.0, 3.0])
    assert F.mean(ints, dtype=np.float32).dtype == np.float32
    assert F.prod(ints, 1, dtype=np.float64).tolist() == [2.0, 12.0]
    x = leaf(DATA)
    y = F.sum(x, dtype=np.float32)
    assert y.dtype == np.float32
    y.backward()
    assert x.grad is not None and x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad.array, 1.0)
    np.testing.assert_allclose(F.norm(ints, dtype=np.float64).item(), np.sqrt(30))
    with pytest.raises(TypeError, match="mean"):
        F.mean(ints)


def test_norm_default_is_frobenius() -> None:
    data = DATA.reshape(6, 4)
    np.testing.assert_allclose(F.norm(ad_core.tensor(data)).item(), np.linalg.norm(data))
    np.testing.assert_allclose(F.norm(ad_core.tensor(data), None).item(), np.linalg.norm(data))
    np.testing.assert_allclose(
        F.norm(ad_core.tensor(data), dim=1).array, np.linalg.norm(data, axis=1)
    )


def test_logsumexp_stable() -> None:
    x = leaf(np.array([[1000.0, 1000.0], [-1000.0, -1000.0]]))
    out = F.logsumexp(x, dim=1)
    np.testing.assert_allclose(out.array, [1000 + np.log(2), -1000 + np.log(2)])
    out.sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.array, 0.5)


def test_prod_with_zeros() -> None:
    data = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [1.0, 2.0, 4.0]])
    x = leaf(data)
    assert ad_core.gradcheck(lambda t: F.prod(t, dim=1), [x])
    assert ad_core.gradcheck(lambda t: F.prod(t, dim=(0, 1)), [x])
    F.prod(x, dim=1).sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.array, [[0, 6, 0], [0, 0, 0], [8, 4, 2]])


@pytest.mark.parametrize("p", [1, 3, 0.5, np.inf, -np.inf, "fro"])
def test_norm_orders(p: Any) -> None:
    data = DATA.reshape(6, 4)
    expected = np.linalg.norm(data, ord=2 if p == "fro" else p, axis=1)
    np.testing.assert_allclose(F.norm(ad_core.tensor(data), p=p, dim=1).array, expected)
    assert ad_core.gradcheck(lambda t: F.norm(t, p=p, dim=1), [leaf(data)])
    assert F.norm(ad_core.tensor([1.0, 0.0, 2.0]), p=0).item() == 2.0


def test_norm_gradient_at_zero_is_zero() -> None:
    x = leaf(np.zeros((2, 3)))
    F.norm(x, dim=1).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, 0.0)
    y = leaf(np.zeros(3))
    F.norm(y, p=3).backward()
    assert y.grad is not None
    np.testing.assert_array_equal(y.grad.array, 0.0)


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.integers(1, 3), min_size=1, max_size=3),
    st.data(),
)
def test_sum_mean_var_any_shape(shape: list[int], data: st.DataObject) -> None:
    ndim = len(shape)
    dims = data.draw(st.lists(st.integers(-ndim, ndim - 1), unique_by=lambda d: d % ndim))
    dim = tuple(dims) if dims else None
    array = np.random.default_rng(ndim).standard_normal(shape)
    for op in (F.sum, F.logsumexp, F.prod):
        out = op(ad_core.tensor(array), dim=dim, keepdim=False)
        assert ad_core.gradcheck(lambda t, op=op: op(t, dim=dim), [leaf(array)])
        assert out.shape == np.sum(array, axis=dim).shape


def test_errors_name_the_op() -> None:
    x = ad_core.ones(2, 3)
    with pytest.raises(IndexError, match="var"):
        F.var(x, dim=(0, -3))
    with pytest.raises(ValueError, match="sum"):
        F.sum(x, dim=(1, -1))
    with pytest.raises(ValueError, match="norm"):
        F.norm(x, p="nuc")
    with pytest.raises(TypeError, match="logsumexp"):
        F.logsumexp(ad_core.tensor([1, 2]))
