"""Activations: values against references, stability at +-1000, gradients."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

import ad_core
import ad_ops as F
from ad_core import Tensor

Op = Callable[[Tensor], Tensor]


def leaf(array: np.ndarray) -> Tensor:
    return ad_core.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


DATA = np.random.default_rng(1).uniform(-3, 3, (3, 5))
ERF = np.vectorize(math.erf)


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-a)))


CASES: list[tuple[str, Op, Callable[[np.ndarray], np.ndarray]]] = [
    ("tanh", F.tanh, np.tanh),
    ("sigmoid", F.sigmoid, _sigmoid),
    ("leaky_relu", lambda t: F.leaky_relu(t, 0.2), lambda a: np.where(a > 0, a, 0.2 * a)),
    ("elu", lambda t: F.elu(t, 1.5), lambda a: np.where(a > 0, a, 1.5 * np.expm1(a))),
    ("gelu", F.gelu, lambda a: a * 0.5 * (1 + ERF(a / math.sqrt(2)))),
    (
        "gelu_tanh",
        lambda t: F.gelu(t, approximate="tanh"),
        lambda a: 0.5 * a * (1 + np.tanh(math.sqrt(2 / math.pi) * (a + 0.044715 * a**3))),
    ),
    ("silu", F.silu, lambda a: a * _sigmoid(a)),
    ("softplus", F.softplus, lambda a: np.log1p(np.exp(a))),
    (
        "softplus_beta",
        lambda t: F.softplus(t, beta=2.0, threshold=4.0),
        lambda a: np.where(2 * a > 4, a, np.log1p(np.exp(2 * a)) / 2),
    ),
    ("relu", F.relu, lambda a: np.maximum(a, 0)),
]


@pytest.mark.parametrize(("name", "op", "ref"), CASES, ids=[c[0] for c in CASES])
def test_values_and_gradients(name: str, op: Op, ref: Callable[[np.ndarray], np.ndarray]) -> None:
    np.testing.assert_allclose(op(ad_core.tensor(DATA)).array, ref(DATA), rtol=1e-12, atol=1e-14)
    assert ad_core.gradcheck(op, [leaf(DATA)])
    assert ad_core.gradcheck(op, [leaf(DATA.T)])
    if name not in ("relu", "leaky_relu"):
        assert ad_core.gradgradcheck(op, [leaf(DATA)])


@pytest.mark.parametrize("op", [F.sigmoid, F.softplus, F.silu, F.tanh, F.gelu, F.elu])
def test_finite_at_extremes(op: Op) -> None:
    x = leaf(np.array([-1000.0, 1000.0]))
    y = op(x)
    assert np.all(np.isfinite(y.array))
    y.sum().backward()
    assert x.grad is not None and np.all(np.isfinite(x.grad.array))


def test_sigmoid_softplus_at_extremes_exact() -> None:
    x = leaf(np.array([-1000.0, 1000.0]))
    F.sigmoid(x).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(F.sigmoid(x).array, [0.0, 1.0])
    np.testing.assert_array_equal(x.grad.array, [0.0, 0.0])
    z = leaf(np.array([-1000.0, 1000.0]))
    F.softplus(z).sum().backward()
    assert z.grad is not None
    np.testing.assert_array_equal(F.softplus(z).array, [0.0, 1000.0])
    np.testing.assert_array_equal(z.grad.array, [0.0, 1.0])


def test_relu_gradient_zero_at_zero() -> None:
    x = leaf(np.array([-1.0, 0.0, 2.0]))
    F.relu(x).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, [0.0, 0.0, 1.0])
    assert F.relu(ad_core.tensor([-np.inf, np.inf])).tolist() == [0.0, np.inf]


def test_float32_preserved() -> None:
    x = ad_core.randn(4)
    for op in (F.relu, F.gelu, F.sigmoid, F.silu, F.softplus, F.elu, F.tanh):
        assert op(x).dtype == np.float32


def test_bad_arguments_name_the_op() -> None:
    with pytest.raises(ValueError, match="gelu"):
        F.gelu(ad_core.ones(2), approximate="fast")
    with pytest.raises(ValueError, match="softplus"):
        F.softplus(ad_core.ones(2), beta=0)
