"""``ad_nn.functional``: everything in ``ad_ops`` plus what ``torch.nn.functional``
has beyond it (losses and normalisation).

Examples
--------
>>> import ad_core
>>> import ad_nn.functional as F
>>> F.relu(ad_core.tensor([-1.0, 1.0]))
tensor([0., 1.])
"""

import ad_ops
from ad_ops import *  # noqa: F403  (re-exported as they are, never copied)

from .classification import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    kl_div,
    nll_loss,
)
from .normalization import batch_norm, group_norm, layer_norm
from .regression import huber_loss, l1_loss, mse_loss, smooth_l1_loss

__all__ = [
    *ad_ops.__all__,
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "group_norm",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "layer_norm",
    "mse_loss",
    "nll_loss",
    "smooth_l1_loss",
]
