"""Learning-rate schedulers, as ``torch.optim.lr_scheduler``.

Construct a scheduler on an optimizer, call ``optimizer.step()`` then
``scheduler.step()`` once per epoch (per batch for ``CyclicLR`` and
``OneCycleLR``); ``get_last_lr()`` gives the current rates. The sequences
are PyTorch's, computed the way PyTorch computes them.

Examples
--------
>>> import ad_core, ad_optim
>>> opt = ad_optim.SGD([ad_core.zeros(1, requires_grad=True)], lr=0.1)
>>> sched = ad_optim.lr_scheduler.MultiStepLR(opt, milestones=[2], gamma=0.1)
>>> for _ in range(3):
...     opt.step()
...     sched.step()
>>> round(sched.get_last_lr()[0], 10)
0.01
"""

from .base import LRScheduler
from .combine import ChainedScheduler, SequentialLR
from .cosine import CosineAnnealingLR, CosineAnnealingWarmRestarts
from .cyclic import CyclicLR, OneCycleLR
from .decay import ConstantLR, ExponentialLR, LinearLR, MultiStepLR, PolynomialLR, StepLR
from .lambda_lr import LambdaLR, MultiplicativeLR
from .plateau import ReduceLROnPlateau

__all__ = [
    "ChainedScheduler",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "ExponentialLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "MultiplicativeLR",
    "OneCycleLR",
    "PolynomialLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "StepLR",
]
