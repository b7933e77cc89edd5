"""embedding: lookup, accumulation of repeated ids, padding_idx."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


W = np.random.default_rng(6).standard_normal((5, 3))
IDS = np.array([[0, 4, 4], [1, 0, 2]])


def test_lookup_and_gradients() -> None:
    w = leaf(W)
    out = F.embedding(IDS, w)
    assert out.shape == (2, 3, 3)
    np.testing.assert_array_equal(out.array, W[IDS])
    assert ad_core.gradcheck(lambda t: F.embedding(IDS, t), [w])
    assert ad_core.gradgradcheck(lambda t: F.embedding(IDS, t * t), [w])
    F.embedding(ad_core.tensor(IDS), w).sum().backward()
    assert w.grad is not None
    np.testing.assert_array_equal(w.grad.array[:, 0], [2, 1, 1, 0, 2])


def test_padding_idx_gets_no_gradient() -> None:
    w = leaf(W)
    out = F.embedding(IDS, w, padding_idx=-1)
    np.testing.assert_array_equal(out.array, W[IDS])
    out.sum().backward()
    assert w.grad is not None
    np.testing.assert_array_equal(w.grad.array[4], 0.0)
    np.testing.assert_array_equal(w.grad.array[0], 2.0)
    v = leaf(W)
    second = ad_core.grad((F.embedding(IDS, v, padding_idx=0) ** 2).sum(), v, create_graph=True)[0]
    assert second is not None
    np.testing.assert_array_equal(second.array[0], 0.0)


def test_errors() -> None:
    with pytest.raises(TypeError, match="embedding"):
        F.embedding(np.array([0.0]), W)
    with pytest.raises(IndexError, match="embedding"):
        F.embedding(np.array([5]), W)
    with pytest.raises(ValueError, match="embedding"):
        F.embedding(np.array([0]), W[0])
    with pytest.raises(ValueError, match="embedding"):
        F.embedding(np.array([0]), W, padding_idx=7)
