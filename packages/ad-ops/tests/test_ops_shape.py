"""Shape ops: shapes and values against NumPy, gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


rng = np.random.default_rng(3)
A = rng.standard_normal((2, 3, 4))


def check(fn: object, *inputs: Tensor) -> None:
    assert ad_core.gradcheck(fn, list(inputs))  # type: ignore[arg-type]
    assert ad_core.gradgradcheck(fn, list(inputs))  # type: ignore[arg-type]


def test_reshape_transpose_permute() -> None:
    x = leaf(A)
    np.testing.assert_array_equal(F.reshape(x, (4, -1)).array, A.reshape(4, -1))
    np.testing.assert_array_equal(F.transpose(x, 0, -1).array, A.transpose(2, 1, 0))
    np.testing.assert_array_equal(F.permute(x, (1, 2, 0)).array, A.transpose(1, 2, 0))
    check(lambda t: F.reshape(F.permute(t, (2, 0, 1)), (8, 3)), x)
    check(lambda t: F.transpose(t, -2, -1), x)


def test_unsqueeze_squeeze_flatten() -> None:
    x = leaf(A)
    assert F.unsqueeze(x, 0).shape == (1, 2, 3, 4)
    assert F.unsqueeze(x, -1).shape == (2, 3, 4, 1)
    y = ad_core.zeros(1, 3, 1)
    assert F.squeeze(y).shape == (3,)
    assert F.squeeze(y, (0, 1)).shape == (3, 1)
    assert F.squeeze(y, -1).shape == (1, 3)
    assert F.flatten(x).shape == (24,)
    assert F.flatten(x, 1).shape == (2, 12)
    assert F.flatten(x, 0, -2).shape == (6, 4)
    assert F.flatten(ad_core.tensor(1.0)).shape == (1,)
    check(lambda t: F.squeeze(F.unsqueeze(F.flatten(t, 1), 1)), x)
    with pytest.raises(IndexError, match="unsqueeze"):
        F.unsqueeze(x, 4)
    with pytest.raises(ValueError, match="flatten"):
        F.flatten(x, 2, 1)


def test_broadcast_to() -> None:
    x = leaf(rng.standard_normal((3, 1)))
    out = F.broadcast_to(x, (2, -1, 4))
    np.testing.assert_array_equal(out.array, np.broadcast_to(x.array, (2, 3, 4)))
    check(lambda t: F.broadcast_to(t, (2, 3, 4)), x)
    with pytest.raises(ValueError, match="broadcast_to"):
        F.broadcast_to(x, (2, 4))


def test_cat_stack() -> None:
    a, b = leaf(A), leaf(rng.standard_normal((2, 1, 4)))
    np.testing.assert_array_equal(F.cat([a, b], dim=-2).array, np.concatenate([A, b.array], 1))
    check(lambda s, t: F.cat([s, t, s], 1), a, b)
    c = leaf(rng.standard_normal((2, 3, 4)))
    np.testing.assert_array_equal(F.stack([a, c], dim=-1).array, np.stack([A, c.array], -1))
    check(lambda s, t: F.stack((s, t), 1), a, c)
    assert F.cat([A, np.zeros((1, 3, 4))]).shape == (3, 3, 4)
    with pytest.raises(ValueError, match="cat"):
        F.cat([a, b], dim=0)
    with pytest.raises(ValueError, match="stack"):
        F.stack([a, b])
    with pytest.raises(ValueError, match="cat"):
        F.cat([])
    with pytest.raises(TypeError, match="cat"):
        F.cat(a)  # type: ignore[arg-type]


def test_split_chunk() -> None:
    x = leaf(rng.standard_normal((5, 3)))
    assert [p.shape for p in F.split(x, 2)] == [(2, 3), (2, 3), (1, 3)]
    assert [p.shape for p in F.split(x, [1, 2], dim=-1)] == [(5, 1), (5, 2)]
    assert [p.shape for p in F.chunk(x, 3)] == [(2, 3), (2, 3), (1, 3)]
    assert [p.shape for p in F.chunk(x, 2, dim=1)] == [(5, 2), (5, 1)]
    np.testing.assert_array_equal(F.split(x, [3, 2])[1].array, x.array[3:])
    check(lambda t: F.split(t, 2), x)
    check(lambda t: F.chunk(t, 2, -1), x)
    with pytest.raises(ValueError, match="split"):
        F.split(x, [2, 2])
    with pytest.raises(ValueError, match="chunk"):
        F.chunk(x, 0)


def test_pad() -> None:
    x = leaf(A)
    out = F.pad(x, (1, 2, 0, 1), value=5.0)
    expected = np.pad(A, ((0, 0), (0, 1), (1, 2)), constant_values=5.0)
    np.testing.assert_array_equal(out.array, expected)
    check(lambda t: F.pad(t, (1, 2, 0, 1)), x)
    cropped = F.pad(x, (-1, 1, 1, -2))
    np.testing.assert_array_equal(cropped.array[:, 1:, :3], A[:, :1, 1:])
    check(lambda t: F.pad(t, (-1, 1, 1, -2)), x)
    with pytest.raises(ValueError, match="pad"):
        F.pad(x, (1,))
    with pytest.raises(ValueError, match="pad"):
        F.pad(x, (1, 1), mode="reflect")


def test_flip_repeat() -> None:
    x = leaf(A)
    np.testing.assert_array_equal(F.flip(x, (0, -1)).array, A[::-1, :, ::-1])
    check(lambda t: F.flip(t, -2), x)
    y = leaf(rng.standard_normal((2, 3)))
    np.testing.assert_array_equal(F.repeat(y, 2, 1, 3).array, np.tile(y.array, (2, 1, 3)))
    np.testing.assert_array_equal(F.repeat(y, (2, 2)).array, np.tile(y.array, (2, 2)))
    check(lambda t: F.repeat(t, 2, 1, 3), y)
    with pytest.raises(ValueError, match="repeat"):
        F.repeat(y, 2)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=1, max_size=3), st.integers(0, 10))
def test_cat_split_roundtrip(shape: list[int], seed: int) -> None:
    dim = seed % len(shape)
    x = leaf(np.random.default_rng(seed).standard_normal(shape))
    pieces = F.split(x, 1, dim)
    assert len(pieces) == shape[dim]
    np.testing.assert_array_equal(F.cat(list(pieces), dim).array, x.array)
    assert ad_core.gradcheck(lambda t: F.cat(list(F.split(t, 2, dim))[::-1], dim), [x])
