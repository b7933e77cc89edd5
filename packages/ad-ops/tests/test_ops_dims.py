"""movedim and unflatten: shapes against NumPy, gradients, errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(8).standard_normal((2, 3, 4))


@pytest.mark.parametrize(
    ("source", "destination"), [(0, -1), (-1, 0), ((0, 1), (2, 0)), ([2, 0], [0, 1]), ((), ())]
)
def test_movedim(source: Any, destination: Any) -> None:
    out = F.movedim(ad_core.tensor(DATA), source, destination)
    np.testing.assert_array_equal(out.array, np.moveaxis(DATA, source, destination))
    assert ad_core.gradcheck(lambda t: F.movedim(t, source, destination), [leaf(DATA)])


def test_movedim_errors() -> None:
    x = ad_core.ones(2, 3)
    with pytest.raises(ValueError, match="movedim"):
        F.movedim(x, (0, 1), 0)
    with pytest.raises(ValueError, match="movedim: source"):
        F.movedim(x, (0, 0), (0, 1))
    with pytest.raises(IndexError, match="movedim"):
        F.movedim(x, 2, 0)


def test_unflatten() -> None:
    x = ad_core.tensor(DATA)
    assert F.unflatten(x, -1, (2, 2)).shape == (2, 3, 2, 2)
    assert F.unflatten(x, 1, (-1, 1)).shape == (2, 3, 1, 4)
    np.testing.assert_array_equal(F.unflatten(x, 2, [4]).array, DATA)
    assert F.unflatten(ad_core.zeros(0), 0, (0, 5)).shape == (0, 5)
    assert ad_core.gradcheck(lambda t: F.unflatten(t, 2, (2, -1)), [leaf(DATA)])
    for bad in [(3, 2), (-1, -1), (5, -1), (), (-2, -2)]:
        with pytest.raises(ValueError, match="unflatten"):
            F.unflatten(x, 2, bad)
    with pytest.raises(ValueError, match="unflatten"):
        F.unflatten(ad_core.tensor(1.0), 0, (1,))


def test_float_dims_are_refused() -> None:
    with pytest.raises(TypeError, match="movedim: source"):
        F.movedim(ad_core.ones(2), 0.0, 0)  # type: ignore[arg-type]
