"""The fused recurrences: gradients by finite differences (first and second
order), and agreement with the step-by-step composed equations."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import ad_core
from ad_core import Tensor
from ad_nn import recurrence_composed as composed
from ad_nn.recurrence import GRURecurrence, LSTMRecurrence, RNNRecurrence, sigmoid

STEPS, BATCH, FEATURES, HIDDEN = 3, 2, 2, 3
KINDS = ["tanh", "relu", "gru", "lstm"]


def make_inputs(kind: str, seed: int = 0, steps: int = STEPS) -> list[Tensor]:
    """``(x, h0, [c0,] w_ih, w_hh, b_ih, b_hh)`` in float64, requiring grad."""
    rng = np.random.default_rng(seed)
    gates = {"tanh": 1, "relu": 1, "gru": 3, "lstm": 4}[kind] * HIDDEN
    shapes = [(steps, BATCH, FEATURES), (BATCH, HIDDEN)]
    if kind == "lstm":
        shapes.append((BATCH, HIDDEN))
    shapes += [(gates, FEATURES), (gates, HIDDEN), (gates,), (gates,)]
    return [ad_core.tensor(rng.standard_normal(s) * 0.7, requires_grad=True) for s in shapes]


def fused(kind: str, reverse: bool) -> Callable[..., Tensor]:
    def run(*inputs: Tensor) -> Tensor:
        if kind == "gru":
            return GRURecurrence.apply(*inputs, reverse=reverse)
        if kind == "lstm":
            return LSTMRecurrence.apply(*inputs, reverse=reverse)
        return RNNRecurrence.apply(*inputs, nonlinearity=kind, reverse=reverse)

    return run


def steps_of(kind: str, reverse: bool) -> Callable[..., Tensor]:
    def run(*inputs: Tensor) -> Tensor:
        if kind == "gru":
            return composed.gru_steps(*inputs, reverse=reverse)
        if kind == "lstm":
            return composed.lstm_steps(*inputs, reverse=reverse)
        return composed.rnn_steps(*inputs, nonlinearity=kind, reverse=reverse)

    return run


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_gradcheck(kind: str, reverse: bool) -> None:
    assert ad_core.gradcheck(fused(kind, reverse), make_inputs(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_gradgradcheck(kind: str) -> None:
    inputs = make_inputs(kind, seed=1, steps=2)
    assert ad_core.gradgradcheck(fused(kind, True), inputs)


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_matches_composed_equations(kind: str, reverse: bool) -> None:
    inputs = make_inputs(kind, seed=2)
    cotangent = ad_core.tensor(np.random.default_rng(3).standard_normal((1,)))
    expected = steps_of(kind, reverse)(*inputs)
    got = fused(kind, reverse)(*inputs)
    np.testing.assert_allclose(got.array, expected.array, rtol=1e-12, atol=1e-12)
    weights = ad_core.tensor(np.random.default_rng(4).standard_normal(got.shape))
    want = ad_core.grad((expected * weights).sum() * cotangent, inputs)
    have = ad_core.grad((got * weights).sum() * cotangent, inputs)
    for a, b in zip(have, want, strict=True):
        assert a is not None and b is not None
        np.testing.assert_allclose(a.array, b.array, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kind", KINDS)
def test_only_needed_gradients(kind: str) -> None:
    inputs = make_inputs(kind)
    for t in inputs[:2]:
        t.requires_grad_(False)
    out = fused(kind, False)(*inputs)
    out.sum().backward()
    assert inputs[0].grad is None and inputs[1].grad is None
    assert all(t.grad is not None for t in inputs[-4:])


def test_float32_stays_float32() -> None:
    inputs = [Tensor(t.array.astype(np.float32), requires_grad=True) for t in make_inputs("lstm")]
    out = LSTMRecurrence.apply(*inputs)
    out.sum().backward()
    assert out.dtype == np.float32
    assert all(t.grad is not None and t.grad.dtype == np.float32 for t in inputs)


def test_second_backward_through_released_graph_fails() -> None:
    inputs = make_inputs("gru")
    out = GRURecurrence.apply(*inputs).sum()
    out.backward()
    with pytest.raises(RuntimeError, match="second time"):
        out.backward()


def test_sigmoid_saturates_without_overflow() -> None:
    with np.errstate(over="raise"):
        values = sigmoid(np.array([-1e4, -30.0, 0.0, 30.0, 1e4]))
    expected = 1 / (1 + np.exp(-np.array([-700, -30, 0, 30, 700.0])))
    np.testing.assert_allclose(values, expected, rtol=0, atol=1e-15)


def test_bad_input_shape_names_the_operation() -> None:
    x, h0, *weights = make_inputs("gru")
    with pytest.raises(ValueError, match="GRURecurrence: expected input"):
        GRURecurrence.apply(x.reshape(STEPS * BATCH, FEATURES), h0, *weights)


def test_unknown_nonlinearity() -> None:
    with pytest.raises(ValueError, match="RNNRecurrence: nonlinearity must be"):
        RNNRecurrence.apply(*make_inputs("tanh"), nonlinearity="gelu")
