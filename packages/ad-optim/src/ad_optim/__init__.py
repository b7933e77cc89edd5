"""ad_optim: optimizers, learning-rate schedulers and gradient clipping for ad-core tensors.

Every optimizer follows ``torch.optim`` (names, defaults, update rules and
state dict layout) and updates ``p.array`` in place from ``p.grad.array``; it
works on any iterable of ``ad_core.Tensor`` and never records graph nodes.

Examples
--------
>>> import ad_core, ad_optim
>>> w = ad_core.tensor([2.0], requires_grad=True)
>>> opt = ad_optim.SGD([w], lr=0.25)
>>> sched = ad_optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
>>> for _ in range(2):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
...     sched.step()
>>> w, sched.get_last_lr()
(tensor([0.7500], requires_grad=True), [0.0625])
"""

from ad_core import clip_grad_norm_, clip_grad_value_

from . import lr_scheduler
from .__about__ import __version__
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer, ParamsT
from .radam import RAdam
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = [
    "LBFGS",
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "NAdam",
    "Optimizer",
    "ParamsT",
    "RAdam",
    "RMSprop",
    "__version__",
    "clip_grad_norm_",
    "clip_grad_value_",
    "lr_scheduler",
]
