"""tril and triu: values against NumPy, gradients, batches and errors."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(5).standard_normal((2, 3, 4))


@pytest.mark.parametrize("diagonal", [-2, -1, 0, 1, 3])
def test_tril_triu(diagonal: int) -> None:
    for op, ref in ((F.tril, np.tril), (F.triu, np.triu)):
        np.testing.assert_array_equal(op(ad_core.tensor(DATA), diagonal).array, ref(DATA, diagonal))
        assert ad_core.gradcheck(lambda t, op=op: op(t, diagonal), [leaf(DATA)])
        assert ad_core.gradgradcheck(lambda t, op=op: op(t * t, diagonal=diagonal), [leaf(DATA)])


def test_gradient_is_the_same_mask() -> None:
    x = leaf(np.ones((2, 2)))
    F.triu(x).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, [[1.0, 1.0], [0.0, 1.0]])


def test_causal_mask_and_integers() -> None:
    mask = F.triu(ad_core.full((3, 3), float("-inf")), diagonal=1)
    assert mask.array[0, 1] == -np.inf and mask.array[1, 0] == 0
    assert F.tril(ad_core.tensor([[1, 2], [3, 4]])).tolist() == [[1, 0], [3, 4]]


def test_errors() -> None:
    with pytest.raises(ValueError, match="tril: expected a tensor of at least 2 dimensions"):
        F.tril(ad_core.ones(3))
    with pytest.raises(TypeError, match="triu"):
        F.triu(ad_core.ones(2, 2), 0.5)  # type: ignore[arg-type]
