"""Activations: ``tanh``, ``sigmoid``, ``relu``, ``leaky_relu``, ``elu``, ``gelu``,
``silu``, ``softplus``.

Backward multiplies by a derivative computed in NumPy when no graph of the
backward is being recorded (the common case, one Tensor op), and builds the
derivative from Tensor operations under ``create_graph=True`` so that second
derivatives are exact.
"""

from __future__ import annotations

import math

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, is_grad_enabled
from ad_core.function import constant, values

from .elementwise import Exp
from .selection import Where
from .special import erf_array

_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
_GELU_CUBIC = 0.044715


def _number(op: str, name: str, value: object) -> float:
    """``value`` as a float, refused (naming ``op`` and ``name``) unless it is a real number."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{op}: expected {name} to be a number, got {value!r}")
    return float(value)


def _stable_sigmoid(a: NDArray) -> NDArray:
    # exp(-a) overflows to inf only where the sigmoid is 0 to working precision,
    # and 1 / (1 + inf) is exactly that 0: the overflow is expected, not an error.
    out = np.asarray(np.exp(-a))
    out += 1
    np.reciprocal(out, out=out)
    return out


class Tanh(Function):
    """``tanh(a)``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = np.tanh(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * (1 - out * out),)


class Sigmoid(Function):
    """``1 / (1 + exp(-a))``, finite for any ``a``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = _stable_sigmoid(a)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        return (grad * (out - out * out),)


class ReLU(Function):
    """``max(a, 0)``; the gradient at 0 is 0."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        out = np.maximum(a, a.dtype.type(0))
        self.save(out)
        return np.asarray(out)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        # A bool mask multiplies without a float copy of it.
        return (grad * (out > 0),)


class LeakyReLU(Function):
    """``a`` where positive, else ``negative_slope * a``."""

    raw_backward = True

    def forward(self, a: NDArray, negative_slope: float) -> NDArray:
        self.slope = np.where(a > 0, 1, negative_slope).astype(a.dtype)
        return np.asarray(a * self.slope)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (grad * constant(self.slope),)


class ELU(Function):
    """``a`` where positive, else ``alpha * (exp(a) - 1)``."""

    raw_backward = True

    def forward(self, a: NDArray, alpha: float) -> NDArray:
        self.alpha = alpha
        self.positive = a > 0
        out = np.where(self.positive, a, alpha * np.expm1(np.minimum(a, 0))).astype(a.dtype)
        self.save(out)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (out,) = self.saved_tensors
        if is_grad_enabled():
            return (grad * Where.apply(1.0, out + self.alpha, condition=self.positive),)
        slope = np.where(self.positive, 1, values(out) + self.alpha).astype(out.dtype)
        return (grad * constant(slope),)


class GELU(Function):
    """``a * Phi(a)`` with ``Phi`` the standard normal CDF (``approximate='none'``)
    or its tanh approximation (``approximate='tanh'``)."""

    raw_backward = True

    def forward(self, a: NDArray, approximate: str) -> NDArray:
        self.approximate = approximate
        self.save(a)
        if approximate == "tanh":
            self.t = np.tanh(_SQRT_2_OVER_PI * (a + _GELU_CUBIC * a**3))
            return np.asarray(0.5 * a * (1 + self.t))
        self.cdf = 0.5 * (1 + erf_array(a * (1 / math.sqrt(2))))
        return np.asarray(a * self.cdf)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        if self.approximate == "tanh":
            if is_grad_enabled():
                t = Tanh.apply((a + a * a * a * _GELU_CUBIC) * _SQRT_2_OVER_PI)
            else:
                t = constant(self.t)
            inner = (a * a * (3 * _GELU_CUBIC) + 1) * _SQRT_2_OVER_PI
            return (grad * ((t + 1) * 0.5 + a * 0.5 * (1 - t * t) * inner),)
        pdf_scale = 1 / math.sqrt(2 * math.pi)
        if is_grad_enabled():
            cdf = NormalCDF.apply(a)
            pdf = Exp.apply(a * a * -0.5) * pdf_scale
            return (grad * (cdf + a * pdf),)
        x = values(a)
        pdf_array = np.exp(-0.5 * x * x) * pdf_scale
        return (grad * constant((self.cdf + x * pdf_array).astype(x.dtype)),)


