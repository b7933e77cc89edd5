"""Recurrent cells: one time step of an Elman RNN, an LSTM or a GRU, as ``torch.nn``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import ad_core
from ad_core import NDArray, Tensor

from .arguments import check_bool, check_int
from .module import Module
from .parameter import Parameter
from .recurrence import GRURecurrence, LSTMRecurrence, RNNRecurrence


def init_uniform(module: Module, hidden_size: int) -> None:
    """Fill every parameter of ``module`` from uniform(-1/√H, 1/√H), in
    registration order, as PyTorch's recurrent layers do."""
    bound = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0.0
    generator = ad_core.default_generator()
    with ad_core.no_grad():
        for p in module.parameters():
            p.copy_(generator.uniform(-bound, bound, p.shape))


def new_weight(rows: int, columns: int) -> Parameter:
    """An uninitialised weight of the default dtype."""
    return Parameter(np.empty((rows, columns), dtype=ad_core.get_default_dtype()))


def new_bias(size: int) -> Parameter:
    """An uninitialised bias of the default dtype."""
    return Parameter(np.empty(size, dtype=ad_core.get_default_dtype()))


def check_sizes(op: str, input_size: int, hidden_size: int, bias: bool) -> None:
    """Refuse sizes that are not positive integers and a ``bias`` that is not a bool."""
    check_int(op, "input_size", input_size, 1)
    check_int(op, "hidden_size", hidden_size, 1)
    check_bool(op, "bias", bias)


def floating_tensor(op: str, name: str, value: Any) -> Tensor:
    """A recurrent layer's input or state: a floating Tensor (NumPy arrays are wrapped)."""
    if isinstance(value, np.ndarray):
        value = Tensor._wrap(value)
    if not isinstance(value, Tensor):
        raise TypeError(
            f"{op}: expected {name} to be a Tensor or a NumPy array, got {type(value).__name__}"
        )
    if value.dtype.kind != "f":
        raise TypeError(f"{op}: expected {name} to be floating, got dtype {value.dtype}")
    return value


def zero_bias(weight: Tensor) -> NDArray:
    """The bias of a layer built with ``bias=False``: zeros, outside the graph."""
    return np.zeros(weight.shape[0], dtype=weight.dtype)


