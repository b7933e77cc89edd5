"""ad_nn: modules, layers, losses, initialisers and safe checkpoints, as ``torch.nn``.

Examples
--------
>>> import ad_core, ad_nn as nn
>>> _ = nn.manual_seed(0)
>>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
>>> loss = nn.CrossEntropyLoss()(model(ad_core.randn(5, 4)), ad_core.tensor([0, 2, 1, 1, 0]))
>>> loss.backward()
>>> model[0].weight.grad.shape
(8, 4)
"""

from ad_core import manual_seed

from .__about__ import __version__
from .module import IncompatibleKeys, Module, RemovableHandle
from .parameter import Parameter

# Recurrent layers (rnn.py): added by their author.

__all__ = [
    "IncompatibleKeys",
    "Module",
    "Parameter",
    "RemovableHandle",
    "__version__",
    "manual_seed",
]
