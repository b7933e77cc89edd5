"""The error function: ``erf`` on tensors (as ``torch.erf``) and ``erf_array``
on arrays (NumPy has none), which the exact ``gelu`` uses too."""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift

from .elementwise import Exp

_SERIES_LIMIT = 3.0
_FRACTION_DEPTH = 60
_TWO_OVER_SQRT_PI = 2 / np.sqrt(np.pi)


def erf_array(x: NDArray) -> NDArray:
    """``erf(x)`` elementwise, accurate to the precision of ``x``'s dtype.

    Below 3 in magnitude it sums the series
    ``erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!``, whose
    terms are all positive (no cancellation); above, it evaluates the
    continued fraction of ``erfc``, which converges fast there.

    >>> import numpy as np
    >>> erf_array(np.array([0.0, 0.5, -1.0, 4.0])).round(12).tolist()
    [0.0, 0.520499877813, -0.84270079295, 0.999999984583]
    """
    a = np.abs(x).astype(np.float64)
    tol = np.finfo(x.dtype).eps / 4 if x.dtype.kind == "f" else np.finfo(np.float64).eps / 4
    out = np.empty_like(a)

    near = a < _SERIES_LIMIT
    s = a[near]
    term = s.copy()
    total = s.copy()
    twice_square = 2 * s * s
    n = 0
    while np.any(term > tol * total):
        n += 1
        term *= twice_square / (2 * n + 1)
        total += term
    out[near] = _TWO_OVER_SQRT_PI * np.exp(-s * s) * total

    far = ~near
    f = a[far]
    fraction = f.copy()
    for k in range(_FRACTION_DEPTH, 0, -1):
        fraction = f + (k / 2) / fraction
    out[far] = 1 - np.exp(-f * f) / (np.sqrt(np.pi) * fraction)
    return np.asarray(np.copysign(out, x).astype(x.dtype if x.dtype.kind == "f" else np.float64))


class Erf(Function):
    """``erf(a)``; its derivative is ``2/sqrt(pi) exp(-a^2)``."""

    def forward(self, a: NDArray) -> NDArray:
        self.save(a)
        return erf_array(a)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        (a,) = self.saved_tensors
        return (grad * Exp.apply(a * a * -1.0) * _TWO_OVER_SQRT_PI,)


def erf(input: TensorLike) -> Tensor:
    """The error function ``2/sqrt(pi) integral_0^x exp(-t^2) dt``, as ``torch.erf``.

    >>> import ad_core, ad_ops as F
    >>> F.erf(ad_core.tensor([0.0, 1.0, -3.0]))
    tensor([ 0.0000,  0.8427, -1.0000])
    """
    (t,) = lift((input,))
    if t.dtype.kind != "f":
        raise TypeError(f"erf: expected a floating tensor, got dtype {t.dtype}")
    return Erf.apply(t)