class NormalCDF(Function):
    """The standard normal CDF (needed for the second derivative of ``gelu``)."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return np.asarray(0.5 * (1 + erf_array(a * (1 / math.sqrt(2)))))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad * Exp.apply(a * a * -0.5) * (1 / math.sqrt(2 * math.pi)),)


class SiLU(Function):
    """``a * sigmoid(a)``."""

    raw_backward = True

    def forward(self, a: NDArray) -> NDArray:
        self.sig = _stable_sigmoid(a)
        self.save(a)
        return a * self.sig

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        if is_grad_enabled():
            s = Sigmoid.apply(a)
            return (grad * s * (a * (1 - s) + 1),)
        s_data = self.sig
        return (grad * constant(s_data * (1 + values(a) * (1 - s_data))),)


class Softplus(Function):
    """``log(1 + exp(beta * a)) / beta``, linear where ``beta * a > threshold``."""

    raw_backward = True

    def forward(self, a: NDArray, beta: float, threshold: float) -> NDArray:
        self.beta = beta
        z = a * beta
        self.linear = z > threshold
        self.save(a)
        smooth = (np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0)) / beta
        return np.asarray(np.where(self.linear, a, smooth).astype(a.dtype))

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        if is_grad_enabled():
            slope = Where.apply(1.0, Sigmoid.apply(a * self.beta), condition=self.linear)
            return (grad * slope,)
        slope_data = np.where(self.linear, 1, _stable_sigmoid(values(a) * self.beta))
        return (grad * constant(slope_data.astype(a.dtype)),)


def tanh(input: TensorLike) -> Tensor:
    """Hyperbolic tangent, as ``torch.tanh``.

    >>> import ad_core, ad_ops as F
    >>> F.tanh(ad_core.tensor([0.0, 100.0]))
    tensor([0., 1.])
    """
    return Tanh.apply(input)


def sigmoid(input: TensorLike) -> Tensor:
    """Logistic sigmoid, as ``torch.sigmoid``; finite with correct gradients
    at any magnitude.

    >>> import ad_core, ad_ops as F
    >>> F.sigmoid(ad_core.tensor([-1000.0, 0.0, 1000.0]))
    tensor([0.0000, 0.5000, 1.0000])
    """
    return Sigmoid.apply(input)


def relu(input: TensorLike) -> Tensor:
    """``max(input, 0)``, as ``torch.nn.functional.relu``; gradient 0 at 0.

    >>> import ad_core, ad_ops as F
    >>> F.relu(ad_core.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """
    return ReLU.apply(input)


def leaky_relu(input: TensorLike, negative_slope: float = 0.01) -> Tensor:
    """``input`` where positive, else ``negative_slope * input``, as
    ``torch.nn.functional.leaky_relu``.

    >>> import ad_core, ad_ops as F
    >>> F.leaky_relu(ad_core.tensor([-2.0, 3.0]), 0.1)
    tensor([-0.2000,  3.0000])
    """
    slope = _number("leaky_relu", "negative_slope", negative_slope)
    return LeakyReLU.apply(input, negative_slope=slope)


def elu(input: TensorLike, alpha: float = 1.0) -> Tensor:
    """``input`` where positive, else ``alpha * (exp(input) - 1)``, as
    ``torch.nn.functional.elu``.

    >>> import ad_core, ad_ops as F
    >>> F.elu(ad_core.tensor([-1.0, 2.0], dtype="float64")).tolist()
    [-0.6321205588285577, 2.0]
    """
    return ELU.apply(input, alpha=_number("elu", "alpha", alpha))


def gelu(input: TensorLike, approximate: str = "none") -> Tensor:
    """Gaussian error linear unit ``x * Phi(x)``, as ``torch.nn.functional.gelu``.

    ``approximate='tanh'`` uses ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``.

    >>> import ad_core, ad_ops as F
    >>> F.gelu(ad_core.tensor([-1.0, 0.0, 1.0], dtype="float64")).numpy().round(10).tolist()
    [-0.1586552539, 0.0, 0.8413447461]
    """
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return GELU.apply(input, approximate=approximate)


def silu(input: TensorLike) -> Tensor:
    """``input * sigmoid(input)``, as ``torch.nn.functional.silu``.

    >>> import ad_core, ad_ops as F
    >>> F.silu(ad_core.tensor([0.0, 1000.0]))
    tensor([   0., 1000.])
    """
    return SiLU.apply(input)


def softplus(input: TensorLike, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta * input)) / beta``, as ``torch.nn.functional.softplus``.

    Computed stably; where ``beta * input > threshold`` it is ``input`` itself.

    >>> import ad_core, ad_ops as F
    >>> x = ad_core.tensor([-1000.0, 0.0, 1000.0], dtype="float64")
    >>> F.softplus(x).numpy().round(4).tolist()
    [0.0, 0.6931, 1000.0]
    """
    b = _number("softplus", "beta", beta)
    if b == 0:
        raise ValueError("softplus: beta must be non-zero, got 0")
    return Softplus.apply(input, beta=b, threshold=_number("softplus", "threshold", threshold))
