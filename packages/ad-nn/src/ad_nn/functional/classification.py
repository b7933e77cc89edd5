"""Classification losses, as in ``torch.nn.functional``: negative log
likelihood, cross entropy (from a stable log-softmax), binary cross entropy
and KL divergence.

Targets may be Tensors or NumPy arrays (class indices as integers). Every
loss takes ``reduction`` = ``"mean"`` | ``"sum"`` | ``"none"``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import ad_ops as F
from ad_core import Function, NDArray, Tensor, TensorLike, is_grad_enabled, lift
from ad_ops.softmax import shift_by_max

from ..arguments import check_int, check_number
from .loss_inputs import (
    check_reduction,
    float_input,
    float_target,
    index_target,
    mean_of,
    reduce_loss,
)


def _classes_last(op: str, input: Tensor) -> Tensor:
    """(N, C, d1, ...) as (N·d1·..., C); (C,) as (1, C)."""
    if input.ndim == 0:
        raise ValueError(f"{op}: expected input of shape (C,), (N, C) or (N, C, d1, ...), got ()")
    if input.ndim == 1:
        return input.reshape(1, input.shape[0])
    if input.ndim == 2:
        return input
    dims = (0, *range(2, input.ndim), 1)
    return input.permute(dims).reshape(-1, input.shape[1])


def _expected_target_shape(input: Tensor) -> tuple[int, ...]:
    return () if input.ndim == 1 else (input.shape[0], *input.shape[2:])


def _check_weight(op: str, weight: TensorLike | None, input: Tensor) -> Tensor | None:
    """The class weights as a Tensor of the input's dtype, checked."""
    if weight is None:
        return None
    classes = input.shape[0] if input.ndim == 1 else input.shape[1] if input.ndim > 1 else 0
    (w,) = lift((weight,))
    if w.dtype.kind not in "biuf" or w.shape != (classes,):
        raise ValueError(
            f"{op}: expected weight of shape ({classes},) for {classes} classes, "
            f"got {w.shape} of dtype {w.dtype}"
        )
    return w if w.dtype == input.dtype else Tensor._wrap(w.array.astype(input.dtype))


def _check_options(op: str, ignore_index: Any, label_smoothing: Any = 0.0) -> None:
    # Exact types first: this runs on every training step.
    if type(ignore_index) is not int:
        check_int(op, "ignore_index", ignore_index, minimum=-(2**62))
    if type(label_smoothing) is not float or not 0.0 <= label_smoothing <= 1.0:
        check_number(op, "label_smoothing", label_smoothing, 0.0, 1.0)


