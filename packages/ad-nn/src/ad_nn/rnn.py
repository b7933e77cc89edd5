"""Recurrent layers: multi-layer, optionally bidirectional ``RNN``, ``LSTM`` and
``GRU``, as ``torch.nn``, with PyTorch's parameter names, shapes and gate order
so that a PyTorch ``state_dict`` loads and gives the same outputs."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

import ad_ops as F
from ad_core import NDArray, Tensor

from .arguments import check_bool, check_int, check_number
from .module import Module
from .parameter import Parameter
from .recurrence import GRURecurrence, LSTMRecurrence, RNNRecurrence
from .rnn_cell import check_sizes, floating_tensor, init_uniform, new_bias, new_weight, zero_bias

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class RNNBase(Module):
    """What ``RNN``, ``LSTM`` and ``GRU`` share: the parameters of every layer
    and direction, the handling of shapes, and the loop over layers.

    For layer ``k`` and each direction (suffix ``''`` or ``'_reverse'``)
    the parameters are ``weight_ih_l{k}{suffix}`` of shape
    ``(G * hidden_size, input size of layer k)``, ``weight_hh_l{k}{suffix}``
    of ``(G * hidden_size, hidden_size)`` and, with ``bias=True``,
    ``bias_ih_l{k}{suffix}`` and ``bias_hh_l{k}{suffix}`` of
    ``(G * hidden_size,)``, ``G`` being the number of gates; every one drawn
    from uniform(-1/√H, 1/√H). Layer 0 takes ``input_size`` features, each
    layer above takes ``num_directions * hidden_size``. (PyTorch's
    ``proj_size`` of the LSTM is not supported.)

    Examples
    --------
    >>> import ad_nn as nn
    >>> [name for name, _ in nn.GRU(2, 3, bidirectional=True).named_parameters()][:5]
    ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_ih_l0_reverse']
    """

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        if mode not in _GATES:
            raise ValueError(f"{name}: unknown mode {mode!r}, expected one of {sorted(_GATES)}")
        check_sizes(name, input_size, hidden_size, bias)
        check_int(name, "num_layers", num_layers, 1)
        check_number(name, "dropout", dropout, 0.0, 1.0)
        check_bool(name, "batch_first", batch_first)
        check_bool(name, "bidirectional", bidirectional)
        if dropout > 0 and num_layers == 1:
            warnings.warn(
                f"{name}: dropout acts between layers, so dropout={dropout} with num_layers=1 "
                "has no effect",
                stacklevel=2,
            )
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        gates = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names: list[str] = []
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * directions
            for direction in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                names = [f"weight_ih{suffix}", f"weight_hh{suffix}"]
                setattr(self, names[0], new_weight(gates, layer_input))
                setattr(self, names[1], new_weight(gates, hidden_size))
                if bias:
                    names += [f"bias_ih{suffix}", f"bias_hh{suffix}"]
                    for bias_name in names[2:]:
                        setattr(self, bias_name, new_bias(gates))
                self._flat_weights_names.extend(names)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter again from uniform(-1/√H, 1/√H)."""
        init_uniform(self, self.hidden_size)

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters of each layer and direction, as PyTorch's ``all_weights``."""
        per = 4 if self.bias else 2
        names = self._flat_weights_names
        return [[getattr(self, n) for n in names[k : k + per]] for k in range(0, len(names), per)]

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.mode == "RNN_RELU":
            text += ", nonlinearity='relu'"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text

    def _check_input(self, input: Tensor) -> tuple[Tensor, bool]:
        """The input time first, ``(T, N, H_in)``, and whether it was batched."""
        name = type(self).__name__
        input = floating_tensor(name, "input", input)
        if input.ndim not in (2, 3) or input.shape[-1] != self.input_size:
            layout = "(N, L, H_in)" if self.batch_first else "(L, N, H_in)"
            raise ValueError(
                f"{name}: expected input of shape {layout} or (L, H_in) with "
                f"H_in={self.input_size}, got {input.shape}"
            )
        if input.ndim == 2:
            return input.reshape(input.shape[0], 1, self.input_size), False
        if self.batch_first:
            return input.transpose(0, 1), True
        return input, True

    def _check_state(self, hx: Any, what: str, batch: int, batched: bool) -> Tensor:
        """One initial state as ``(num_layers * num_directions, N, H)``."""
        rows = self.num_layers * (2 if self.bidirectional else 1)
        expected = (rows, batch, self.hidden_size) if batched else (rows, self.hidden_size)
        state = floating_tensor(type(self).__name__, what, hx)
        if state.shape != expected:
            raise ValueError(
                f"{type(self).__name__}: expected {what} of shape {expected}, got {state.shape}"
            )
        return state if batched else state.reshape(rows, 1, self.hidden_size)

    def _layers(
        self, x: Tensor, h0: Tensor | None, c0: Tensor | None
    ) -> tuple[Tensor, list[Tensor], list[Tensor]]:
        """Run every layer and direction: the last layer's output (time
        first), and the final ``h`` (and ``c``) of each, as ``(1, N, H)``."""
        steps, batch = x.shape[0], x.shape[1]
        directions = 2 if self.bidirectional else 1
        dtype = np.result_type(x.dtype, self.weight_hh_l0.dtype)
        zeros: NDArray = np.zeros((batch, self.hidden_size), dtype=dtype)
        per = 4 if self.bias else 2
        names = self._flat_weights_names
        h_n: list[Tensor] = []
        c_n: list[Tensor] = []
        for layer in range(self.num_layers):
            if layer and self.dropout and self.training:
                x = F.dropout(x, p=self.dropout, training=True)
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                w_ih, w_hh, *biases = (getattr(self, n) for n in names[k * per : (k + 1) * per])
                b_ih, b_hh = biases if biases else (zero_bias(w_ih), zero_bias(w_hh))
                h = zeros if h0 is None else h0[k]
                last = slice(0, 1) if direction else slice(steps - 1, steps)
                if self.mode == "LSTM":
                    c = zeros if c0 is None else c0[k]
                    y = LSTMRecurrence.apply(
                        x, h, c, w_ih, w_hh, b_ih, b_hh, reverse=bool(direction)
                    )
                    c_n.append(y[steps:])
                    h_n.append(y[last])
                    y = y[:steps]
                elif self.mode == "GRU":
                    y = GRURecurrence.apply(x, h, w_ih, w_hh, b_ih, b_hh, reverse=bool(direction))
                    h_n.append(y[last])
                else:
                    y = RNNRecurrence.apply(
                        x, h, w_ih, w_hh, b_ih, b_hh,
                        nonlinearity="relu" if self.mode == "RNN_RELU" else "tanh",
                        reverse=bool(direction),
                    )  # fmt: skip
                    h_n.append(y[last])
                outputs.append(y)
            x = outputs[0] if directions == 1 else F.cat(outputs, dim=-1)
        return x, h_n, c_n

    def _forward_hidden(self, input: Tensor, hx: Tensor | None) -> tuple[Tensor, Tensor]:
        """``forward`` of the layers whose only state is ``h`` (RNN, GRU)."""
        x, batched = self._check_input(input)
        h0 = None if hx is None else self._check_state(hx, "hx", x.shape[1], batched)
        output, h_n, _ = self._layers(x, h0, None)
        return self._output(output, batched), self._final(h_n, batched)

    def _output(self, output: Tensor, batched: bool) -> Tensor:
        """The output in the caller's layout."""
        if not batched:
            return output.reshape(output.shape[0], -1)
        return output.transpose(0, 1) if self.batch_first else output

    def _final(self, states: list[Tensor], batched: bool) -> Tensor:
        """The final states, each ``(1, N, H)``, as one tensor in the caller's layout."""
        state = states[0] if len(states) == 1 else F.cat(states, dim=0)
        return state if batched else state.reshape(len(states), -1)


