"""ad-ops: every differentiable primitive with a name of its own, and the
namespace that a PyTorch program's ``torch.*`` maps to.

``import ad_ops as F; y = F.exp(x) + x``, or, porting a PyTorch program,
``import ad_ops as torch``: ad_ops re-exports ad-core's public API (``tensor``,
``zeros``, ``Tensor``, dtypes such as ``float32``, ``device``, ``no_grad``,
``manual_seed``...), so that one namespace has what ``torch`` has. Importing
ad_ops also gives ``Tensor`` its named methods (``x.exp()``, ``x.softmax(-1)``;
see ``ad_core.dispatch``). Names, argument names and semantics follow ``torch``
/ ``torch.nn.functional``.

``torch.nn``, ``torch.optim`` and ``torch.utils.data`` written as attribute
chains (``torch.optim.AdamW(...)``) resolve to ad_nn, ad_optim and ad_data on
first use, when those packages are installed: ad_ops itself never imports
them.

Examples
--------
>>> import ad_ops as torch
>>> x = torch.tensor([0.0, 1.0], requires_grad=True)
>>> (x * x).sum().backward()
>>> x.grad
tensor([0., 2.])
>>> x.detach().exp().dtype == torch.float32
True
"""

import importlib
import sys
from types import ModuleType
from typing import Any

import ad_core
from ad_core import *  # noqa: F403  (ad-core's public API, re-exported as it is)

from .__about__ import __version__
from .activation import elu, gelu, leaky_relu, relu, sigmoid, silu, softplus, tanh
from .elementwise import (
    abs,
    clamp,
    cos,
    exp,
    expm1,
    log,
    log1p,
    maximum,
    minimum,
    reciprocal,
    rsqrt,
    sign,
    sin,
    sqrt,
    square,
    tan,
    where,
)
from .embedding import embedding
from .indexing import gather, index_select, masked_fill, one_hot
from .linalg import einsum, linear, matmul
from .reduction import (
    argmax,
    argmin,
    logsumexp,
    max,
    mean,
    min,
    norm,
    prod,
    std,
    sum,
    var,
)
from .shape import (
    cat,
    chunk,
    flatten,
    flip,
    pad,
    permute,
    repeat,
    reshape,
    split,
    squeeze,
    stack,
    transpose,
    unsqueeze,
)
from .softmax import log_softmax, softmax
from .threads import get_num_threads, set_num_threads

__all__ = [
    *[name for name in ad_core.__all__ if name != "__version__"],
    "__version__",
    "abs",
    "argmax",
    "argmin",
    "cat",
    "chunk",
    "clamp",
    "cos",
    "einsum",
    "elu",
    "embedding",
    "exp",
    "expm1",
    "flatten",
    "flip",
    "gather",
    "gelu",
    "index_select",
    "leaky_relu",
    "linear",
    "log",
    "log1p",
    "log_softmax",
    "logsumexp",
    "masked_fill",
    "matmul",
    "max",
    "maximum",
    "mean",
    "min",
    "minimum",
    "norm",
    "one_hot",
    "pad",
    "permute",
    "prod",
    "reciprocal",
    "relu",
    "repeat",
    "reshape",
    "rsqrt",
    "sigmoid",
    "sign",
    "silu",
    "sin",
    "softmax",
    "softplus",
    "split",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "sum",
    "tan",
    "tanh",
    "transpose",
    "unsqueeze",
    "var",
    "where",
    "get_num_threads",
    "set_num_threads",
]

# Convolution, pooling and dropout (conv.py, pool.py, dropout.py): added by their author.
from .conv import conv1d, conv2d
from .dropout import dropout, dropout1d, dropout2d
from .im2col import fold, unfold
from .pool import avg_pool1d, avg_pool2d, max_pool1d, max_pool2d

__all__ += [
    "avg_pool1d",
    "avg_pool2d",
    "conv1d",
    "conv2d",
    "dropout",
    "dropout1d",
    "dropout2d",
    "fold",
    "max_pool1d",
    "max_pool2d",
    "unfold",
]

# The packages that `torch.nn`, `torch.optim` and `torch.utils.data` chains name.
_LAZY = {"nn": "ad_nn", "optim": "ad_optim"}


class _Utils(ModuleType):
    """``torch.utils``: ``data`` is ad_data."""

    def __getattr__(self, name: str) -> Any:
        if name == "data":
            return _import("utils.data", "ad_data")
        raise AttributeError(f"module 'ad_ops.utils' has no attribute '{name}'")


def _import(chain: str, package: str) -> ModuleType:
    try:
        return importlib.import_module(package)
    except ImportError:
        raise AttributeError(
            f"ad_ops.{chain} is the package {package.replace('_', '-')}, which is not "
            f"installed; install it, or write `import {package}`"
        ) from None


utils = _Utils("ad_ops.utils")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return _import(name, _LAZY[name])
    raise AttributeError(f"module 'ad_ops' has no attribute '{name}'")


# Tensor's named methods (`x.exp()`) call the functions of this module.
ad_core.dispatch.provide(sys.modules[__name__])
