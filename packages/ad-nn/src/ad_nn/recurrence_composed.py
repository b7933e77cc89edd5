"""The recurrences of ``ad_nn.recurrence`` written step by step with Tensor
operations: the plain statement of PyTorch's equations.

The fused ``Function``s differentiate these when a backward pass is itself
recorded (``create_graph=True``); the tests compare the two. Arguments and
results are those of the matching ``Function``; its parameters are keyword-only here.
"""

from __future__ import annotations

import ad_ops as F
from ad_core import Tensor


def _order(steps: int, reverse: bool) -> range:
    return range(steps - 1, -1, -1) if reverse else range(steps)


def _stacked(outputs: list[Tensor | None]) -> Tensor:
    return F.stack([o for o in outputs if o is not None])


def rnn_steps(
    x: Tensor,
    h0: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor,
    b_hh: Tensor,
    *,
    nonlinearity: str = "tanh",
    reverse: bool = False,
) -> Tensor:
    """Every ``h_t`` of ``h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``.

    >>> import ad_core
    >>> x, h0 = ad_core.ones(3, 1, 2), ad_core.zeros(1, 1)
    >>> w_ih, w_hh, b = ad_core.ones(1, 2), ad_core.ones(1, 1), ad_core.zeros(1)
    >>> rnn_steps(x, h0, w_ih, w_hh, b, b, nonlinearity="relu").reshape(-1)
    tensor([2., 4., 6.])
    """
    act = F.tanh if nonlinearity == "tanh" else F.relu
    projected = x @ w_ih.T + b_ih
    outputs: list[Tensor | None] = [None] * x.shape[0]
    h = h0
    for t in _order(x.shape[0], reverse):
        h = act(projected[t] + h @ w_hh.T + b_hh)
        outputs[t] = h
    return _stacked(outputs)


def gru_steps(
    x: Tensor,
    h0: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor,
    b_hh: Tensor,
    *,
    reverse: bool = False,
) -> Tensor:
    """Every ``h_t`` of PyTorch's GRU (gates r, z, n).

    >>> import ad_core
    >>> x, h0 = ad_core.zeros(2, 1, 1), ad_core.ones(1, 1)
    >>> w, b = ad_core.zeros(3, 1), ad_core.zeros(3)
    >>> gru_steps(x, h0, w, w, b, b).reshape(-1)
    tensor([0.5000, 0.2500])
    """
    size = h0.shape[-1]
    projected = x @ w_ih.T + b_ih
    outputs: list[Tensor | None] = [None] * x.shape[0]
    h = h0
    for t in _order(x.shape[0], reverse):
        p = projected[t]
        q = h @ w_hh.T + b_hh
        r = F.sigmoid(p[:, :size] + q[:, :size])
        z = F.sigmoid(p[:, size : 2 * size] + q[:, size : 2 * size])
        n = F.tanh(p[:, 2 * size :] + r * q[:, 2 * size :])
        h = (1 - z) * n + z * h
        outputs[t] = h
    return _stacked(outputs)


def lstm_steps(
    x: Tensor,
    h0: Tensor,
    c0: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor,
    b_hh: Tensor,
    *,
    reverse: bool = False,
) -> Tensor:
    """Every ``h_t`` of PyTorch's LSTM (gates i, f, g, o), then the final cell state.

    >>> import ad_core
    >>> x, h0, c0 = ad_core.zeros(1, 1, 1), ad_core.zeros(1, 1), ad_core.ones(1, 1)
    >>> w, b = ad_core.zeros(4, 1), ad_core.zeros(4)
    >>> [round(v, 4) for v in lstm_steps(x, h0, c0, w, w, b, b).array.ravel().tolist()]
    [0.2311, 0.5]
    """
    size = h0.shape[-1]
    projected = x @ w_ih.T + b_ih
    outputs: list[Tensor | None] = [None] * x.shape[0]
    h, c = h0, c0
    for t in _order(x.shape[0], reverse):
        a = projected[t] + h @ w_hh.T + b_hh
        i = F.sigmoid(a[:, :size])
        f = F.sigmoid(a[:, size : 2 * size])
        g = F.tanh(a[:, 2 * size : 3 * size])
        o = F.sigmoid(a[:, 3 * size :])
        c = f * c + i * g
        h = o * F.tanh(c)
        outputs[t] = h
    return _stacked([*outputs, c])
