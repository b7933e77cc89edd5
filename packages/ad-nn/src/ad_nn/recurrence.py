"""Fused recurrences: one graph node runs a whole layer in one direction.

Each ``Function`` here takes the layer's input sequence, initial state and
weights, projects the input of every time step with one matrix product,
runs the time loop in NumPy and, in backward, runs backpropagation through
time in NumPy. The graph of an ``RNN``/``LSTM``/``GRU`` thus holds a few
nodes per layer and direction whatever the length of the sequence, and a
long sequence costs no recursion and little Python work per step.

When the backward pass is itself recorded (``create_graph=True``), the
gradient is instead computed by differentiating the same equations written
with Tensor operations (``ad_nn.recurrence_composed``), so gradients of
gradients are exact.

Shapes: ``x`` is ``(T, N, H_in)`` (time first), states are ``(N, H)``,
weights are PyTorch's (``w_ih`` of ``(G * H, H_in)``, ``w_hh`` of
``(G * H, H)`` with ``G`` gates). With ``reverse=True`` the steps run from
``T - 1`` down to 0 and the outputs stay at their time positions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import ad_core
from ad_core import Function, NDArray, Tensor

from . import recurrence_composed as composed


def sigmoid(a: NDArray) -> NDArray:
    """The logistic function, written with ``tanh`` so that no input overflows.

    >>> sigmoid(np.array([0.0, 1000.0, -1000.0])).tolist()
    [0.5, 1.0, 0.0]
    """
    out = np.tanh(a * 0.5)
    out *= 0.5
    out += 0.5
    return out


class _Recurrence(Function):
    """What the three recurrences share: the input projection, the state
    that backward needs, and the recorded (create_graph) backward."""

    cache: tuple[NDArray, ...] | None

    def _project(self, x: NDArray, w_ih: NDArray, b_ih: NDArray) -> NDArray:
        if x.ndim != 3 or w_ih.ndim != 2 or w_ih.shape[1] != x.shape[-1]:
            raise ValueError(
                f"{type(self).__name__}: expected input (T, N, {w_ih.shape[-1]}) for weights "
                f"of shape {w_ih.shape}, got {x.shape}"
            )
        steps, batch, features = x.shape
        projected = x.reshape(steps * batch, features) @ w_ih.T
        projected += b_ih
        return projected.reshape(steps, batch, -1)

    def release(self) -> None:
        super().release()
        self.cache = None

    def _recorded_backward(
        self, grad: Tensor, steps: Callable[..., Tensor], **params: Any
    ) -> tuple[Tensor | None, ...]:
        """The gradient as a graph: differentiate the composed equations."""
        inputs = self.inputs
        assert inputs is not None
        wanted = [t for t, need in zip(inputs, self.needs_input_grad, strict=True) if need]
        out = steps(*inputs, **params)
        found = iter(ad_core.grad(out, wanted, grad, create_graph=True, allow_unused=True))
        return tuple(next(found) if need else None for need in self.needs_input_grad)


def _previous_states(out: NDArray, h0: NDArray, reverse: bool) -> NDArray:
    """The state each step started from, at that step's time position."""
    if reverse:
        return np.concatenate([out[1:], h0[None]])
    return np.concatenate([h0[None], out[:-1]])


