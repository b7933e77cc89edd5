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
from .arithmetic import add, div, fmod, lerp, mul, neg, pow, remainder, sub, true_divide
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
from .special import erf
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
