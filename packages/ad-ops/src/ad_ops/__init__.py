"""ad-ops: every differentiable primitive with a name of its own.

The seed's ``functional`` module: ``import ad_ops as F; y = F.exp(x) + x``.
Names, argument names and semantics follow ``torch`` / ``torch.nn.functional``.

Examples
--------
>>> import ad_core, ad_ops as F
>>> x = ad_core.tensor([0.0, 1.0], requires_grad=True)
>>> F.sum(x * x).backward()
>>> x.grad
tensor([0., 2.])
"""

from .__about__ import __version__

__all__ = ["__version__"]

# Convolution, pooling and dropout (conv.py, pool.py, dropout.py): added by their author.
