"""``clip_grad_norm_`` and ``clip_grad_value_``: rescale or clamp gradients in
place (``torch.nn.utils``' functions: here, since they need only tensors, and
re-exported by ``ad_nn.utils`` and ``ad_optim``)."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from .checks import check_bool, check_real
from .tensor import Tensor
from .types import NDArray


def _grads(op: str, parameters: Tensor | Iterable[Tensor]) -> list[NDArray]:
    if isinstance(parameters, Tensor):
        params = [parameters]
    elif isinstance(parameters, Iterable):
        params = list(parameters)
    else:
        raise TypeError(
            f"{op}: expected parameters to be a Tensor or an iterable of Tensors, "
            f"got {type(parameters).__name__}"
        )
    for p in params:
        if not isinstance(p, Tensor):
            raise TypeError(f"{op}: expected parameters to be Tensors, got {type(p).__name__}")
    return [p.grad.array for p in params if p.grad is not None]


def _norm_order(norm_type: float | str) -> float:
    """``norm_type`` as a float: a number, or ``"inf"`` / ``"-inf"`` as PyTorch accepts."""
    if isinstance(norm_type, str) and norm_type.strip().lower() in ("inf", "+inf", "-inf"):
        return float(norm_type)
    if isinstance(norm_type, str):
        raise ValueError(
            f"clip_grad_norm_: expected norm_type to be a number or 'inf', got {norm_type!r}"
        )
    return check_real("clip_grad_norm_", "norm_type", norm_type)


def clip_grad_norm_(
    parameters: Tensor | Iterable[Tensor],
    max_norm: float,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
) -> Tensor:
    """Scale the gradients in place so that their joint norm is at most ``max_norm``.

    The norm is taken over all gradients together, as if concatenated; each
    gradient is multiplied by ``min(1, max_norm / (total_norm + 1e-6))``, as
    ``torch.nn.utils.clip_grad_norm_`` does.

    Parameters
    ----------
    parameters:
        A tensor or an iterable of tensors; those without a gradient are skipped.
    max_norm:
        The largest norm allowed.
    norm_type:
        The order of the norm: a float, ``inf`` or ``"inf"``.
    error_if_nonfinite:
        Raise instead of scaling when the total norm is nan or infinite.

    Returns
    -------
    Tensor
        The total norm before clipping (0-d, in the gradients' dtype).

    Raises
    ------
    RuntimeError
        If ``error_if_nonfinite`` and the total norm is not finite; no
        gradient is changed then.

    Examples
    --------
    >>> import ad_core
    >>> w = ad_core.tensor([3.0, 4.0], requires_grad=True)
    >>> w.grad = ad_core.tensor([3.0, 4.0])
    >>> ad_core.clip_grad_norm_([w], max_norm=1.0)
    tensor(5.)
    >>> w.grad.numpy().round(6)
    array([0.6, 0.8], dtype=float32)
    """
    op = "clip_grad_norm_"
    p = _norm_order(norm_type)
    check_real(op, "max_norm", max_norm)
    check_bool(op, "error_if_nonfinite", error_if_nonfinite)
    grads = _grads(op, parameters)
    if not grads:
        return Tensor._wrap(np.zeros((), dtype=np.float32))
    dtype = grads[0].dtype
    if p == math.inf:
        norms = [np.max(np.abs(g)) if g.size else 0.0 for g in grads]
        total = np.max(np.asarray(norms, dtype=dtype))
    elif p == -math.inf:
        norms = [np.min(np.abs(g)) if g.size else math.inf for g in grads]
        total = np.min(np.asarray(norms, dtype=dtype))
    else:
        norms = [np.linalg.norm(g.ravel(), ord=p) for g in grads]
        total = np.linalg.norm(np.asarray(norms, dtype=dtype), ord=p)
    total = np.asarray(total, dtype=dtype)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"clip_grad_norm_: the total norm of order {norm_type} of the gradients is "
            f"{float(total)}, so it cannot be clipped; pass error_if_nonfinite=False "
            "to scale the gradients by it anyway"
        )
    coef = np.asarray(max_norm / (total + 1e-6), dtype=dtype)
    if not coef >= 1.0:
        for g in grads:
            g *= coef
    return Tensor._wrap(total)


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float) -> None:
    """Clamp every gradient in place to ``[-clip_value, clip_value]``.

    Parameters
    ----------
    parameters:
        A tensor or an iterable of tensors; those without a gradient are skipped.
    clip_value:
        The largest absolute value allowed.

    Examples
    --------
    >>> import ad_core
    >>> w = ad_core.tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> w.grad = ad_core.tensor([-5.0, 0.5, 5.0])
    >>> ad_core.clip_grad_value_(w, 1.0)
    >>> w.grad
    tensor([-1.0000,  0.5000,  1.0000])
    """
    value = check_real("clip_grad_value_", "clip_value", clip_value)
    for g in _grads("clip_grad_value_", parameters):
        np.clip(g, -value, value, out=g)
