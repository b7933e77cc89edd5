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

from . import return_types
from .__about__ import __version__
from .activation import elu, gelu, leaky_relu, relu, sigmoid, silu, softplus, tanh
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
from .reduction import logsumexp, mean, norm, prod, std, sum, var
from .roll import roll
from .scatter import scatter, scatter_add
from .selection import clamp, clip, maximum, minimum, where
from .shape import (
    broadcast_to,
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
from .triangular import tril, triu

__all__ = [
    "__version__",
    "abs",
    "argmax",
    "argmin",
    "broadcast_to",
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

# The rest of the torch.* namespace (PyTorch programs run by changing their imports).
__all__ += [
    "addmm",
    "amax",
    "amin",
    "argsort",
    "baddbmm",
    "bmm",
    "clip",
    "cumprod",
    "cumsum",
    "dot",
    "masked_select",
    "mm",
    "movedim",
    "narrow",
    "outer",
    "repeat_interleave",
    "return_types",
    "roll",
    "scatter",
    "scatter_add",
    "sort",
    "take_along_dim",
    "topk",
    "tril",
    "triu",
    "unbind",
    "unflatten",
]
