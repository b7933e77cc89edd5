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
from .activation import elu, gelu, leaky_relu, relu, sigmoid, silu, softplus, tanh
from .attention import scaled_dot_product_attention
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
from .softmax import log_softmax, softmax

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
