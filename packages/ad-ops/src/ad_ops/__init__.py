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

from . import return_types
from .__about__ import __version__
from .activation import elu, gelu, leaky_relu, relu, sigmoid, silu, softplus, tanh
from .arithmetic import add, div, fmod, lerp, mul, neg, pow, remainder, sub, true_divide
from .attention import scaled_dot_product_attention
from .comparison import (
    allclose,
    eq,
    equal,
    ge,
    greater,
    greater_equal,
    gt,
    isclose,
    isfinite,
    isinf,
    isnan,
    le,
    less,
    less_equal,
    lt,
    ne,
    not_equal,
)
from .cumulative import cumprod, cumsum
from .dims import movedim, unflatten
from .elementwise import (
    abs,
    cos,
    exp,
    expm1,
    log,
    log1p,
    reciprocal,
    rsqrt,
    sign,
    sin,
    sqrt,
    square,
    tan,
)
from .embedding import embedding
from .extremum import amax, amin, argmax, argmin, max, min
from .indexing import (
    gather,
    index_select,
    masked_fill,
    masked_select,
    one_hot,
    repeat_interleave,
    take_along_dim,
)
from .linalg import addmm, baddbmm, bmm, dot, einsum, linear, matmul, mm, outer
from .logical import (
    all,
    any,
    count_nonzero,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    nonzero,
)
from .properties import is_floating_point, is_tensor, numel
from .reduction import logsumexp, mean, norm, prod, std, sum, var
from .roll import roll
from .rounding import ceil, floor, frac, round, trunc
from .sampling import bernoulli, multinomial, normal
from .scatter import index_add, scatter, scatter_add
from .selection import clamp, clip, maximum, minimum, where
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
from .slicing import narrow, unbind
from .softmax import log_softmax, softmax
from .sorting import argsort, sort, topk
from .special import erf
from .threads import get_num_threads, set_num_threads
from .triangular import tril, triu

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
    "index_add",
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
    "scaled_dot_product_attention",
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
# The rest of the torch.* namespace (PyTorch programs run by changing their imports).
__all__ += [
    "add",
    "addmm",
    "all",
    "allclose",
    "amax",
    "amin",
    "any",
    "argsort",
    "baddbmm",
    "bernoulli",
    "bmm",
    "ceil",
    "clip",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "div",
    "dot",
    "eq",
    "equal",
    "erf",
    "floor",
    "fmod",
    "frac",
    "ge",
    "greater",
    "greater_equal",
    "gt",
    "is_floating_point",
    "is_tensor",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "le",
    "lerp",
    "less",
    "less_equal",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "lt",
    "masked_select",
    "mm",
    "movedim",
    "mul",
    "multinomial",
    "narrow",
    "ne",
    "neg",
    "nonzero",
    "normal",
    "not_equal",
    "numel",
    "outer",
    "pow",
    "remainder",
    "repeat_interleave",
    "return_types",
    "roll",
    "round",
    "scatter",
    "scatter_add",
    "sort",
    "sub",
    "take_along_dim",
    "topk",
    "tril",
    "triu",
    "true_divide",
    "trunc",
    "unbind",
    "unflatten",
]