class RNN(RNNBase):
    """A multi-layer Elman RNN: ``h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``
    (or ReLU), as ``torch.nn.RNN``.

    Parameters
    ----------
    input_size, hidden_size:
        Features of the input and of the state.
    num_layers:
        Stacked layers; each above the first takes the output of the one below.
    nonlinearity:
        ``'tanh'`` (default) or ``'relu'``.
    bias:
        Learn ``bias_ih_l{k}`` and ``bias_hh_l{k}`` (default True).
    batch_first:
        Input and output are ``(N, L, H)`` instead of ``(L, N, H)``; the
        states keep ``(num_layers * num_directions, N, H)``.
    dropout:
        Probability of dropping the output of every layer but the last,
        in training mode only.
    bidirectional:
        Add a layer running backward in time; outputs are the concatenation
        of both directions.

    Notes
    -----
    ``forward(input, hx=None)`` returns ``(output, h_n)``: ``output`` of
    ``(L, N, D * H)`` (``(L, D * H)`` for an unbatched ``(L, H_in)`` input)
    and ``h_n`` of ``(num_layers * D, N, H)``; ``hx`` is the initial state of
    that shape (zeros when None). Parameters as ``RNNBase``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> _ = ad_core.manual_seed(0)
    >>> rnn = nn.RNN(4, 3, num_layers=2, batch_first=True)
    >>> output, h_n = rnn(ad_core.randn(5, 7, 4))
    >>> output.shape, h_n.shape
    ((5, 7, 3), (2, 5, 3))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        self.nonlinearity = nonlinearity
        mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(
            mode, input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional
        )

    def forward(self, input: Tensor, hx: Tensor | None = None) -> tuple[Tensor, Tensor]:
        return self._forward_hidden(input, hx)


class GRU(RNNBase):
    """A multi-layer gated recurrent unit, as ``torch.nn.GRU``, with PyTorch's
    gates (r, z, n) and equations::

        r = σ(W_ir x + b_ir + W_hr h + b_hr)
        z = σ(W_iz x + b_iz + W_hz h + b_hz)
        n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
        h' = (1 - z) ⊙ n + z ⊙ h

    Arguments, ``forward(input, hx=None)`` and shapes as ``RNN`` (without
    ``nonlinearity``).

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> _ = ad_core.manual_seed(0)
    >>> gru = nn.GRU(8, 16, bidirectional=True)
    >>> output, h_n = gru(ad_core.randn(5, 2, 8))
    >>> output.shape, h_n.shape
    ((5, 2, 32), (2, 2, 16))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
    ) -> None:
        super().__init__(
            "GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional
        )

    def forward(self, input: Tensor, hx: Tensor | None = None) -> tuple[Tensor, Tensor]:
        return self._forward_hidden(input, hx)


