"""Regression losses, as in ``torch.nn.functional``: squared, absolute,
smooth L1 and Huber errors.

Targets may be Tensors or NumPy arrays. Every loss takes ``reduction`` =
``"mean"`` | ``"sum"`` | ``"none"``.
"""

from __future__ import annotations

import ad_ops as F
from ad_core import Tensor, TensorLike

from ..arguments import check_number
from .loss_inputs import (
    check_reduction,
    float_input,
    float_target,
    reduce_loss,
    warn_if_broadcast,
)


def _difference(op: str, input: TensorLike, target: TensorLike, reduction: str) -> Tensor:
    """``input - target``, both checked, warning when the target would be broadcast."""
    check_reduction(op, reduction)
    x = float_input(op, input)
    t = float_target(op, target, x)
    warn_if_broadcast(op, x, t)
    return x - t


def mse_loss(input: TensorLike, target: TensorLike, reduction: str = "mean") -> Tensor:
    """Mean squared error (x − y)², as ``torch.nn.functional.mse_loss``.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> from ad_nn.functional import mse_loss
    >>> mse_loss(ad_core.tensor([1.0, 2.0]), np.array([0.0, 0.0]))
    tensor(2.5000)
    """
    diff = _difference("mse_loss", input, target, reduction)
    return reduce_loss("mse_loss", diff * diff, reduction)


def l1_loss(input: TensorLike, target: TensorLike, reduction: str = "mean") -> Tensor:
    """Mean absolute error |x − y|, as ``torch.nn.functional.l1_loss``.

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import l1_loss
    >>> l1_loss(ad_core.tensor([1.0, -3.0]), ad_core.tensor([0.0, 0.0]), reduction="sum")
    tensor(4.)
    """
    diff = _difference("l1_loss", input, target, reduction)
    return reduce_loss("l1_loss", F.abs(diff), reduction)


def smooth_l1_loss(
    input: TensorLike, target: TensorLike, reduction: str = "mean", beta: float = 1.0
) -> Tensor:
    """0.5·d²/β where d = |x − y| < β, else d − 0.5·β, as
    ``torch.nn.functional.smooth_l1_loss`` (β = 0 is the L1 loss).

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import smooth_l1_loss
    >>> smooth_l1_loss(ad_core.tensor([0.5, 3.0]), ad_core.zeros(2), reduction="none")
    tensor([0.1250, 2.5000])
    """
    check_number("smooth_l1_loss", "beta", beta, 0.0)
    d = F.abs(_difference("smooth_l1_loss", input, target, reduction))
    if beta == 0:
        return reduce_loss("smooth_l1_loss", d, reduction)
    loss = F.where(d.array < beta, 0.5 * d * d / beta, d - 0.5 * beta)
    return reduce_loss("smooth_l1_loss", loss, reduction)


def huber_loss(
    input: TensorLike, target: TensorLike, reduction: str = "mean", delta: float = 1.0
) -> Tensor:
    """0.5·d² where d = |x − y| < δ, else δ·(d − 0.5·δ), as
    ``torch.nn.functional.huber_loss``.

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import huber_loss
    >>> huber_loss(ad_core.tensor([0.5, 3.0]), ad_core.zeros(2), reduction="none", delta=2.0)
    tensor([0.1250, 4.0000])
    """
    check_number("huber_loss", "delta", delta, 0.0, open_low=True)
    d = F.abs(_difference("huber_loss", input, target, reduction))
    loss = F.where(d.array < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    return reduce_loss("huber_loss", loss, reduction)
