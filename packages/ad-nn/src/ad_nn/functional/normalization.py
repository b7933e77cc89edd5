"""``batch_norm``, ``layer_norm`` and ``group_norm``, composed from ad-ops primitives."""

from __future__ import annotations

import math
from collections.abc import Sequence

import ad_ops as F
from ad_core import Tensor, TensorLike, no_grad

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
    dims = tuple(range(input.ndim - k, input.ndim))
    mean = F.mean(input, dims, keepdim=True)
    var = F.var(input, dims, correction=0, keepdim=True)
    out = (input - mean) * F.rsqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


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