class LSTM(RNNBase):
    """A multi-layer long short-term memory, as ``torch.nn.LSTM``, with
    PyTorch's gates (i, f, g, o) and equations::

        i, f, o = σ(W_i· x + b_i· + W_h· h + b_h·),  g = tanh(W_ig x + b_ig + W_hg h + b_hg)
        c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')

    Arguments and shapes as ``RNN`` (without ``nonlinearity``).
    ``forward(input, hx=None)`` takes ``hx = (h_0, c_0)`` and returns
    ``(output, (h_n, c_n))``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> _ = ad_core.manual_seed(0)
    >>> lstm = nn.LSTM(8, 16, num_layers=2)
    >>> output, (h_n, c_n) = lstm(ad_core.randn(5, 2, 8))
    >>> output.shape, h_n.shape, c_n.shape
    ((5, 2, 16), (2, 2, 16), (2, 2, 16))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
    ) -> None:
        super().__init__(
            "LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional
        )

    def forward(
        self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None
    ) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        x, batched = self._check_input(input)
        h0 = c0 = None
        if hx is not None:
            if not isinstance(hx, tuple) or len(hx) != 2:
                raise TypeError("LSTM: expected hx to be a tuple (h_0, c_0) of two Tensors")
            h0 = self._check_state(hx[0], "h_0", x.shape[1], batched)
            c0 = self._check_state(hx[1], "c_0", x.shape[1], batched)
        output, h_n, c_n = self._layers(x, h0, c0)
        h, c = self._final(h_n, batched), self._final(c_n, batched)
        return self._output(output, batched), (h, c)
