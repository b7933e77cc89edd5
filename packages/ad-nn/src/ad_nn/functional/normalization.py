"""``batch_norm``, ``layer_norm`` and ``group_norm``: batch and group
normalisation composed from ad-ops primitives, layer normalisation one fused
``Function`` (it runs in every Transformer block)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

import ad_core
import ad_ops as F
from ad_core import Function, NDArray, Tensor, TensorLike, no_grad

from ..dtype_rule import functional_inputs


def _channel_shape(ndim: int, channels: int) -> tuple[int, ...]:
    return (1, channels) + (1,) * (ndim - 2)


def batch_norm(
    input: TensorLike,
    running_mean: TensorLike | None,
    running_var: TensorLike | None,
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Batch normalisation over every dimension but the channel dimension 1,
    as ``torch.nn.functional.batch_norm``.

    With ``training=True`` the batch statistics normalise the input and,
    when given, ``running_mean`` / ``running_var`` are updated in place
    (outside the graph) with ``momentum``, the variance by its unbiased
    estimate. With ``training=False`` the running statistics are used.

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import batch_norm
    >>> x = ad_core.tensor([[1.0], [3.0]])
    >>> rm, rv = ad_core.zeros(1), ad_core.ones(1)
    >>> batch_norm(x, rm, rv, training=True, eps=0.0)
    tensor([[-1.],
            [ 1.]])
    >>> rm, rv
    (tensor([0.2000]), tensor([1.1000]))
    """
    input, (running_mean, running_var, weight, bias) = functional_inputs(
        "batch_norm", input, running_mean, running_var, weight, bias
    )
    if input.ndim < 2:
        raise ValueError(f"batch_norm: expected input of at least 2 dimensions, got {input.shape}")
    channels = input.shape[1]
    dims = (0, *range(2, input.ndim))
    shape = _channel_shape(input.ndim, channels)
    for name, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is not None and t.shape != (channels,):
            raise ValueError(
                f"batch_norm: expected {name} of shape ({channels},), got {t.shape} "
                f"for input of shape {input.shape}"
            )
    if training:
        count = input.array.size // channels
        if count <= 1:
            raise ValueError(
                f"batch_norm: expected more than 1 value per channel when training, "
                f"got input of shape {input.shape}"
            )
        mean = F.mean(input, dims, keepdim=True)
        var = F.var(input, dims, correction=0, keepdim=True)
        if running_mean is not None or running_var is not None:
            with no_grad():
                if running_mean is not None:
                    running_mean.mul_(1 - momentum).add_(momentum * mean.array.reshape(channels))
                if running_var is not None:
                    unbiased = var.array.reshape(channels) * (count / (count - 1))
                    running_var.mul_(1 - momentum).add_(momentum * unbiased)
    else:
        if running_mean is None or running_var is None:
            raise ValueError(
                "batch_norm: running_mean and running_var are needed when not training"
            )
        mean = running_mean.reshape(shape)
        var = running_var.reshape(shape)
    out = (input - mean) * F.rsqrt(var + eps)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def layer_norm(
    input: TensorLike,
    normalized_shape: Sequence[int],
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise over the trailing ``normalized_shape`` dimensions, as
    ``torch.nn.functional.layer_norm`` (biased variance).

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import layer_norm
    >>> layer_norm(ad_core.tensor([[1.0, 3.0]]), (2,), eps=0.0)
    tensor([[-1.,  1.]])
    """
    input, (weight, bias) = functional_inputs("layer_norm", input, weight, bias)
    shape = tuple(normalized_shape)
    k = len(shape)
    if k == 0 or input.shape[input.ndim - k :] != shape or input.ndim < k:
        raise ValueError(
            f"layer_norm: expected input with trailing dimensions {shape}, got shape {input.shape}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.shape != shape:
            raise ValueError(f"layer_norm: expected {name} of shape {shape}, got {t.shape}")
    params = tuple(t for t in (weight, bias) if t is not None)
    return LayerNorm.apply(
        input, *params, size=math.prod(shape), eps=eps, weight=weight is not None
    )


def _layer_norm_composed(
    input: Tensor, size: int, weight: Tensor | None, bias: Tensor | None, eps: float
) -> Tensor:
    """Layer normalisation over the trailing ``size`` elements, in ad-ops operations."""
    rows = input.reshape(-1, size)
    mean = F.mean(rows, -1, keepdim=True)
    var = F.var(rows, -1, correction=0, keepdim=True)
    out = ((rows - mean) * F.rsqrt(var + eps)).reshape(input.shape)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


class LayerNorm(Function):
    """Layer normalisation over the trailing ``size`` elements of ``x``, then
    ``* weight + bias`` (each optional: ``weight`` says whether the first
    parameter is the weight).

    Backward uses the normalised input and the reciprocal deviations saved
    by the forward pass (one array of the input's size and one value per
    row) and runs in NumPy; recorded (``create_graph=True``), it differentiates
    the composed computation instead.

    Examples
    --------
    >>> import numpy as np
    >>> out = LayerNorm.apply(np.array([[1.0, 3.0]]), size=2, eps=0.0, weight=False)
    >>> out.array.tolist()
    [[-1.0, 1.0]]
    """

    normalized: NDArray | None = None

    def forward(self, x: NDArray, *params: NDArray, size: int, eps: float, weight: bool) -> NDArray:
        self.size, self.eps, self.has_weight = size, eps, weight
        rows = x.reshape(-1, size)
        centred = rows - rows.mean(axis=-1, keepdims=True)
        var = np.einsum("ij,ij->i", centred, centred)[:, None] / size
        var += eps
        self.rstd = 1 / np.sqrt(var)
        centred *= self.rstd
        self.normalized = centred
        out = centred.reshape(x.shape)
        # A fresh output: the normalised input stays as backward needs it.
        out = out * params[0] if weight else out.copy()
        if len(params) > int(weight):
            out += params[-1]
        return np.asarray(out)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        inputs = self.inputs
        assert inputs is not None and self.normalized is not None
        if ad_core.is_grad_enabled():
            return self._recorded_backward(grad)
        size, normalized = self.size, self.normalized
        g = grad.array.reshape(-1, size)
        scaled = g * inputs[1].array.reshape(size) if self.has_weight else g
        grads: list[Tensor | None] = [None] * len(inputs)
        if self.needs_input_grad[0]:
            # dx = rstd (dy - mean(dy) - x̂ mean(dy x̂)), dy the gradient after the weight.
            dx = normalized * (np.einsum("ij,ij->i", scaled, normalized)[:, None] / size)
            np.subtract(scaled, dx, out=dx)
            dx -= scaled.mean(axis=-1, keepdims=True)
            dx *= self.rstd
            grads[0] = Tensor._wrap(dx.reshape(inputs[0].shape))
        for i, (param, need) in enumerate(zip(inputs[1:], self.needs_input_grad[1:], strict=True)):
            if need and i == 0 and self.has_weight:
                grads[1 + i] = Tensor._wrap(
                    np.einsum("ij,ij->j", g, normalized).reshape(param.shape)
                )
            elif need:
                grads[1 + i] = Tensor._wrap(g.sum(axis=0).reshape(param.shape))
        return tuple(grads)

    def _recorded_backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        inputs = self.inputs
        assert inputs is not None
        x, *params = inputs
        weight = params.pop(0) if self.has_weight else None
        out = _layer_norm_composed(x, self.size, weight, params[0] if params else None, self.eps)
        wanted = [t for t, need in zip(inputs, self.needs_input_grad, strict=True) if need]
        found = iter(ad_core.grad(out, wanted, grad, create_graph=True, allow_unused=True))
        return tuple(next(found) if need else None for need in self.needs_input_grad)

    def release(self) -> None:
        super().release()
        self.normalized = None


def group_norm(
    input: TensorLike,
    num_groups: int,
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each group of channels of each sample, then scale and shift per
    channel, as ``torch.nn.functional.group_norm``.

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import group_norm
    >>> group_norm(ad_core.tensor([[1.0, 3.0, 4.0, 6.0]]), 2, eps=0.0)
    tensor([[-1.,  1., -1.,  1.]])
    """
    input, (weight, bias) = functional_inputs("group_norm", input, weight, bias)
    if input.ndim < 2:
        raise ValueError(f"group_norm: expected input of at least 2 dimensions, got {input.shape}")
    n, channels = input.shape[0], input.shape[1]
    if channels % num_groups != 0:
        raise ValueError(
            f"group_norm: expected number of channels in input ({channels}) to be divisible "
            f"by num_groups ({num_groups})"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.shape != (channels,):
            raise ValueError(f"group_norm: expected {name} of shape ({channels},), got {t.shape}")
    grouped = input.reshape(n, num_groups, (channels // num_groups) * math.prod(input.shape[2:]))
    mean = F.mean(grouped, 2, keepdim=True)
    var = F.var(grouped, 2, correction=0, keepdim=True)
    out = ((grouped - mean) * F.rsqrt(var + eps)).reshape(input.shape)
    shape = _channel_shape(input.ndim, channels)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
