"""Recurrent layers: shapes of every layout, PyTorch's values, layers made of
cells, gradients, dropout, long sequences, state dicts and bad input."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import Tensor
from ad_nn import recurrence_composed as composed
from ad_nn.rnn import GRU, LSTM, RNN, RNNBase
from ad_nn.rnn_cell import GRUCell, LSTMCell, RNNCell

LAYERS: dict[str, Callable[..., RNNBase]] = {"RNN": RNN, "GRU": GRU, "LSTM": LSTM}


def run(layer: RNNBase, x: Tensor, hx: Any = None) -> tuple[Tensor, Tensor, Tensor | None]:
    """``(output, h_n, c_n or None)`` of any layer."""
    output, state = layer(x, hx)
    if isinstance(layer, LSTM):
        return output, state[0], state[1]
    return output, state, None


@pytest.mark.parametrize(
    ("name", "num_layers", "bidirectional", "batch_first", "batched"),
    list(itertools.product(LAYERS, [1, 2, 3], [False, True], [False, True], [False, True])),
)
def test_shapes(
    name: str, num_layers: int, bidirectional: bool, batch_first: bool, batched: bool
) -> None:
    steps, batch, features, hidden = 5, 3, 4, 6
    layer = LAYERS[name](
        features, hidden, num_layers, batch_first=batch_first, bidirectional=bidirectional
    )
    d = 2 if bidirectional else 1
    if not batched:
        x_shape: tuple[int, ...] = (steps, features)
        out_shape: tuple[int, ...] = (steps, d * hidden)
        h_shape: tuple[int, ...] = (num_layers * d, hidden)
    elif batch_first:
        x_shape, out_shape = (batch, steps, features), (batch, steps, d * hidden)
        h_shape = (num_layers * d, batch, hidden)
    else:
        x_shape, out_shape = (steps, batch, features), (steps, batch, d * hidden)
        h_shape = (num_layers * d, batch, hidden)
    x = ad_core.randn(*x_shape)
    output, h_n, c_n = run(layer, x)
    assert output.shape == out_shape and h_n.shape == h_shape
    assert c_n is None or c_n.shape == h_shape
    h0 = ad_core.randn(*h_shape)
    output, h_n, c_n = run(layer, x, (h0, ad_core.randn(*h_shape)) if name == "LSTM" else h0)
    assert output.shape == out_shape and h_n.shape == h_shape
    assert c_n is None or c_n.shape == h_shape


def deterministic(layer: RNNBase) -> RNNBase:
    """Parameters from a fixed formula (the one the PyTorch figures below used)."""
    layer.double()
    for k, (_, p) in enumerate(layer.named_parameters()):
        p.array[...] = 0.4 * np.sin(np.arange(p.numel()) * 0.7 + k).reshape(p.shape)
    return layer


# Computed by torch 2.13 with the same parameters and inputs.
TORCH_H_N = {
    "RNN": [[[-0.044736, -0.235433], [0.878669, 0.493701]],
            [[-0.654859, 0.814458], [0.586872, 0.47368]],
            [[-0.597128, -0.352094], [-0.352994, -0.560052]],
            [[0.767909, 0.71966], [0.864877, 0.481251]]],
    "GRU": [[[-0.470244, 0.428682], [-0.311951, -0.628101]],
            [[0.10827, 0.056113], [0.087282, -0.188694]],
            [[0.082183, 0.435033], [0.135715, 0.32314]],
            [[-0.379731, -0.605754], [-0.479667, -0.527022]]],
    "LSTM": [[[-0.207876, 0.134687], [-0.240451, -0.469641]],
             [[0.012514, -0.021558], [0.041061, -0.155006]],
             [[0.139894, 0.213702], [0.098854, 0.215675]],
             [[-0.274219, -0.321979], [-0.265722, -0.316841]]],
}  # fmt: skip
TORCH_OUTPUT_0 = {
    "RNN": [[-0.3325, -0.728539, 0.767909, 0.71966], [-0.331644, -0.531521, 0.765573, 0.713853],
            [-0.445204, -0.521682, 0.773799, 0.624181],
            [-0.597128, -0.352094, 0.806196, 0.374428]],
    "GRU": [[0.239161, 0.092915, -0.379731, -0.605754], [0.074084, 0.280383, -0.29657, -0.60236],
            [0.029955, 0.392701, -0.269438, -0.434558],
            [0.082183, 0.435033, -0.146398, -0.100565]],
    "LSTM": [[0.161639, 0.08889, -0.274219, -0.321979], [0.126903, 0.173293, -0.26539, -0.286969],
             [0.125423, 0.209314, -0.242159, -0.213724],
             [0.139894, 0.213702, -0.197045, -0.042805]],
}  # fmt: skip
TORCH_C_N = [[[-0.564466, 0.225114], [-0.346777, -0.715063]],
             [[0.078835, -0.048186], [0.080713, -0.599639]],
             [[0.233216, 0.39478], [0.157597, 0.428772]],
             [[-0.648387, -0.573891], [-0.640281, -0.553491]]]  # fmt: skip


@pytest.mark.parametrize("name", list(LAYERS))
def test_values_match_pytorch(name: str) -> None:
    layer = deterministic(LAYERS[name](3, 2, num_layers=2, bidirectional=True, batch_first=True))
    x = ad_core.tensor(np.cos(np.arange(24) * 0.3).reshape(2, 4, 3))
    h0 = ad_core.tensor(0.5 * np.sin(np.arange(16) * 1.1).reshape(4, 2, 2))
    c0 = ad_core.tensor(0.5 * np.cos(np.arange(16) * 0.9).reshape(4, 2, 2))
    output, h_n, c_n = run(layer, x, (h0, c0) if name == "LSTM" else h0)
    np.testing.assert_allclose(h_n.array, TORCH_H_N[name], atol=2e-6)
    np.testing.assert_allclose(output.array[0], TORCH_OUTPUT_0[name], atol=2e-6)
    if c_n is not None:
        np.testing.assert_allclose(c_n.array, TORCH_C_N, atol=2e-6)


@pytest.mark.parametrize("name", list(LAYERS))
def test_layer_is_cells_over_time(name: str) -> None:
    """Two bidirectional layers, spelled out with cells sharing the parameters."""
    _ = ad_core.manual_seed(3)
    layer = LAYERS[name](3, 4, num_layers=2, bidirectional=True).double()
    x = ad_core.randn(5, 2, 3).double()
    h0 = ad_core.randn(4, 2, 4).double()
    c0 = ad_core.randn(4, 2, 4).double()
    output, h_n, c_n = run(layer, x, (h0, c0) if name == "LSTM" else h0)
    finals_h, finals_c = [], []
    seq = [x.array[t] for t in range(5)]
    for k in range(2):
        directions = []
        for d, suffix in enumerate(["", "_reverse"]):
            cell: Any = {"RNN": RNNCell, "GRU": GRUCell, "LSTM": LSTMCell}[name](
                seq[0].shape[-1], 4
            ).double()
            for p in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]:
                getattr(cell, p).array[...] = getattr(layer, f"{p}_l{k}{suffix}").array
            h, c = h0[2 * k + d], c0[2 * k + d]
            outs: list[Any] = [None] * 5
            for t in range(4, -1, -1) if d else range(5):
                if name == "LSTM":
                    h, c = cell(ad_core.tensor(seq[t]), (h, c))
                else:
                    h = cell(ad_core.tensor(seq[t]), h)
                outs[t] = h.array
            finals_h.append(h.array)
            finals_c.append(c.array)
            directions.append(outs)
        seq = [np.concatenate([a, b], axis=-1) for a, b in zip(*directions, strict=True)]
    np.testing.assert_allclose(output.array, np.stack(seq), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h_n.array, np.stack(finals_h), rtol=1e-10, atol=1e-12)
    if c_n is not None:
        np.testing.assert_allclose(c_n.array, np.stack(finals_c), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", list(LAYERS))
def test_gradcheck_two_bidirectional_layers(name: str) -> None:
    _ = ad_core.manual_seed(4)
    layer = LAYERS[name](2, 2, num_layers=2, bidirectional=True, batch_first=True).double()
    rng = np.random.default_rng(5)
    x = ad_core.tensor(rng.standard_normal((2, 3, 2)), requires_grad=True)
    h0 = ad_core.tensor(rng.standard_normal((4, 2, 2)), requires_grad=True)
    c0 = ad_core.tensor(rng.standard_normal((4, 2, 2)), requires_grad=True)

    def forward(x: Tensor, h0: Tensor, c0: Tensor, *params: Tensor) -> tuple[Tensor, ...]:
        output, h_n, c_n = run(layer, x, (h0, c0) if name == "LSTM" else h0)
        return (output, h_n) if c_n is None else (output, h_n, c_n)

    inputs = [x, h0, c0] if name == "LSTM" else [x, h0, c0.detach()]
    assert ad_core.gradcheck(forward, [*inputs, *layer.parameters()])


@pytest.mark.parametrize("name", list(LAYERS))
def test_batch_first_and_unbatched_agree_with_time_first(name: str) -> None:
    _ = ad_core.manual_seed(6)
    layer = LAYERS[name](3, 4, num_layers=2, bidirectional=True)
    x = ad_core.randn(5, 2, 3)
    out, h_n, _ = run(layer, x)
    layer.batch_first = True
    out_bf, h_n_bf, _ = run(layer, x.transpose(0, 1))
    np.testing.assert_allclose(out_bf.array, out.array.transpose(1, 0, 2), rtol=1e-6)
    np.testing.assert_allclose(h_n_bf.array, h_n.array, rtol=1e-6)
    out_1, h_n_1, _ = run(layer, x[:, 1])
    np.testing.assert_allclose(out_1.array, out.array[:, 1], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(h_n_1.array, h_n.array[:, 1], rtol=1e-5, atol=1e-7)


def test_dropout_between_layers_in_training_only() -> None:
    _ = ad_core.manual_seed(7)
    layer = GRU(3, 4, num_layers=2, dropout=0.5)
    x = ad_core.randn(6, 2, 3)
    first, _, _ = run(layer, x)
    second, _, _ = run(layer, x)
    assert not np.allclose(first.array, second.array)
    layer.eval()
    third, _, _ = run(layer, x)
    fourth, _, _ = run(layer, x)
    np.testing.assert_array_equal(third.array, fourth.array)
    layer.dropout = 0.0
    layer.train()
    reference, _, _ = run(layer, x)
    np.testing.assert_array_equal(third.array, reference.array)


def test_dropout_on_one_layer_warns_and_does_nothing() -> None:
    with pytest.warns(UserWarning, match="no effect"):
        layer = LSTM(3, 4, dropout=0.5)
    x = ad_core.randn(6, 2, 3)
    np.testing.assert_array_equal(run(layer, x)[0].array, run(layer, x)[0].array)


@pytest.mark.parametrize("name", list(LAYERS))
def test_long_sequence_backward(name: str) -> None:
    """3000 steps backpropagate, and agree with the composed equations."""
    _ = ad_core.manual_seed(8)
    layer = LAYERS[name](2, 3).double()
    x = ad_core.tensor(np.random.default_rng(9).standard_normal((3000, 1, 2)), requires_grad=True)
    output, h_n, _ = run(layer, x)
    (output.sum() + h_n.sum()).backward()
    assert x.grad is not None and np.isfinite(x.grad.array).all()
    params = list(layer.parameters())
    h0 = ad_core.zeros(1, 3).double()
    if name == "LSTM":
        reference = composed.lstm_steps(x, h0, h0, *params)[:3000]
    elif name == "GRU":
        reference = composed.gru_steps(x, h0, *params)
    else:
        reference = composed.rnn_steps(x, h0, *params)
    np.testing.assert_allclose(output.array, reference.array, rtol=1e-9, atol=1e-12)
    grads = ad_core.grad(reference.sum() + reference[-1].sum(), [x, params[1]])
    assert grads[0] is not None
    np.testing.assert_allclose(x.grad.array, grads[0].array, rtol=1e-8, atol=1e-10)
    assert params[1].grad is not None and grads[1] is not None
    np.testing.assert_allclose(params[1].grad.array, grads[1].array, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("name", list(LAYERS))
def test_parameter_names_order_and_initialisation(name: str) -> None:
    _ = ad_core.manual_seed(10)
    layer = LAYERS[name](3, 16, num_layers=2, bidirectional=True)
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}[name] * 16
    expected: dict[str, tuple[int, ...]] = {}
    for k in range(2):
        for suffix in ["", "_reverse"]:
            expected[f"weight_ih_l{k}{suffix}"] = (gates, 3 if k == 0 else 32)
            expected[f"weight_hh_l{k}{suffix}"] = (gates, 16)
            expected[f"bias_ih_l{k}{suffix}"] = (gates,)
            expected[f"bias_hh_l{k}{suffix}"] = (gates,)
    got = [(n, p.shape) for n, p in layer.named_parameters()]
    assert got == list(expected.items())
    for p in layer.parameters():
        assert p.dtype == np.float32 and np.all(np.abs(p.array) <= 0.25)
    assert len(layer.all_weights) == 4 and layer.all_weights[1][0] is layer.weight_ih_l0_reverse


def test_state_dict_round_trip_and_no_bias() -> None:
    source = LSTM(3, 4, num_layers=2, bidirectional=True)
    target = LSTM(3, 4, num_layers=2, bidirectional=True)
    target.load_state_dict(source.state_dict())
    x = ad_core.randn(5, 2, 3)
    np.testing.assert_array_equal(run(source, x)[1].array, run(target, x)[1].array)
    plain = RNN(3, 4, num_layers=2, nonlinearity="relu", bias=False)
    assert [n for n, _ in plain.named_parameters()] == [
        "weight_ih_l0",
        "weight_hh_l0",
        "weight_ih_l1",
        "weight_hh_l1",
    ]
    assert run(plain, x)[0].shape == (5, 2, 4)


def test_repr() -> None:
    assert repr(GRU(8, 32)) == "GRU(8, 32)"
    text = "LSTM(3, 4, num_layers=2, batch_first=True, dropout=0.1, bidirectional=True)"
    assert repr(LSTM(3, 4, 2, batch_first=True, dropout=0.1, bidirectional=True)) == text


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="RNN: nonlinearity"):
        RNN(2, 3, nonlinearity="gelu")
    with pytest.raises(ValueError, match="GRU: expected num_layers to be at least 1, got 0"):
        GRU(2, 3, num_layers=0)
    with pytest.raises(ValueError, match=r"LSTM: expected dropout in \[0.0, 1.0\], got 1.5"):
        LSTM(2, 3, num_layers=2, dropout=1.5)
    layer = GRU(2, 3, num_layers=2)
    with pytest.raises(ValueError, match="GRU: expected input of shape"):
        layer(ad_core.randn(4, 2, 5))
    with pytest.raises(ValueError, match=r"GRU: expected hx of shape \(2, 2, 3\)"):
        layer(ad_core.randn(4, 2, 2), ad_core.randn(1, 2, 3))
    with pytest.raises(TypeError, match="LSTM: expected hx to be a tuple"):
        LSTM(2, 3)(ad_core.randn(4, 2, 2), ad_core.randn(1, 2, 3))
