"""What every loss shares: checking its input and target, and its reduction."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ad_core import Tensor


def mean_of(total: Tensor, count: float) -> Tensor:
    """``total / count``; when ``count`` is 0 (an empty batch, every target
    ignored) NaN with a zero gradient, as in PyTorch, without NumPy's warning.

    >>> import ad_core
    >>> mean_of(ad_core.tensor(6.0), 3), mean_of(ad_core.tensor(0.0), 0)
    (tensor(2.), tensor(nan))
    """
    if count == 0:
        return total * 0.0 + float("nan")
    return total / count


def reduce_loss(op: str, loss: Tensor, reduction: str) -> Tensor:
    """Apply ``reduction`` ('mean', 'sum' or 'none') to an elementwise loss."""
    if reduction == "mean":
        return loss.mean() if loss.array.size else mean_of(loss.sum(), 0)
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{op}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def check_reduction(
    op: str, reduction: str, allowed: tuple[str, ...] = ("mean", "sum", "none")
) -> None:
    """Raise a ``ValueError`` naming ``op`` unless ``reduction`` is allowed."""
    if not isinstance(reduction, str) or reduction not in allowed:
        raise ValueError(
            f"{op}: reduction must be one of {', '.join(repr(r) for r in allowed)}, "
            f"got {reduction!r}"
        )


def float_input(op: str, input: Any) -> Tensor:
    """The loss input, checked to be a floating Tensor (a NumPy array is wrapped)."""
    if isinstance(input, np.ndarray):
        input = Tensor._wrap(input)
    if not isinstance(input, Tensor):
        raise TypeError(
            f"{op}: expected input to be a Tensor or a NumPy array, got {type(input).__name__}"
        )
    if input.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating input, got {input.dtype}")
    return input


def warn_if_broadcast(op: str, input: Tensor, target: Tensor) -> None:
    """Warn, as PyTorch does, when a target of another shape would be broadcast
    against the input: the loss is then seldom the one meant."""
    if target.shape != input.shape:
        warnings.warn(
            f"{op}: using a target size {target.shape} that is different to the input size "
            f"{input.shape}. This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            UserWarning,
            stacklevel=4,
        )


def float_target(op: str, target: Any, input: Tensor) -> Tensor:
    """The target as a Tensor; arrays and numbers take the input's dtype."""
    if isinstance(target, Tensor):
        t = target
        if t.dtype.kind not in "biuf":
            raise TypeError(f"{op}: expected a numeric target, got dtype {t.dtype}")
    elif isinstance(target, np.ndarray | np.generic | int | float | list):
        array = np.asarray(target)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"{op}: expected a numeric target, got dtype {array.dtype}")
        t = Tensor._wrap(array.astype(input.dtype, copy=False))
    else:
        raise TypeError(
            f"{op}: expected target to be a Tensor or a NumPy array, got {type(target).__name__}"
        )
    try:
        np.broadcast_shapes(input.shape, t.shape)
    except ValueError:
        raise ValueError(
            f"{op}: target of shape {t.shape} does not match input of shape {input.shape}"
        ) from None
    return t


def index_target(op: str, target: Any) -> np.ndarray[Any, Any]:
    """Class-index targets as an integer array."""
    array = target.array if isinstance(target, Tensor) else target
    if not isinstance(array, np.ndarray | np.generic | int | list):
        raise TypeError(
            f"{op}: expected target to be a Tensor or a NumPy array of class indices, "
            f"got {type(target).__name__}"
        )
    array = np.asarray(array)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{op}: expected integer class indices as target, got dtype {array.dtype}")
    return array
