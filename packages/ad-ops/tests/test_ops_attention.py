"""scaled_dot_product_attention: values against a NumPy reference, masks, fully
masked rows, broadcasting, grouped queries, dropout, gradients, memory, errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor
from ad_ops.attention import ScaledDotProductAttention

RNG = np.random.default_rng(0)


def leaf(*shape: int) -> Tensor:
    return ad_core.tensor(RNG.standard_normal(shape), requires_grad=True)


def reference(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mask: np.ndarray | None = None,
    causal: bool = False,
    scale: float | None = None,
) -> np.ndarray:
    """The textbook formula, row by row in float64."""
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ np.swapaxes(k, -1, -2) * scale
    if causal:
        scores = np.where(np.tri(*scores.shape[-2:], dtype=np.bool_), scores, -np.inf)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf) if mask.dtype == bool else scores + mask
    with np.errstate(invalid="ignore"):
        e = np.exp(scores - scores.max(-1, keepdims=True))
        probs = e / e.sum(-1, keepdims=True)
    return np.asarray(np.nan_to_num(probs) @ v)


def attend(*args: Any, **kwargs: Any) -> Tensor:
    return F.scaled_dot_product_attention(*args, **kwargs)


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize(("queries", "keys"), [(4, 6), (6, 4), (5, 5)])
def test_values_and_causal_alignment(causal: bool, queries: int, keys: int) -> None:
    q, k, v = leaf(2, 3, queries, 5), leaf(2, 3, keys, 5), leaf(2, 3, keys, 7)
    out = attend(q, k, v, is_causal=causal)
    assert out.shape == (2, 3, queries, 7)
    np.testing.assert_allclose(out.array, reference(q.array, k.array, v.array, causal=causal))


def test_masks_bool_and_float_broadcast_over_batch_and_heads() -> None:
    q, k, v = leaf(2, 3, 4, 5), leaf(2, 3, 6, 5), leaf(2, 3, 6, 7)
    allowed = RNG.random((4, 6)) > 0.4
    allowed[:, 0] = True
    np.testing.assert_allclose(
        attend(q, k, v, attn_mask=ad_core.tensor(allowed)).array,
        reference(q.array, k.array, v.array, mask=allowed),
    )
    additive = RNG.standard_normal((3, 1, 6))
    np.testing.assert_allclose(
        attend(q, k, v, attn_mask=additive).array,
        reference(q.array, k.array, v.array, mask=additive),
    )


def test_batch_dimensions_broadcast_and_scale() -> None:
    q, k, v = leaf(2, 3, 4, 5), leaf(1, 3, 6, 5), leaf(3, 6, 2)
    out = attend(q, k, v, scale=0.3)
    np.testing.assert_allclose(out.array, reference(q.array, k.array, v.array, scale=0.3))
    assert ad_core.gradcheck(lambda a, b, c: attend(a, b, c, scale=0.3), [q, k, v])
    q2, k2, v2 = leaf(4, 5), leaf(6, 5), leaf(6, 3)
    np.testing.assert_allclose(attend(q2, k2, v2).array, reference(q2.array, k2.array, v2.array))


def test_fully_masked_rows_give_zeros_and_zero_gradients() -> None:
    # PyTorch 2.13 returns zeros (not NaN) for a query that may attend to nothing,
    # for boolean masks and for rows of -inf alike.
    q, k, v = leaf(2, 4, 3), leaf(2, 5, 3), leaf(2, 5, 2)
    allowed = np.ones((4, 5), dtype=bool)
    allowed[1] = False
    additive = np.where(allowed, 0.0, -np.inf)
    for mask in (allowed, additive):
        for t in (q, k, v):
            t.grad = None
        out = attend(q, k, v, attn_mask=mask)
        np.testing.assert_array_equal(out.array[:, 1], 0.0)
        np.testing.assert_allclose(out.array[:, 0], reference(q.array, k.array, v.array)[:, 0])
        (out * out).sum().backward()
        assert q.grad is not None and k.grad is not None
        np.testing.assert_array_equal(q.grad.array[:, 1], 0.0)
        assert np.isfinite(q.grad.array).all() and np.isfinite(k.grad.array).all()
    assert ad_core.gradcheck(lambda a, b, c: attend(a, b, c, attn_mask=allowed), [q, k, v])
    assert ad_core.gradgradcheck(lambda a, b, c: attend(a, b, c, attn_mask=allowed), [q, k, v])


def test_grouped_query_attention_repeats_each_key_head() -> None:
    q, k, v = leaf(2, 4, 3, 5), leaf(2, 2, 6, 5), leaf(2, 2, 6, 7)
    mask = RNG.standard_normal((4, 3, 6))
    out = attend(q, k, v, attn_mask=mask, enable_gqa=True)
    k2, v2 = (np.repeat(t.array, 2, axis=1) for t in (k, v))
    np.testing.assert_allclose(out.array, reference(q.array, k2, v2, mask=mask))
    assert ad_core.gradcheck(lambda a, b, c: attend(a, b, c, enable_gqa=True), [q, k, v])


def test_gradcheck_and_gradgradcheck() -> None:
    q, k, v, m = leaf(2, 3, 5), leaf(2, 4, 5), leaf(2, 4, 3), leaf(3, 4)
    allowed = RNG.random((3, 4)) > 0.3
    cases: list[tuple[Any, list[Tensor]]] = [
        (lambda a, b, c, d: attend(a, b, c, attn_mask=d), [q, k, v, m]),
        (lambda a, b, c: attend(a, b, c, is_causal=True), [q, k, v]),
        (lambda a, b, c: attend(a, b, c, attn_mask=allowed), [q, k, v]),
    ]
    for fn, inputs in cases:
        assert ad_core.gradcheck(fn, inputs)
        assert ad_core.gradgradcheck(fn, inputs)


def test_only_some_inputs_require_grad() -> None:
    q, v = leaf(3, 4), leaf(5, 2)
    k = ad_core.tensor(RNG.standard_normal((5, 4)))
    assert ad_core.gradcheck(lambda a, c: attend(a, k, c), [q, v])
    (g,) = ad_core.grad(attend(q, k, v.detach()).sum(), [q])
    assert g is not None and g.shape == (3, 4)


def test_dropout_zero_is_exact_and_dropout_rate_is_statistically_right() -> None:
    q, k, v = leaf(2, 4, 3), leaf(2, 5, 3), leaf(2, 5, 2)
    np.testing.assert_array_equal(attend(q, k, v, dropout_p=0.0).array, attend(q, k, v).array)
    # Equal scores and an identity value: the output rows are the dropped weights.
    size, p = 64, 0.3
    zeros = ad_core.zeros(20, size, 4, dtype=np.float64)
    ad_core.manual_seed(0)
    weights = attend(zeros, zeros, ad_core.eye(size, dtype=np.float64), dropout_p=p).array
    np.testing.assert_allclose(np.unique(weights), [0.0, 1 / (size * (1 - p))])
    dropped = float((weights == 0).mean())
    assert abs(dropped - p) < 4 * np.sqrt(p * (1 - p) / weights.size)
    ad_core.manual_seed(0)
    np.testing.assert_array_equal(
        attend(zeros, zeros, ad_core.eye(size, dtype=np.float64), dropout_p=p).array, weights
    )
    assert not attend(q, k, v, dropout_p=1.0).array.any()


def test_dropout_gradients_use_the_forward_mask() -> None:
    q, k, v = leaf(2, 4, 3), leaf(2, 5, 3), leaf(2, 5, 2)

    def fn(a: Tensor, b: Tensor, c: Tensor) -> Tensor:
        ad_core.manual_seed(3)
        return attend(a, b, c, dropout_p=0.4)

    assert ad_core.gradcheck(fn, [q, k, v])
    assert ad_core.gradgradcheck(fn, [q, k, v])


def saved(node: ScaledDotProductAttention) -> tuple[object, ...]:
    return node.probs, node.keep, node.out


def test_one_node_keeps_the_probabilities_once() -> None:
    q, k, v = leaf(2, 3, 4, 5), leaf(2, 3, 6, 5), leaf(2, 3, 6, 7)
    out = attend(q, k, v, is_causal=True)
    node = out.grad_fn
    assert isinstance(node, ScaledDotProductAttention)
    assert node.probs is not None and node.probs.shape == (2, 3, 4, 6)
    assert node.keep is None and node.out is out.array
    np.testing.assert_allclose(node.probs.sum(-1), 1.0)
    out.sum().backward()
    assert saved(node) == (None, None, None)


def test_float32_stays_float32_and_mask_dtype_follows_query() -> None:
    q = ad_core.randn(2, 3, 4)
    assert attend(q, q, q).dtype == np.float32
    mask = ad_core.tensor(RNG.standard_normal((3, 3)))  # float64 next to float32
    assert attend(q, q, q, attn_mask=mask).dtype == np.float32


def test_errors_name_the_operation() -> None:
    q = ad_core.randn(2, 3, 4)
    with pytest.raises(ValueError, match="scaled_dot_product_attention: expected query"):
        attend(ad_core.randn(4), q, q)
    with pytest.raises(TypeError, match="one floating dtype"):
        attend(q, q.double(), q)
    with pytest.raises(ValueError, match=r"key \(\.\.\., S, E\)"):
        attend(q, ad_core.randn(2, 3, 5), q)
    with pytest.raises(ValueError, match="between 0 and 1"):
        attend(q, q, q, dropout_p=1.5)
    with pytest.raises(RuntimeError, match="is_causal"):
        attend(q, q, q, attn_mask=ad_core.ones(3, 3), is_causal=True)
    with pytest.raises(ValueError, match="attn_mask of shape"):
        attend(q, q, q, attn_mask=ad_core.ones(4, 3))
    with pytest.raises(TypeError, match="bool or floating attn_mask"):
        attend(q, q, q, attn_mask=np.ones((3, 3), dtype=np.int64))
    with pytest.raises(ValueError, match="must divide"):
        kv = ad_core.randn(1, 2, 2, 4)
        attend(ad_core.randn(1, 3, 2, 4), kv, kv, enable_gqa=True)
    with pytest.raises(ValueError, match="cannot be broadcast"):
        attend(q, ad_core.randn(3, 3, 4), ad_core.randn(3, 3, 4))
