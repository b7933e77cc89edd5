"""``ad_nn.init``: in-place initialisers, as ``torch.nn.init``.

Every function fills ``tensor.array`` in place (outside the graph, as PyTorch
does under ``no_grad``), draws from ``ad_core.default_generator()`` unless a
``generator`` is given, and returns the tensor.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ad_core import Tensor, default_generator, no_grad

_LINEAR = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity, as ``torch.nn.init.calculate_gain``.

    >>> from ad_nn import init
    >>> init.calculate_gain("tanh"), round(init.calculate_gain("relu"), 4)
    (1.6666666666666667, 1.4142)
    """
    if nonlinearity in _LINEAR:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, int | float) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unsupported nonlinearity {nonlinearity!r}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """Fans of a weight: (size(1), size(0)) times the receptive field of a conv kernel."""
    if tensor.ndim < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, "
            f"got shape {tensor.shape}"
        )
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"kaiming init: mode {mode!r} not supported, use 'fan_in' or 'fan_out'")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _write(tensor: Tensor, values: Any) -> None:
    """Overwrite ``tensor`` with ``values``, counted by its version, as PyTorch's
    initialisers do under ``no_grad``."""
    with no_grad():
        tensor.copy_(values)


def _rng(generator: np.random.Generator | None) -> np.random.Generator:
    return default_generator() if generator is None else generator


def uniform_(
    tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Fill with values drawn from U(a, b).

    >>> import ad_core
    >>> from ad_nn import init
    >>> w = init.uniform_(ad_core.zeros(1000), -2.0, 2.0)
    >>> bool(w.array.min() >= -2.0 and w.array.max() < 2.0)
    True
    """
    _write(tensor, _rng(generator).uniform(a, b, tensor.shape))
    return tensor


def normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Fill with values drawn from N(mean, std²).

    >>> import ad_core
    >>> from ad_nn import init
    >>> w = init.normal_(ad_core.zeros(10000), mean=3.0, std=0.5)
    >>> bool(abs(w.array.mean() - 3.0) < 0.05)
    True
    """
    _write(tensor, _rng(generator).normal(mean, std, tensor.shape))
    return tensor


def trunc_normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Fill with N(mean, std²) values redrawn until they fall in [a, b].

    The distribution is PyTorch's; the sampling method (rejection) differs.

    >>> import ad_core
    >>> from ad_nn import init
    >>> w = init.trunc_normal_(ad_core.zeros(1000), std=1.0, a=-0.5, b=0.5)
    >>> bool(w.array.min() >= -0.5 and w.array.max() <= 0.5)
    True
    """
    if not a < b:
        raise ValueError(f"trunc_normal_: expected a < b, got a={a}, b={b}")
    rng = _rng(generator)
    values = rng.normal(mean, std, tensor.shape)
    bad = (values < a) | (values > b)
    while bad.any():
        values[bad] = rng.normal(mean, std, int(bad.sum()))
        bad = (values < a) | (values > b)
    _write(tensor, values)
    return tensor


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with ``val``.

    >>> import ad_core
    >>> from ad_nn import init
    >>> init.constant_(ad_core.zeros(2), 0.5)
    tensor([0.5000, 0.5000])
    """
    _write(tensor, val)
    return tensor


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with zeros.

    >>> import ad_core
    >>> from ad_nn import init
    >>> init.zeros_(ad_core.ones(2))
    tensor([0., 0.])
    """
    return constant_(tensor, 0.0)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with ones.

    >>> import ad_core
    >>> from ad_nn import init
    >>> init.ones_(ad_core.zeros(2))
    tensor([1., 1.])
    """
    return constant_(tensor, 1.0)


def eye_(tensor: Tensor) -> Tensor:
    """Fill a 2-D tensor with the identity matrix (ones on the diagonal).

    >>> import ad_core
    >>> from ad_nn import init
    >>> init.eye_(ad_core.zeros(2, 3))
    tensor([[1., 0., 0.],
            [0., 1., 0.]])
    """
    if tensor.ndim != 2:
        raise ValueError(f"eye_: only 2-D tensors are supported, got shape {tensor.shape}")
    _write(tensor, np.eye(tensor.shape[0], tensor.shape[1]))
    return tensor


def xavier_uniform_(
    tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Glorot uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)).

    >>> import ad_core
    >>> from ad_nn import init
    >>> w = init.xavier_uniform_(ad_core.zeros(30, 20))
    >>> bool(abs(w.array).max() <= (6 / 50) ** 0.5)
    True
    """
    if tensor.array.size == 0:
        return tensor
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(
    tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).

    >>> import ad_core
    >>> from ad_nn import init
    >>> w = init.xavier_normal_(ad_core.zeros(300, 200))
    >>> bool(abs(w.array.std() - (2 / 500) ** 0.5) < 0.002)
    True
    """
    if tensor.array.size == 0:
        return tensor
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Tensor:
    """He uniform: U(-b, b) with b = gain·√(3 / fan); ``a`` is the leaky-ReLU slope.

    With ``a=√5`` (what ``Linear`` and ``Conv`` use) the bound is 1/√fan_in.

    >>> import math, ad_core
    >>> from ad_nn import init
    >>> w = init.kaiming_uniform_(ad_core.zeros(50, 16), a=math.sqrt(5))
    >>> bool(abs(w.array).max() <= 1 / 4)
    True
    """
    if tensor.array.size == 0:
        return tensor
    fan = _fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    bound = math.sqrt(3.0) * gain / math.sqrt(fan)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Tensor:
    """He normal: N(0, std²) with std = gain / √fan.

    >>> import ad_core
    >>> from ad_nn import init
    >>> w = init.kaiming_normal_(ad_core.zeros(400, 100), nonlinearity="relu")
    >>> bool(abs(w.array.std() - (2 / 100) ** 0.5) < 0.005)
    True
    """
    if tensor.array.size == 0:
        return tensor
    fan = _fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return normal_(tensor, 0.0, std, generator)


def orthogonal_(
    tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Fill with a (semi-)orthogonal matrix (trailing dimensions flattened), times ``gain``.

    >>> import numpy as np, ad_core
    >>> from ad_nn import init
    >>> w = init.orthogonal_(ad_core.zeros(3, 5)).array
    >>> bool(np.allclose(w @ w.T, np.eye(3), atol=1e-5))
    True
    """
    if tensor.ndim < 2:
        raise ValueError(
            f"orthogonal_: only tensors with 2 or more dimensions are supported, "
            f"got shape {tensor.shape}"
        )
    if tensor.array.size == 0:
        return tensor
    rows = tensor.shape[0]
    cols = tensor.array.size // rows
    flat = _rng(generator).normal(0.0, 1.0, (rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    _write(tensor, (gain * q).reshape(tensor.shape))
    return tensor


__all__ = [
    "calculate_gain",
    "constant_",
    "eye_",
    "kaiming_normal_",
    "kaiming_uniform_",
    "normal_",
    "ones_",
    "orthogonal_",
    "trunc_normal_",
    "uniform_",
    "xavier_normal_",
    "xavier_uniform_",
    "zeros_",
]
