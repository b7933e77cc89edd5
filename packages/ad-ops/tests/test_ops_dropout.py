"""dropout, dropout1d, dropout2d: masks, scaling, reproducibility, gradients, errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
from ad_ops.dropout import dropout, dropout1d, dropout2d


def test_inverted_scaling_and_rate() -> None:
    x = ad_core.ones(200, 500)
    y = dropout(x, 0.3, generator=np.random.default_rng(0))
    values = np.unique(y.array)
    np.testing.assert_allclose(values, [0.0, 1 / 0.7], rtol=1e-6)
    assert abs(float((y.array == 0).mean()) - 0.3) < 0.01
    assert y.dtype == np.float32


def test_gradient_is_the_mask() -> None:
    x = ad_core.tensor(np.random.default_rng(1).standard_normal((4, 5)), requires_grad=True)
    y = dropout(x, 0.5, generator=np.random.default_rng(2))
    y.sum().backward()
    assert x.grad is not None
    kept = y.array != 0
    np.testing.assert_allclose(x.grad.array, np.where(kept, 2.0, 0.0))
    np.testing.assert_allclose(y.array, np.where(kept, 2 * x.array, 0.0))


def test_gradcheck_and_gradgradcheck_with_a_fixed_mask() -> None:
    x = ad_core.tensor(np.random.default_rng(3).standard_normal((3, 4)), requires_grad=True)

    def f(t: Any) -> ad_core.Tensor:
        return dropout(t, 0.4, generator=np.random.default_rng(4)) ** 2

    assert ad_core.gradcheck(f, [x])
    assert ad_core.gradgradcheck(f, [x])


def test_generator_and_manual_seed_make_it_reproducible() -> None:
    x = ad_core.ones(50)
    a = dropout(x, 0.5, generator=np.random.default_rng(7))
    b = dropout(x, 0.5, generator=np.random.default_rng(7))
    np.testing.assert_array_equal(a.array, b.array)
    ad_core.manual_seed(11)
    c = dropout(x, 0.5)
    ad_core.manual_seed(11)
    np.testing.assert_array_equal(c.array, dropout(x, 0.5).array)


def test_identity_cases_and_p_one() -> None:
    x = ad_core.randn(3, 4, requires_grad=True)
    assert dropout(x, 0.5, training=False) is x
    assert dropout(x, 0.0) is x
    assert dropout2d(ad_core.ones(1, 2, 3, 3), 0.9, training=False).array.sum() == 18
    y = dropout(x, 1.0)
    np.testing.assert_array_equal(y.array, np.zeros((3, 4)))
    y.sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, np.zeros((3, 4)))


@pytest.mark.parametrize(
    ("fn", "shape", "mask_axes"),
    [
        (dropout1d, (6, 8, 5), (2,)),
        (dropout1d, (8, 5), (1,)),
        (dropout2d, (6, 8, 3, 4), (2, 3)),
        (dropout2d, (8, 3, 4), (1, 2)),
    ],
)
def test_channel_dropout_drops_whole_channels(
    fn: Any, shape: tuple[int, ...], mask_axes: tuple[int, ...]
) -> None:
    x = ad_core.tensor(np.random.default_rng(5).uniform(1, 2, shape), requires_grad=True)
    y = fn(x, 0.5, generator=np.random.default_rng(6))
    kept = y.array != 0
    assert (kept == kept.all(axis=mask_axes, keepdims=True)).all()
    assert 0 < kept.mean() < 1
    np.testing.assert_allclose(y.array, np.where(kept, 2 * x.array, 0.0))
    y.sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.array, np.where(kept, 2.0, 0.0))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: dropout(ad_core.ones(3), 1.5),
            ValueError,
            "dropout: dropout probability has to be between 0 and 1, but got 1.5",
        ),
        (lambda: dropout(ad_core.ones(3), -0.1), ValueError, "dropout: dropout probability"),
        (
            lambda: dropout(ad_core.ones(3), "0.5"),  # type: ignore[arg-type]
            TypeError,
            "dropout: expected p to be a number, got '0.5'",
        ),
        (
            lambda: dropout(ad_core.ones(3), 0.5, inplace=True),
            NotImplementedError,
            "dropout: inplace=True is not supported",
        ),
        (
            lambda: dropout(ad_core.tensor([1, 2]), 0.5),
            TypeError,
            "dropout: expected a floating input",
        ),
        (
            lambda: dropout1d(ad_core.ones(2, 3, 4, 5), 0.5),
            ValueError,
            r"dropout1d: expected input of 2 \(unbatched\) or 3 \(batched\) dimensions",
        ),
        (
            lambda: dropout2d(ad_core.ones(2, 3), 0.5),
            ValueError,
            r"dropout2d: expected input of 3 \(unbatched\) or 4 \(batched\) dimensions",
        ),
        (
            lambda: dropout2d(ad_core.ones(2, 3, 4, 4), 2.0),
            ValueError,
            "dropout2d: dropout probability",
        ),
    ],
)
def test_bad_input_names_the_op(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()
