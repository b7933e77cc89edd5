"""roll: values against NumPy, gradients (the opposite shift), errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(6).standard_normal((3, 4))


@pytest.mark.parametrize(
    ("shifts", "dims"),
    [(1, None), (-5, None), (2, 0), (1, -1), ((1, -2), (0, 1)), ((1, 1), (1, 1))],
)
def test_roll(shifts: Any, dims: Any) -> None:
    out = F.roll(ad_core.tensor(DATA), shifts, dims)
    np.testing.assert_array_equal(out.array, np.roll(DATA, shifts, axis=dims))
    assert ad_core.gradcheck(lambda t: F.roll(t, shifts, dims), [leaf(DATA)])
    assert ad_core.gradgradcheck(lambda t: F.roll(t * t, shifts, dims), [leaf(DATA)])


def test_gradient_shifts_back() -> None:
    x = leaf(np.array([1.0, 2.0, 3.0]))
    (F.roll(x, 1) * ad_core.tensor([1.0, 10.0, 100.0])).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, [10.0, 100.0, 1.0])


def test_errors() -> None:
    x = ad_core.ones(2, 3)
    with pytest.raises(ValueError, match="roll"):
        F.roll(x, (1, 2))
    with pytest.raises(ValueError, match="roll: shifts and dims must have the same length"):
        F.roll(x, 1, (0, 1))
    with pytest.raises(IndexError, match="roll"):
        F.roll(x, 1, 2)
    with pytest.raises(TypeError, match="roll"):
        F.roll(x, 1.5)  # type: ignore[arg-type]
