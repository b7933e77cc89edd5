"""Finite-difference checks of gradients (and of gradients of gradients)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .engine import grad
from .tensor import Tensor
from .types import NDArray

GradFn = Callable[..., Any]


def _outputs(value: Any) -> list[Tensor]:
    outs = [value] if isinstance(value, Tensor) else list(value)
    return [o for o in outs if isinstance(o, Tensor)]


def gradcheck(
    fn: GradFn,
    inputs: Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    seed: int = 0,
) -> bool:
    """Check the gradients of ``fn`` at ``inputs`` against central differences.

    For random output cotangents ``v``, the analytic vector-Jacobian product
    ``J^T v`` of every input that requires grad is compared with
    ``(f(x + eps e_j) - f(x - eps e_j)) / (2 eps) . v`` for each element j.
    Inputs that require grad must be float64. Returns True, or raises (or
    returns False when ``raise_exception=False``) naming the input and the
    largest difference.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> x = ad_core.tensor(np.array([0.5, -1.5]), requires_grad=True)
    >>> ad_core.gradcheck(lambda t: t * t * t, [x])
    True
    """
    for name, value in (("eps", eps), ("atol", atol), ("rtol", rtol)):
        if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
            raise TypeError(f"gradcheck: {name} must be a number, got {value!r}")
    tensors = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    if not tensors:
        raise ValueError("gradcheck: no input requires grad")
    for x in tensors:
        if x.dtype != np.float64:
            raise TypeError(f"gradcheck: inputs must be float64 for precision, got {x.dtype}")
    rng = np.random.default_rng(seed)
    outs = _outputs(fn(*inputs))
    # Outputs that do not require grad are constants to the analytic side; the
    # numeric side still sees them move if they should have been differentiable.
    differentiable = [o for o in outs if o.requires_grad]
    shapes = [o.shape for o in outs]
    cotangents = [rng.standard_normal(s) for s in shapes]

    def project(value: Any) -> float:
        return float(
            sum(np.sum(o.array * v) for o, v in zip(_outputs(value), cotangents, strict=True))
        )

    seeds = [Tensor(v) for o, v in zip(outs, cotangents, strict=True) if o.requires_grad]
    analytic: tuple[Tensor | None, ...] = (None,) * len(tensors)
    if differentiable:
        analytic = grad(differentiable, tensors, seeds, allow_unused=True)

    for k, (x, a) in enumerate(zip(tensors, analytic, strict=True)):
        numeric = np.zeros(x.shape)
        data: NDArray = x.array
        # Grad mode stays on: `fn` may itself differentiate (see gradgradcheck).
        for j in np.ndindex(*x.shape):
            original = data[j].copy()
            data[j] = original + eps
            plus = project(fn(*inputs))
            data[j] = original - eps
            minus = project(fn(*inputs))
            data[j] = original
            numeric[j] = (plus - minus) / (2 * eps)
        got = np.zeros(x.shape) if a is None else a.array
        if got.shape != numeric.shape or not np.allclose(got, numeric, atol=atol, rtol=rtol):
            diff = np.max(np.abs(got - numeric)) if got.shape == numeric.shape else float("nan")
            message = (
                f"gradcheck: gradient of input {k} (shape {x.shape}) differs from finite "
                f"differences by up to {diff:.3g}\nanalytic:\n{got}\nnumeric:\n{numeric}"
            )
            if raise_exception:
                raise AssertionError(message)
            return False
    return True


def gradgradcheck(
    fn: GradFn,
    inputs: Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    seed: int = 0,
) -> bool:
    """Check second derivatives: ``gradcheck`` of the vector-Jacobian product
    of ``fn`` (built with ``create_graph=True``) for a fixed random cotangent.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> x = ad_core.tensor(np.array([0.5, -1.5]), requires_grad=True)
    >>> ad_core.gradgradcheck(lambda t: t * t * t, [x])
    True
    """
    rng = np.random.default_rng(seed + 1)
    outs = _outputs(fn(*inputs))
    cotangents = [Tensor(rng.standard_normal(o.shape)) for o in outs]

    def vjp(*args: Any) -> tuple[Tensor, ...]:
        # Every input's first derivative, a zero tensor where it is unused: a
        # constant first derivative must then stay constant under perturbation.
        value = _outputs(fn(*args))
        pairs = [(o, v) for o, v in zip(value, cotangents, strict=True) if o.requires_grad]
        xs = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
        grads = grad(
            [o for o, _ in pairs], xs, [v for _, v in pairs], create_graph=True, allow_unused=True
        )
        return tuple(
            Tensor(np.zeros(x.shape)) if g is None else g for g, x in zip(grads, xs, strict=True)
        )

    return gradcheck(
        vjp, inputs, eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception, seed=seed
    )
