"""Recurrent cells: PyTorch's equations and gate order, gradients, shapes,
initialisation and bad input."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

import ad_core
from ad_core import NDArray, Tensor
from ad_nn.rnn_cell import GRUCell, LSTMCell, RNNCell, RNNCellBase


def sig(a: NDArray) -> NDArray:
    return np.asarray(1 / (1 + np.exp(-a)))


def arrays(cell: RNNCellBase) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    assert cell.bias_ih is not None and cell.bias_hh is not None
    return cell.weight_ih.array, cell.weight_hh.array, cell.bias_ih.array, cell.bias_hh.array


def inputs(batch: int = 3, features: int = 4, hidden: int = 5) -> tuple[Tensor, Tensor, Tensor]:
    rng = np.random.default_rng(0)
    return (
        ad_core.tensor(rng.standard_normal((batch, features)), requires_grad=True),
        ad_core.tensor(rng.standard_normal((batch, hidden)), requires_grad=True),
        ad_core.tensor(rng.standard_normal((batch, hidden)), requires_grad=True),
    )


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_cell_equation(nonlinearity: str) -> None:
    cell = RNNCell(4, 5, nonlinearity=nonlinearity).double()
    x, h, _ = inputs()
    w_ih, w_hh, b_ih, b_hh = arrays(cell)
    a = x.array @ w_ih.T + b_ih + h.array @ w_hh.T + b_hh
    expected = np.tanh(a) if nonlinearity == "tanh" else np.maximum(a, 0)
    np.testing.assert_allclose(cell(x, h).array, expected, rtol=1e-12)


def test_gru_cell_equation_and_gate_order() -> None:
    cell = GRUCell(4, 5).double()
    x, h, _ = inputs()
    w_ih, w_hh, b_ih, b_hh = arrays(cell)
    gi, gh = x.array @ w_ih.T + b_ih, h.array @ w_hh.T + b_hh
    r = sig(gi[:, :5] + gh[:, :5])
    z = sig(gi[:, 5:10] + gh[:, 5:10])
    n = np.tanh(gi[:, 10:] + r * gh[:, 10:])
    np.testing.assert_allclose(cell(x, h).array, (1 - z) * n + z * h.array, rtol=1e-12)


def test_lstm_cell_equation_and_gate_order() -> None:
    cell = LSTMCell(4, 5).double()
    x, h, c = inputs()
    w_ih, w_hh, b_ih, b_hh = arrays(cell)
    a = x.array @ w_ih.T + b_ih + h.array @ w_hh.T + b_hh
    i, f, g, o = sig(a[:, :5]), sig(a[:, 5:10]), np.tanh(a[:, 10:15]), sig(a[:, 15:])
    c_new = f * c.array + i * g
    h_out, c_out = cell(x, (h, c))
    np.testing.assert_allclose(c_out.array, c_new, rtol=1e-12)
    np.testing.assert_allclose(h_out.array, o * np.tanh(c_new), rtol=1e-12)


@pytest.mark.parametrize("kind", ["rnn_tanh", "rnn_relu", "gru", "lstm"])
def test_gradcheck_cells(kind: str) -> None:
    _ = ad_core.manual_seed(1)
    x, h, c = inputs(batch=2, features=3, hidden=2)
    if kind == "lstm":
        lstm = LSTMCell(3, 2).double()

        def run_lstm(x: Tensor, h: Tensor, c: Tensor, *params: Tensor) -> tuple[Tensor, Tensor]:
            h_new, c_new = lstm(x, (h, c))
            return h_new, c_new

        assert ad_core.gradcheck(run_lstm, [x, h, c, *lstm.parameters()])
        return
    cell: RNNCellBase = (
        GRUCell(3, 2) if kind == "gru" else RNNCell(3, 2, nonlinearity=kind[4:])
    ).double()

    def run(x: Tensor, h: Tensor, *params: Tensor) -> Tensor:
        out: Tensor = cell(x, h)
        return out

    assert ad_core.gradcheck(run, [x, h, *cell.parameters()])


@pytest.mark.parametrize("cls", [RNNCell, GRUCell, LSTMCell])
def test_unbatched_and_default_state(cls: Callable[..., RNNCellBase]) -> None:
    cell = cls(4, 5)
    x = ad_core.randn(3, 4)
    batched = cell(x)
    single = cell(x[1])
    zeros = ad_core.zeros(3, 5)
    explicit = cell(x, (zeros, zeros) if cls is LSTMCell else zeros)
    if cls is LSTMCell:
        assert single[0].shape == (5,) and single[1].shape == (5,)
        for a, b, d in zip(batched, single, explicit, strict=True):
            np.testing.assert_allclose(a.array[1], b.array, rtol=1e-6)
            np.testing.assert_array_equal(a.array, d.array)
    else:
        assert batched.shape == (3, 5) and single.shape == (5,)
        np.testing.assert_allclose(batched.array[1], single.array, rtol=1e-6)
        np.testing.assert_array_equal(batched.array, explicit.array)


def test_parameters_names_shapes_and_initialisation() -> None:
    _ = ad_core.manual_seed(0)
    cell = LSTMCell(3, 16)
    shapes = {name: p.shape for name, p in cell.named_parameters()}
    assert shapes == {
        "weight_ih": (64, 3),
        "weight_hh": (64, 16),
        "bias_ih": (64,),
        "bias_hh": (64,),
    }
    bound = 1 / math.sqrt(16)
    for p in cell.parameters():
        assert p.dtype == np.float32
        assert np.all(np.abs(p.array) <= bound) and np.std(p.array) > bound / 3
    _ = ad_core.manual_seed(0)
    again = LSTMCell(3, 16)
    np.testing.assert_array_equal(again.weight_hh.array, cell.weight_hh.array)


def test_no_bias() -> None:
    cell = GRUCell(2, 3, bias=False)
    assert [name for name, _ in cell.named_parameters()] == ["weight_ih", "weight_hh"]
    assert cell.bias_ih is None
    x = ad_core.randn(4, 2)
    out = cell(x)
    out.sum().backward()
    assert cell.weight_ih.grad is not None and out.shape == (4, 3)
    assert repr(cell) == "GRUCell(2, 3, bias=False)"


def test_repr() -> None:
    assert repr(RNNCell(2, 3, nonlinearity="relu")) == "RNNCell(2, 3, nonlinearity='relu')"


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="RNNCell: nonlinearity"):
        RNNCell(2, 3, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="GRUCell: expected hidden_size to be at least 1, got 0"):
        GRUCell(2, 0)
    cell = LSTMCell(2, 3)
    with pytest.raises(ValueError, match=r"LSTMCell: expected input of shape \(N, 2\)"):
        cell(ad_core.randn(4, 3))
    with pytest.raises(ValueError, match=r"LSTMCell: expected hidden state of shape \(4, 3\)"):
        cell(ad_core.randn(4, 2), (ad_core.randn(4, 2), ad_core.randn(4, 3)))
    with pytest.raises(TypeError, match="LSTMCell: expected hx to be a tuple"):
        cell(ad_core.randn(4, 2), ad_core.randn(4, 3))
