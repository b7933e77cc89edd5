"""narrow and unbind: values, gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(7).standard_normal((3, 4))


def test_narrow() -> None:
    x = ad_core.tensor(DATA)
    np.testing.assert_array_equal(F.narrow(x, 1, 1, 2).array, DATA[:, 1:3])
    np.testing.assert_array_equal(F.narrow(x, 0, -2, 2).array, DATA[1:])
    np.testing.assert_array_equal(F.narrow(x, -1, ad_core.tensor(3), 1).array, DATA[:, 3:])
    assert F.narrow(x, 0, 3, 0).shape == (0, 4)
    assert ad_core.gradcheck(lambda t: F.narrow(t, 1, 1, 2), [leaf(DATA)])
    assert ad_core.gradgradcheck(lambda t: F.narrow(t * t, 0, 1, 1), [leaf(DATA)])


def test_narrow_errors() -> None:
    x = ad_core.ones(3, 4)
    with pytest.raises(ValueError, match=r"narrow: start \(2\) \+ length \(3\) exceeds"):
        F.narrow(x, 0, 2, 3)
    with pytest.raises(IndexError, match="narrow: start 5 is out of range"):
        F.narrow(x, 0, 5, 0)
    with pytest.raises(IndexError, match="narrow"):
        F.narrow(x, 2, 0, 1)
    with pytest.raises(ValueError, match="narrow"):
        F.narrow(ad_core.tensor(1.0), 0, 0, 1)


def test_unbind() -> None:
    x = leaf(DATA)
    parts = F.unbind(x, 1)
    assert len(parts) == 4
    for i, p in enumerate(parts):
        np.testing.assert_array_equal(p.array, DATA[:, i])
    (parts[0] * 2 + parts[3]).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, np.tile([2.0, 0.0, 0.0, 1.0], (3, 1)))
    assert ad_core.gradcheck(lambda t: F.unbind(t), [leaf(DATA)])
    assert F.unbind(ad_core.zeros(0, 2)) == ()
    with pytest.raises(ValueError, match="unbind"):
        F.unbind(ad_core.tensor(1.0))
