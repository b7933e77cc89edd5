"""Extrema: max/min in their three forms, amax/amin, argmax/argmin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(2).uniform(0.5, 2.0, (2, 3, 4)) * np.array([1, -1, 1, -1])
DIMS: list[Any] = [(), 0, -1, (0, 2), (-1, 1)]


@pytest.mark.parametrize(("op", "ref"), [(F.amax, np.amax), (F.amin, np.amin)])
@pytest.mark.parametrize("dim", DIMS)
@pytest.mark.parametrize("keepdim", [False, True])
def test_amax_amin(op: Callable[..., Tensor], ref: Any, dim: Any, keepdim: bool) -> None:
    out = op(ad_core.tensor(DATA), dim, keepdim)
    np.testing.assert_array_equal(
        out.array, ref(DATA, axis=None if dim == () else dim, keepdims=keepdim)
    )
    assert ad_core.gradcheck(lambda t: op(t, dim, keepdim), [leaf(DATA)])


def test_amax_and_full_max_share_ties_evenly() -> None:
    x = leaf(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]))
    F.amax(x, dim=1).sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.array, [[0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    y = leaf(np.array([[1.0, 3.0], [3.0, -1.0]]))
    full = F.max(y)
    assert full.shape == ()
    full.backward()
    assert y.grad is not None
    np.testing.assert_allclose(y.grad.array, [[0, 0.5], [0.5, 0]])
    z = leaf(np.array([-1.0, -1.0, 2.0]))
    F.min(z).backward()
    assert z.grad is not None
    np.testing.assert_allclose(z.grad.array, [0.5, 0.5, 0])


@pytest.mark.parametrize(("op", "find"), [(F.max, np.argmax), (F.min, np.argmin)])
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_max_min_along_dim(op: Any, find: Any, dim: int, keepdim: bool) -> None:
    out = op(ad_core.tensor(DATA), dim, keepdim)
    values, indices = out
    assert out.values is values and out.indices is indices
    expected = find(DATA, axis=dim, keepdims=True)
    np.testing.assert_array_equal(indices.array, expected if keepdim else expected.squeeze(dim))
    assert indices.dtype == np.int64
    reduce = np.amax if op is F.max else np.amin
    np.testing.assert_array_equal(values.array, reduce(DATA, axis=dim, keepdims=keepdim))
    assert ad_core.gradcheck(lambda t: op(t, dim, keepdim).values, [leaf(DATA)])
    assert ad_core.gradgradcheck(lambda t: op(t * t, dim, keepdim).values, [leaf(DATA)])


def test_max_along_dim_sends_the_gradient_to_the_first_tie() -> None:
    x = leaf(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]))
    values, indices = F.max(x, dim=1)
    np.testing.assert_array_equal(indices.array, [1, 0])
    values.sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, [[0, 1, 0], [1, 0, 0]])
    assert F.min(ad_core.tensor([2.0, 1.0, 1.0]), 0).indices.item() == 1


def test_max_min_with_other_is_elementwise() -> None:
    a = leaf(np.array([1.0, 5.0]))
    b = leaf(np.array([3.0, 2.0]))
    np.testing.assert_array_equal(F.max(a, b).array, [3.0, 5.0])
    np.testing.assert_array_equal(F.min(a, other=b).array, [1.0, 2.0])
    assert ad_core.gradcheck(lambda s, t: F.max(s, t), [a, b])


def test_max_of_0d_and_nan() -> None:
    values, indices = F.max(ad_core.tensor(3.0), 0)
    assert values.shape == () and indices.item() == 0
    nan = float("nan")
    values, indices = F.max(ad_core.tensor([[1.0, nan, 2.0]]), 1)
    assert np.isnan(values.item()) and indices.item() == 1
    assert np.isnan(F.max(ad_core.tensor([1.0, nan])).item())


def test_named_tuple_repr() -> None:
    out = F.max(ad_core.tensor([[1.0, 4.0]]), 1)
    assert repr(out) == ("ad_ops.return_types.max(\nvalues=tensor([4.]),\nindices=tensor([1]))")
    assert isinstance(out, tuple) and len(out) == 2


def test_argmax_argmin() -> None:
    x = ad_core.tensor(DATA)
    assert F.argmax(x).item() == np.argmax(DATA)
    np.testing.assert_array_equal(F.argmin(x, dim=-1).array, np.argmin(DATA, axis=-1))
    assert F.argmax(x, dim=1, keepdim=True).shape == (2, 1, 4)
    assert F.argmax(x, dim=1).dtype == np.int64
    assert F.argmax(ad_core.tensor([1.0, 3.0, 3.0])).item() == 1


def test_errors_name_the_op() -> None:
    x = ad_core.ones(2, 3)
    with pytest.raises(IndexError, match="max"):
        F.max(x, dim=2)
    with pytest.raises(TypeError, match="amax"):
        F.max(x, (0, 1))  # type: ignore[call-overload]
    with pytest.raises(RuntimeError, match="min"):
        F.min(ad_core.zeros(0, 3), dim=0)
    with pytest.raises(RuntimeError, match="amax"):
        F.amax(ad_core.zeros(0, 3), dim=0)
    with pytest.raises(RuntimeError, match="max"):
        F.max(ad_core.zeros(0))
    with pytest.raises(ValueError, match="amin"):
        F.amin(x, (1, -1))
    with pytest.raises(TypeError, match="argmax"):
        F.argmax(x, dim=1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot be broadcast"):
        F.max(x, ad_core.ones(4))
