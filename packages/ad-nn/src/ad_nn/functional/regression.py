"""Regression losses, as in ``torch.nn.functional``: squared, absolute,
smooth L1 and Huber errors.

Targets may be Tensors or NumPy arrays. Every loss takes ``reduction`` =
``"mean"`` | ``"sum"`` | ``"none"``.
"""

from __future__ import annotations

import ad_ops as F
from ad_core import Tensor, TensorLike

from .loss_inputs import check_reduction, float_input, float_target, reduce_loss


def mse_loss(input: Tensor, target: TensorLike, reduction: str = "mean") -> Tensor:
    """Mean squared error (x − y)², as ``torch.nn.functional.mse_loss``.

    Examples
    --------
    >>> import numpy as np, ad_core
    >>> from ad_nn.functional import mse_loss
    >>> mse_loss(ad_core.tensor([1.0, 2.0]), np.array([0.0, 0.0]))
    tensor(2.5000)
    """
    check_reduction("mse_loss", reduction)
    x = float_input("mse_loss", input)
    diff = x - float_target("mse_loss", target, x)
    return reduce_loss("mse_loss", diff * diff, reduction)


def l1_loss(input: Tensor, target: TensorLike, reduction: str = "mean") -> Tensor:
    """Mean absolute error |x − y|, as ``torch.nn.functional.l1_loss``.

    Examples
    --------
    >>> import ad_core
    >>> from ad_nn.functional import l1_loss
    >>> l1_loss(ad_core.tensor([1.0, -3.0]), ad_core.tensor([0.0, 0.0]), reduction="sum")
    tensor(4.)
    """
    check_reduction("l1_loss", reduction)
    x = float_input("l1_loss", input)
    return reduce_loss("l1_loss", F.abs(x - float_target("l1_loss", target, x)), reduction)


def smooth_l1_loss(
    input: Tensor, target: TensorLike, reduction: str = "mean", beta: float = 1.0
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
    check_reduction("smooth_l1_loss", reduction)
    if beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be non-negative, got {beta}")
    x = float_input("smooth_l1_loss", input)
    d = F.abs(x - float_target("smooth_l1_loss", target, x))
    if beta == 0:
        return reduce_loss("smooth_l1_loss", d, reduction)
    loss = F.where(d.array < beta, 0.5 * d * d / beta, d - 0.5 * beta)
    return reduce_loss("smooth_l1_loss", loss, reduction)


def huber_loss(
    input: Tensor, target: TensorLike, reduction: str = "mean", delta: float = 1.0
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
    check_reduction("huber_loss", reduction)
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be positive, got {delta}")
    x = float_input("huber_loss", input)
    d = F.abs(x - float_target("huber_loss", target, x))
    loss = F.where(d.array < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    return reduce_loss("huber_loss", loss, reduction)