class RNNCellBase(Module):
    """What the three cells share: ``weight_ih`` of shape ``(G * hidden_size,
    input_size)``, ``weight_hh`` of shape ``(G * hidden_size, hidden_size)``
    and, with ``bias=True``, ``bias_ih`` and ``bias_hh`` of ``(G * hidden_size,)``,
    where ``G`` is the number of gates; all drawn from uniform(-1/√H, 1/√H).

    Examples
    --------
    >>> from ad_nn import GRUCell
    >>> [(name, p.shape) for name, p in GRUCell(2, 3).named_parameters()]
    [('weight_ih', (9, 2)), ('weight_hh', (9, 3)), ('bias_ih', (9,)), ('bias_hh', (9,))]
    """

    bias_ih: Parameter | None
    bias_hh: Parameter | None

    def __init__(self, input_size: int, hidden_size: int, bias: bool, num_chunks: int) -> None:
        super().__init__()
        check_sizes(type(self).__name__, input_size, hidden_size, bias)
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = new_weight(num_chunks * hidden_size, input_size)
        self.weight_hh = new_weight(num_chunks * hidden_size, hidden_size)
        if bias:
            self.bias_ih = Parameter(
                np.empty(num_chunks * hidden_size, ad_core.get_default_dtype())
            )
            self.bias_hh = Parameter(
                np.empty(num_chunks * hidden_size, ad_core.get_default_dtype())
            )
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter again from uniform(-1/√H, 1/√H)."""
        init_uniform(self, self.hidden_size)

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            text += ", bias=False"
        nonlinearity = getattr(self, "nonlinearity", "tanh")
        if nonlinearity != "tanh":
            text += f", nonlinearity={nonlinearity!r}"
        return text

    def _weights(self) -> tuple[Tensor | NDArray, ...]:
        b_ih = self.bias_ih if self.bias_ih is not None else zero_bias(self.weight_ih)
        b_hh = self.bias_hh if self.bias_hh is not None else zero_bias(self.weight_hh)
        return self.weight_ih, self.weight_hh, b_ih, b_hh

    def _sequence(self, input: Tensor) -> tuple[Tensor, bool]:
        """The input as a one-step sequence ``(1, N, H_in)``, and whether it was batched."""
        name = type(self).__name__
        input = floating_tensor(name, "input", input)
        if input.ndim not in (1, 2) or input.shape[-1] != self.input_size:
            raise ValueError(
                f"{name}: expected input of shape (N, {self.input_size}) or "
                f"({self.input_size},), got {input.shape}"
            )
        batched = input.ndim == 2
        return input.reshape(1, input.shape[0] if batched else 1, self.input_size), batched

    def _state(self, hx: Tensor | None, batch: int, batched: bool, dtype: np.dtype[Any]) -> Tensor:
        """The state as ``(N, H)``: zeros when ``hx`` is None."""
        size = self.hidden_size
        if hx is None:
            return Tensor._wrap(np.zeros((batch, size), dtype=dtype))
        expected = (batch, size) if batched else (size,)
        hx = floating_tensor(type(self).__name__, "the hidden state", hx)
        if hx.shape != expected:
            raise ValueError(
                f"{type(self).__name__}: expected hidden state of shape {expected}, got {hx.shape}"
            )
        return hx if batched else hx.reshape(1, size)


class RNNCell(RNNCellBase):
    """An Elman cell: ``h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`` (or ReLU).

    Parameters
    ----------
    input_size, hidden_size:
        Features of the input and of the state.
    bias:
        Learn ``bias_ih`` and ``bias_hh`` (default True).
    nonlinearity:
        ``'tanh'`` (default) or ``'relu'``.

    Notes
    -----
    ``forward(input, hx=None)`` takes ``input`` of shape ``(N, input_size)``
    or ``(input_size,)`` and ``hx`` of ``(N, hidden_size)`` or
    ``(hidden_size,)`` (zeros when None) and returns ``h'`` of ``hx``'s shape.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> _ = ad_core.manual_seed(0)
    >>> cell = nn.RNNCell(4, 3)
    >>> h = cell(ad_core.randn(2, 4))
    >>> h = cell(ad_core.randn(2, 4), h)
    >>> h.shape
    (2, 3)
    """

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh"
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"RNNCell: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}"
            )
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, bias, num_chunks=1)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        x, batched = self._sequence(input)
        h = self._state(hx, x.shape[1], batched, self.weight_ih.dtype)
        out = RNNRecurrence.apply(x, h, *self._weights(), nonlinearity=self.nonlinearity)
        return out.reshape(out.shape[1:] if batched else (-1,))


class GRUCell(RNNCellBase):
    """A gated recurrent unit cell, with PyTorch's gate order (r, z, n) and equations::

        r = σ(W_ir x + b_ir + W_hr h + b_hr)
        z = σ(W_iz x + b_iz + W_hz h + b_hz)
        n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
        h' = (1 - z) ⊙ n + z ⊙ h

    Arguments, shapes and ``forward(input, hx=None)`` as ``RNNCell``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> _ = ad_core.manual_seed(0)
    >>> cell = nn.GRUCell(4, 3)
    >>> cell(ad_core.randn(4)).shape
    (3,)
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=3)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        x, batched = self._sequence(input)
        h = self._state(hx, x.shape[1], batched, self.weight_ih.dtype)
        out = GRURecurrence.apply(x, h, *self._weights())
        return out.reshape(out.shape[1:] if batched else (-1,))


class LSTMCell(RNNCellBase):
    """A long short-term memory cell, with PyTorch's gate order (i, f, g, o)::

        i, f, o = σ(W_i· x + b_i· + W_h· h + b_h·),  g = tanh(W_ig x + b_ig + W_hg h + b_hg)
        c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')

    ``forward(input, hx=None)`` takes ``hx = (h, c)`` (zeros when None) and
    returns ``(h', c')``; shapes as ``RNNCell``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> _ = ad_core.manual_seed(0)
    >>> cell = nn.LSTMCell(4, 3)
    >>> h, c = cell(ad_core.randn(2, 4))
    >>> h.shape, c.shape
    ((2, 3), (2, 3))
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=4)

    def forward(
        self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None
    ) -> tuple[Tensor, Tensor]:
        x, batched = self._sequence(input)
        if hx is not None and (not isinstance(hx, tuple) or len(hx) != 2):
            raise TypeError("LSTMCell: expected hx to be a tuple (h, c) of two Tensors")
        dtype = self.weight_ih.dtype
        h = self._state(None if hx is None else hx[0], x.shape[1], batched, dtype)
        c = self._state(None if hx is None else hx[1], x.shape[1], batched, dtype)
        out = LSTMRecurrence.apply(x, h, c, *self._weights())
        if not batched:
            out = out.reshape(2, -1)
        return out[0], out[1]