class RNNRecurrence(_Recurrence):
    """Elman recurrence ``h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``.

    Inputs ``(x, h0, w_ih, w_hh, b_ih, b_hh)``; output: every ``h_t``, of
    shape ``(T, N, H)``. Parameters: ``nonlinearity`` ('tanh' or 'relu'),
    ``reverse``.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> x = np.ones((3, 1, 2))
    >>> h0, w_ih, w_hh, b = np.zeros((1, 1)), np.ones((1, 2)), np.ones((1, 1)), np.zeros(1)
    >>> out = RNNRecurrence.apply(x, h0, w_ih, w_hh, b, b, nonlinearity="relu")
    >>> out.array.ravel().tolist()
    [2.0, 4.0, 6.0]
    """

    def forward(
        self,
        x: NDArray,
        h0: NDArray,
        w_ih: NDArray,
        w_hh: NDArray,
        b_ih: NDArray,
        b_hh: NDArray,
        nonlinearity: str = "tanh",
        reverse: bool = False,
    ) -> NDArray:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"RNNRecurrence: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}"
            )
        self.nonlinearity = nonlinearity
        self.reverse = reverse
        projected = self._project(x, w_ih, b_ih)
        projected += b_hh
        out = np.empty((x.shape[0], *h0.shape), dtype=projected.dtype)
        w_hh_t = w_hh.T
        h = h0
        order = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
        for t in order:
            a = h @ w_hh_t
            a += projected[t]
            h = np.tanh(a, out=out[t]) if nonlinearity == "tanh" else np.maximum(a, 0, out=out[t])
        self.cache = (x, h0, out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        if ad_core.is_grad_enabled():
            return self._recorded_backward(
                grad, composed.rnn_steps, nonlinearity=self.nonlinearity, reverse=self.reverse
            )
        assert self.cache is not None and self.inputs is not None
        x, h0, out = self.cache
        w_ih, w_hh = self.inputs[2].array, self.inputs[3].array
        g = grad.array
        d_pre = np.empty_like(out)
        dh = np.zeros_like(h0, dtype=out.dtype)
        order = range(len(out)) if self.reverse else range(len(out) - 1, -1, -1)
        for t in order:
            dh += g[t]
            h = out[t]
            da = dh * (1 - h * h) if self.nonlinearity == "tanh" else dh * (h > 0)
            d_pre[t] = da
            dh = da @ w_hh
        previous = _previous_states(out, h0, self.reverse)
        return tuple(_gradients(self, d_pre, d_pre, x, previous, dh, w_ih))


class GRURecurrence(_Recurrence):
    """Gated recurrent unit, with PyTorch's gates (r, z, n) and equations::

        r = σ(W_ir x + b_ir + W_hr h + b_hr)
        z = σ(W_iz x + b_iz + W_hz h + b_hz)
        n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
        h' = (1 - z) ⊙ n + z ⊙ h

    Inputs ``(x, h0, w_ih, w_hh, b_ih, b_hh)``; output: every ``h_t``, of
    shape ``(T, N, H)``. Parameter: ``reverse``.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> x = np.zeros((2, 1, 1))
    >>> h0, w_ih, w_hh, b = np.ones((1, 1)), np.zeros((3, 1)), np.zeros((3, 1)), np.zeros(3)
    >>> GRURecurrence.apply(x, h0, w_ih, w_hh, b, b).array.ravel().tolist()
    [0.5, 0.25]
    """

    def forward(
        self,
        x: NDArray,
        h0: NDArray,
        w_ih: NDArray,
        w_hh: NDArray,
        b_ih: NDArray,
        b_hh: NDArray,
        reverse: bool = False,
    ) -> NDArray:
        self.reverse = reverse
        size = h0.shape[-1]
        projected = self._project(x, w_ih, b_ih)
        steps = x.shape[0]
        out = np.empty((steps, *h0.shape), dtype=projected.dtype)
        # Per step: r, z and n after their nonlinearity, and W_hn h + b_hn.
        acts = np.empty_like(projected)
        hidden_n = np.empty_like(out)
        w_hh_t = w_hh.T
        h = h0
        for t in range(steps - 1, -1, -1) if reverse else range(steps):
            hp = h @ w_hh_t
            hp += b_hh
            p = projected[t]
            act = acts[t]
            act[:, : 2 * size] = sigmoid(p[:, : 2 * size] + hp[:, : 2 * size])
            hidden_n[t] = hp[:, 2 * size :]
            n = act[:, 2 * size :]
            np.multiply(act[:, :size], hp[:, 2 * size :], out=n)
            n += p[:, 2 * size :]
            np.tanh(n, out=n)
            # h' = n + z (h - n)
            h_new = np.subtract(h, n, out=out[t])
            h_new *= act[:, size : 2 * size]
            h_new += n
            h = h_new
        self.cache = (x, h0, out, acts, hidden_n)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        if ad_core.is_grad_enabled():
            return self._recorded_backward(grad, composed.gru_steps, reverse=self.reverse)
        assert self.cache is not None and self.inputs is not None
        x, h0, out, acts, hidden_n = self.cache
        w_ih, w_hh = self.inputs[2].array, self.inputs[3].array
        size = h0.shape[-1]
        previous = _previous_states(out, h0, self.reverse)
        g = grad.array
        d_proj = np.empty_like(acts)
        d_hid = np.empty_like(acts)
        dh = np.zeros_like(h0, dtype=out.dtype)
        steps = len(out)
        for t in range(steps) if self.reverse else range(steps - 1, -1, -1):
            dh += g[t]
            act = acts[t]
            r, z, n = act[:, :size], act[:, size : 2 * size], act[:, 2 * size :]
            dp, dq = d_proj[t], d_hid[t]
            dan = dp[:, 2 * size :]
            np.multiply(dh, 1 - z, out=dan)
            dan *= 1 - n * n
            np.multiply(dan, r, out=dq[:, 2 * size :])
            dr = dp[:, :size]
            np.multiply(dan, hidden_n[t], out=dr)
            dr *= r * (1 - r)
            dz = dp[:, size : 2 * size]
            np.subtract(previous[t], n, out=dz)
            dz *= dh
            dz *= z * (1 - z)
            dq[:, : 2 * size] = dp[:, : 2 * size]
            dh = dh * z + dq @ w_hh
        return tuple(_gradients(self, d_proj, d_hid, x, previous, dh, w_ih))


class LSTMRecurrence(_Recurrence):
    """Long short-term memory, with PyTorch's gates (i, f, g, o) and equations::

        i, f, o = σ(W_i· x + b_i· + W_h· h + b_h·),  g = tanh(W_ig x + b_ig + W_hg h + b_hg)
        c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')

    Inputs ``(x, h0, c0, w_ih, w_hh, b_ih, b_hh)``. The output, of shape
    ``(T + 1, N, H)``, holds every ``h_t`` followed by the final cell state
    (one output keeps the node single). Parameter: ``reverse``.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> x, h0, c0 = np.zeros((1, 1, 1)), np.zeros((1, 1)), np.ones((1, 1))
    >>> w_ih, w_hh, b = np.zeros((4, 1)), np.zeros((4, 1)), np.zeros(4)
    >>> out = LSTMRecurrence.apply(x, h0, c0, w_ih, w_hh, b, b)
    >>> out.shape, round(float(out.array[1, 0, 0]), 3)  # c' = 0.5 c
    ((2, 1, 1), 0.5)
    """

    def forward(
        self,
        x: NDArray,
        h0: NDArray,
        c0: NDArray,
        w_ih: NDArray,
        w_hh: NDArray,
        b_ih: NDArray,
        b_hh: NDArray,
        reverse: bool = False,
    ) -> NDArray:
        self.reverse = reverse
        size = h0.shape[-1]
        projected = self._project(x, w_ih, b_ih)
        dtype = projected.dtype
        # σ(a) = (tanh(a / 2) + 1) / 2: halving the i, f, o pre-activations
        # (of every step at once, and the rows of W_hh) leaves one tanh call
        # and one affine map per step for all four gates.
        scale = np.full(4 * size, 0.5, dtype=dtype)
        scale[2 * size : 3 * size] = 1
        shift = np.full(4 * size, 0.5, dtype=dtype)
        shift[2 * size : 3 * size] = 0
        projected += b_hh
        projected *= scale
        w_hh_t = (w_hh * scale[:, None]).T
        steps = x.shape[0]
        out = np.empty((steps + 1, *h0.shape), dtype=dtype)
        cells = np.empty((steps, *h0.shape), dtype=dtype)
        tanh_cells = np.empty_like(cells)
        h, c = h0, c0
        for t in range(steps - 1, -1, -1) if reverse else range(steps):
            act = projected[t]
            act += h @ w_hh_t
            np.tanh(act, out=act)
            act *= scale
            act += shift
            c = np.multiply(act[:, size : 2 * size], c, out=cells[t])
            c += act[:, :size] * act[:, 2 * size : 3 * size]
            tc = np.tanh(c, out=tanh_cells[t])
            h = np.multiply(act[:, 3 * size :], tc, out=out[t])
        out[steps] = c
        # `projected` now holds the gate activations.
        self.cache = (x, h0, c0, out, projected, cells, tanh_cells)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        if ad_core.is_grad_enabled():
            return self._recorded_backward(grad, composed.lstm_steps, reverse=self.reverse)
        assert self.cache is not None and self.inputs is not None
        x, h0, c0, out, acts, cells, tanh_cells = self.cache
        w_ih, w_hh = self.inputs[3].array, self.inputs[4].array
        steps, batch, size = cells.shape
        g = grad.array
        previous_cells = _previous_states(cells, c0, self.reverse)
        # What does not recur is computed for every step at once: the
        # derivative of each gate's pre-activation per unit of dc (i, f, g)
        # or of dh (o), and dc per unit of dh.
        gates = acts.reshape(steps, batch, 4, size)
        i, f, gg, o = gates[:, :, 0], gates[:, :, 1], gates[:, :, 2], gates[:, :, 3]
        per_dc = np.empty((steps, batch, 3, size), dtype=acts.dtype)
        np.multiply(gg, i * (1 - i), out=per_dc[:, :, 0])
        np.multiply(previous_cells, f * (1 - f), out=per_dc[:, :, 1])
        np.multiply(i, 1 - gg * gg, out=per_dc[:, :, 2])
        o_per_dh = tanh_cells * o * (1 - o)
        dc_per_dh = o * (1 - tanh_cells * tanh_cells)
        d_gates: NDArray = np.empty((steps, batch, 4, size), dtype=acts.dtype)
        dh = np.zeros_like(h0, dtype=out.dtype)
        dc = np.array(g[steps], dtype=out.dtype)
        for t in range(steps) if self.reverse else range(steps - 1, -1, -1):
            dh += g[t]
            dc += dh * dc_per_dh[t]
            da = d_gates[t]
            np.multiply(per_dc[t], dc[:, None, :], out=da[:, :3])
            np.multiply(dh, o_per_dh[t], out=da[:, 3])
            dc *= f[t]
            dh = da.reshape(batch, 4 * size) @ w_hh
        d_pre = d_gates.reshape(steps, batch, 4 * size)
        previous = _previous_states(out[:steps], h0, self.reverse)
        grads = _gradients(self, d_pre, d_pre, x, previous, dh, w_ih)
        if self.needs_input_grad[2]:
            grads[2] = Tensor._wrap(dc)
        return tuple(grads)


def _gradients(
    fn: _Recurrence,
    d_projected: NDArray,
    d_hidden: NDArray,
    x: NDArray,
    previous: NDArray,
    dh0: NDArray,
    w_ih: NDArray,
) -> list[Tensor | None]:
    """Gradients of every input from those of each step's input projection
    (``W_ih x + b_ih``) and hidden projection (``W_hh h + b_hh``). Inputs
    are ``(x, h0, [c0,] w_ih, w_hh, b_ih, b_hh)``; the ``c0`` slot is left
    None."""
    needs = fn.needs_input_grad
    n = len(needs)
    grads: list[Tensor | None] = [None] * n
    dp = d_projected.reshape(-1, d_projected.shape[-1])
    dq = d_hidden.reshape(-1, d_hidden.shape[-1])
    if needs[0]:
        grads[0] = Tensor._wrap((dp @ w_ih).reshape(x.shape))
    if needs[1]:
        grads[1] = Tensor._wrap(dh0)
    if needs[n - 4]:
        grads[n - 4] = Tensor._wrap(dp.T @ x.reshape(-1, x.shape[-1]))
    if needs[n - 3]:
        grads[n - 3] = Tensor._wrap(dq.T @ previous.reshape(-1, previous.shape[-1]))
    if needs[n - 2] or needs[n - 1]:
        d_bias = dp.sum(0)
        if needs[n - 2]:
            grads[n - 2] = Tensor._wrap(d_bias)
        if needs[n - 1]:
            grads[n - 1] = Tensor._wrap(d_bias.copy() if d_hidden is d_projected else dq.sum(0))
    return grads
