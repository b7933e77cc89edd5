"""Embedding: lookup values, padding row and gradients."""

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def test_padding_row_starts_at_zero_and_gets_no_gradient() -> None:
    emb = nn.Embedding(5, 3, padding_idx=1)
    np.testing.assert_array_equal(emb.weight.array[1], [0.0, 0.0, 0.0])
    ids = np.array([[1, 2], [2, 4]])
    out = emb(ids)
    np.testing.assert_array_equal(out.array, emb.weight.array[ids])
    (out * out).sum().backward()
    assert emb.weight.grad is not None
    grad = emb.weight.grad.array
    np.testing.assert_array_equal(grad[1], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(grad[2], 4 * emb.weight.array[2], rtol=1e-6)
    np.testing.assert_array_equal(grad[0], [0.0, 0.0, 0.0])


def test_negative_padding_idx_and_repr() -> None:
    emb = nn.Embedding(4, 2, padding_idx=-1)
    assert emb.padding_idx == 3 and repr(emb) == "Embedding(4, 2, padding_idx=3)"
    assert repr(nn.Embedding(4, 2)) == "Embedding(4, 2)"


def test_from_pretrained_and_gradcheck() -> None:
    table = np.arange(6.0).reshape(3, 2)
    emb = nn.Embedding.from_pretrained(table, freeze=False)
    assert emb.weight.requires_grad
    ids = ad_core.tensor(np.array([0, 2, 2]))
    assert ad_core.gradcheck(lambda w: emb(ids), [emb.weight])


def test_embedding_errors() -> None:
    with pytest.raises(ValueError, match="padding_idx"):
        nn.Embedding(3, 2, padding_idx=3)
    with pytest.raises(NotImplementedError, match="max_norm"):
        nn.Embedding(3, 2, max_norm=1.0)
    with pytest.raises(IndexError):
        nn.Embedding(3, 2)(np.array([3]))