def _sample_weights(
    op: str,
    rows: Tensor,
    target: np.ndarray[Any, Any],
    weight: Tensor | None,
    ignore_index: int,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """For (M, C) ``rows`` and flat (M,) class indices ``target``, checked: the
    indices with ignored ones set to 0, each sample's weight (0 where ignored)
    and the mask of kept samples."""
    classes = rows.shape[1]
    if target.size:
        low, high = target.min(), target.max()
        if low >= 0 and high < classes and not low <= ignore_index <= high:
            # Every target is a class and none is ignored: the hot path of training.
            w = np.ones(target.shape, dtype=rows.dtype)
            if weight is not None:
                w *= weight.array[target].astype(rows.dtype)
            return target, w, np.ones(target.shape, dtype=bool)
    keep = target != ignore_index
    bad = keep & ((target < 0) | (target >= classes))
    if bad.any():
        raise IndexError(
            f"{op}: target {int(target[bad][0])} is out of bounds for {classes} classes"
        )
    safe = np.where(keep, target, 0)
    w = keep.astype(rows.dtype)
    if weight is not None:
        w = w * weight.array[safe].astype(rows.dtype)
    return safe, w, keep


def _pick(
    op: str,
    logp: Tensor,
    target: np.ndarray[Any, Any],
    weight: Tensor | None,
    ignore_index: int,
) -> tuple[Tensor, np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """−w[t]·logp[t] per sample (zero where ignored), the per-sample weights and the
    mask of kept samples; ``logp`` is (M, C) and ``target`` flat (M,)."""
    safe, w, keep = _sample_weights(op, logp, target, weight, ignore_index)
    picked = logp[np.arange(len(safe)), safe]
    return -picked * w, w, keep


class _CrossEntropyRows(Function):
    """Mean or summed cross entropy of (M, C) logits against weighted class indices,
    fused: one node instead of six on the hot path of classifier training.

    ``scale`` holds each row's weight divided by the reduction's denominator.
    """

    def forward(self, x: NDArray, target: NDArray, scale: NDArray) -> NDArray:
        self.save(x)
        shifted = shift_by_max(x, 1)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        rows = np.arange(len(target))
        self.target, self.scale = target, scale
        self.probs = exp / total
        picked = shifted[rows, target] - np.log(total[:, 0])
        return np.asarray(-(picked * scale).sum(), dtype=x.dtype)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        rows = np.arange(len(self.target))
        if is_grad_enabled():
            # create_graph: written in differentiable ops so it can be differentiated again.
            (x,) = self.saved_tensors
            onehot = np.zeros(x.shape, dtype=x.dtype)
            onehot[rows, self.target] = 1.0
            return (F.softmax(x, 1) - onehot) * self.scale[:, None] * grad, None, None
        g = self.probs.copy()
        g[rows, self.target] -= 1.0
        g *= self.scale[:, None] * grad.array
        return Tensor._wrap(g), None, None


def nll_loss(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood −w[t]·input[t] of log-probabilities, as
    ``torch.nn.functional.nll_loss``.

    ``input`` is (C,), (N, C) or (N, C, d1, ...); ``target`` holds class
    indices of shape (), (N) or (N, d1, ...). Targets equal to
    ``ignore_index`` contribute nothing; ``"mean"`` divides by the sum of
    the weights of the kept targets.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> from ad_nn.functional import nll_loss
    >>> logp = ad_core.tensor([[-0.5, -1.0], [-2.0, -0.1]])
    >>> nll_loss(logp, np.array([1, 0]))
    tensor(1.5000)
    """
    check_reduction("nll_loss", reduction)
    _check_options("nll_loss", ignore_index)
    x = float_input("nll_loss", input)
    t = index_target("nll_loss", target)
    if t.shape != _expected_target_shape(x):
        raise ValueError(
            f"nll_loss: expected target of shape {_expected_target_shape(x)} for input of "
            f"shape {x.shape}, got {t.shape}"
        )
    weight = _check_weight("nll_loss", weight, x)
    losses, w, _ = _pick(
        "nll_loss", _classes_last("nll_loss", x), t.reshape(-1), weight, ignore_index
    )
    if reduction == "none":
        return losses.reshape(t.shape)
    if reduction == "sum":
        return losses.sum()
    return mean_of(losses.sum(), float(w.sum()))


def cross_entropy(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross entropy between logits and targets, as ``torch.nn.functional.cross_entropy``.

    ``input`` holds logits of shape (C,), (N, C) or (N, C, d1, ...), class
    dimension 1. ``target`` is either class indices (integers, shape (),
    (N) or (N, d1, ...)) or class probabilities (floats, the input's
    shape). The log-probabilities come from a stable log-softmax, so logits
    of ±1000 give finite loss and gradients. ``weight`` rescales classes,
    ``ignore_index`` drops targets (index targets only) and
    ``label_smoothing`` mixes the target with the uniform distribution.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> from ad_nn.functional import cross_entropy
    >>> logits = ad_core.tensor([[1000.0, -1000.0], [0.0, 0.0]])
    >>> cross_entropy(logits, np.array([0, 1]))
    tensor(0.3466)
    """
    op = "cross_entropy"
    check_reduction(op, reduction)
    _check_options(op, ignore_index, label_smoothing)
    x = float_input(op, input)
    classes = x.shape[0] if x.ndim == 1 else x.shape[1] if x.ndim > 1 else 0
    weight = _check_weight(op, weight, x)
    target_array = target.array if isinstance(target, Tensor) else np.asarray(target)
    if target_array.dtype.kind == "f":
        if x.ndim and target_array.shape == _expected_target_shape(x) != x.shape:
            raise TypeError(
                f"{op}: a target of shape {target_array.shape} holds class indices, which must "
                f"be integers, got dtype {target_array.dtype}; cast it with "
                "`target.astype(np.int64)` (a floating target holds class probabilities and "
                f"has the input's shape {x.shape})"
            )
        return _cross_entropy_probabilities(x, target, weight, reduction, label_smoothing)
    t = index_target(op, target)
    if x.ndim == 0 or t.shape != _expected_target_shape(x):
        raise ValueError(
            f"{op}: expected target of shape {_expected_target_shape(x) if x.ndim else '?'} "
            f"for input of shape {x.shape}, got {t.shape}"
        )
    rows = _classes_last(op, x)
    flat = t.reshape(-1)
    if label_smoothing == 0 and reduction != "none":
        return _fused_cross_entropy(op, rows, flat, weight, ignore_index, reduction)
    logp = F.log_softmax(rows, 1)
    losses, w, keep = _pick(op, logp, flat, weight, ignore_index)
    if label_smoothing > 0:
        class_weight = logp if weight is None else logp * weight
        smooth = -class_weight.sum(1) * keep.astype(x.dtype)
        eps = label_smoothing
        if reduction == "none":
            return ((1 - eps) * losses + eps / classes * smooth).reshape(t.shape)
        if reduction == "sum":
            return (1 - eps) * losses.sum() + eps / classes * smooth.sum()
        smooth_denominator = w.sum() if weight is not None else keep.sum()
        return (1 - eps) * mean_of(losses.sum(), float(w.sum())) + eps / classes * mean_of(
            smooth.sum(), float(smooth_denominator)
        )
    if reduction == "none":
        return losses.reshape(t.shape)
    if reduction == "sum":
        return losses.sum()
    return mean_of(losses.sum(), float(w.sum()))


def _fused_cross_entropy(
    op: str,
    rows: Tensor,
    target: np.ndarray[Any, Any],
    weight: Tensor | None,
    ignore_index: int,
    reduction: str,
) -> Tensor:
    safe, w, keep = _sample_weights(op, rows, target, weight, ignore_index)
    if reduction == "mean":
        total = w.sum()
        if total == 0:
            # PyTorch: nan, with a gradient of 0 for ignored rows and nan for kept
            # rows of weight 0 (0 / 0).
            scale = np.where(keep, w / total, 0.0).astype(w.dtype)
            return mean_of(_CrossEntropyRows.apply(rows, safe, scale), 0)
        w = w / total
    return _CrossEntropyRows.apply(rows, safe, w)


def _cross_entropy_probabilities(
    x: Tensor, target: TensorLike, weight: Tensor | None, reduction: str, label_smoothing: float
) -> Tensor:
    op = "cross_entropy"
    t = target if isinstance(target, Tensor) else Tensor._wrap(np.asarray(target, dtype=x.dtype))
    if t.shape != x.shape:
        raise ValueError(
            f"{op}: expected probability target of the input's shape {x.shape}, got {t.shape}"
        )
    classes = x.shape[0] if x.ndim == 1 else x.shape[1]
    dim = 0 if x.ndim == 1 else 1
    if label_smoothing > 0:
        t = t * (1 - label_smoothing) + label_smoothing / classes
    logp = F.log_softmax(x, dim)
    product = logp * t
    if weight is not None:
        shape = (classes,) if x.ndim == 1 else (1, classes) + (1,) * (x.ndim - 2)
        product = product * weight.reshape(shape)
    losses = -product.sum(dim)
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return mean_of(losses.sum(), x.array.size // classes if classes else 0)


def _clamped_log(p: Tensor) -> Tensor:
    """max(log p, −100), with no log(0) evaluated so that gradients stay finite."""
    positive = p.array > 0
    return F.where(positive, F.clamp(F.log(F.where(positive, p, 1.0)), min=-100.0), -100.0)


def _binary_inputs(
    op: str, input: TensorLike, target: TensorLike, reduction: str
) -> tuple[Tensor, Tensor]:
    """The checked input and target of a binary cross entropy, of one shape."""
    check_reduction(op, reduction)
    x = float_input(op, input)
    t = float_target(op, target, x)
    if t.shape != x.shape:
        raise ValueError(f"{op}: target of shape {t.shape} differs from input shape {x.shape}")
    return x, t


def _weighted_reduction(
    op: str, loss: Tensor, weight: TensorLike | None, x: Tensor, reduction: str
) -> Tensor:
    """``loss`` times the optional elementwise ``weight``, then reduced."""
    if weight is not None:
        loss = loss * float_target(op, weight, x)
    return reduce_loss(op, loss, reduction)


def binary_cross_entropy(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    reduction: str = "mean",
) -> Tensor:
    """−w·(y·log x + (1 − y)·log(1 − x)) for probabilities x, each log clamped
    at −100 as PyTorch does, as ``torch.nn.functional.binary_cross_entropy``.
    Where x is exactly 0 or 1 the gradient is 0 (PyTorch gives ±1e12).

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import binary_cross_entropy
    >>> binary_cross_entropy(ad_core.tensor([0.5, 1.0]), ad_core.tensor([1.0, 0.0]))
    tensor(50.3466)
    """
    op = "binary_cross_entropy"
    x, t = _binary_inputs(op, input, target, reduction)
    if ((x.array < 0) | (x.array > 1)).any():
        raise ValueError(f"{op}: all elements of input should be between 0 and 1")
    log_x = _clamped_log(x)
    log_1mx = _clamped_log(1 - x)
    loss = -(t * log_x + (1 - t) * log_1mx)
    return _weighted_reduction(op, loss, weight, x, reduction)


def binary_cross_entropy_with_logits(
    input: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    reduction: str = "mean",
    pos_weight: TensorLike | None = None,
) -> Tensor:
    """Binary cross entropy of sigmoid(x), computed stably from the logits x,
    as ``torch.nn.functional.binary_cross_entropy_with_logits``;
    ``pos_weight`` multiplies the positive term (broadcast over the classes
    in the last dimension).

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import binary_cross_entropy_with_logits
    >>> binary_cross_entropy_with_logits(ad_core.tensor([0.0, 1000.0]), ad_core.tensor([1.0, 0.0]))
    tensor(500.3466)
    """
    op = "binary_cross_entropy_with_logits"
    x, t = _binary_inputs(op, input, target, reduction)
    softplus_neg = F.softplus(-x)
    if pos_weight is None:
        loss = (1 - t) * x + softplus_neg
    else:
        log_weight = 1 + (float_target(op, pos_weight, x) - 1) * t
        loss = (1 - t) * x + log_weight * softplus_neg
    return _weighted_reduction(op, loss, weight, x, reduction)


def kl_div(
    input: TensorLike,
    target: TensorLike,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """Kullback-Leibler divergence y·(log y − x) with ``input`` x as
    log-probabilities, as ``torch.nn.functional.kl_div``; terms with y = 0
    are 0. ``reduction="batchmean"`` divides the sum by the batch size (the
    true KL divergence); ``"mean"`` averages over every element, as PyTorch.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> from ad_nn.functional import kl_div
    >>> logq = ad_core.tensor([[np.log(0.5), np.log(0.5)]])
    >>> kl_div(logq, np.array([[1.0, 0.0]]), reduction="batchmean")
    tensor(0.6931)
    """
    op = "kl_div"
    check_reduction(op, reduction, ("mean", "sum", "none", "batchmean"))
    x = float_input(op, input)
    t = float_target(op, target, x)
    if log_target:
        loss = F.exp(t) * (t - x)
    else:
        positive = t.array > 0
        safe_log = F.log(F.where(positive, t, 1.0))
        loss = F.where(positive, t * (safe_log - x), 0.0)
    if reduction == "batchmean":
        return mean_of(loss.sum(), x.shape[0] if x.ndim > 0 else 1)
    return reduce_loss(op, loss, reduction)
