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
from ad_core import (  # ad-core's public API, re-exported as it is
    DTypeLike,
    Function,
    Generator,
    NDArray,
    RemovableHandle,
    Scalar,
    Tensor,
    TensorLike,
    accelerator,
    arange,
    as_tensor,
    backends,
    backward,
    bool,
    broadcast_shapes,
    broadcast_to,
    bump_version,
    cdouble,
    cfloat,
    clip_grad_norm_,
    clip_grad_value_,
    complex64,
    complex128,
    cuda,
    default_generator,
    device,
    double,
    empty,
    empty_like,
    enable_grad,
    eye,
    finfo,
    float,
    float16,
    float32,
    float64,
    from_numpy,
    full,
    full_like,
    get_default_dtype,
    grad,
    gradcheck,
    gradgradcheck,
    half,
    iinfo,
    inference_mode,
    initial_seed,
    int,
    int8,
    int16,
    int32,
    int64,
    is_grad_enabled,
    is_inference_mode_enabled,
    lift,
    linspace,
    load,
    long,
    manual_seed,
    no_grad,
    normalize_dim,
    normalize_dims,
    ones,
    ones_like,
    queue_callback,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    reduce_to_shape,
    save,
    seed,
    set_default_dtype,
    set_grad_enabled,
    short,
    sum_to,
    tensor,
    uint8,
    zeros,
    zeros_like,
)

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
from .conv import conv1d, conv2d
from .cumulative import cumprod, cumsum
from .dims import movedim, unflatten
from .dropout import dropout, dropout1d, dropout2d
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
from .im2col import fold, unfold
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
from .memory import keep_freed_memory
from .pool import avg_pool1d, avg_pool2d, max_pool1d, max_pool2d
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
    "DTypeLike",
    "Function",
    "Generator",
    "NDArray",
    "RemovableHandle",
    "Scalar",
    "Tensor",
    "TensorLike",
    "__version__",
    "abs",
    "accelerator",
    "add",
    "addmm",
    "all",
    "allclose",
    "amax",
    "amin",
    "any",
    "arange",
    "argmax",
    "argmin",
    "argsort",
    "as_tensor",
    "avg_pool1d",
    "avg_pool2d",
    "backends",
    "backward",
    "baddbmm",
    "bernoulli",
    "bmm",
    "bool",
    "broadcast_shapes",
    "broadcast_to",
    "bump_version",
    "cat",
    "cdouble",
    "ceil",
    "cfloat",
    "chunk",
    "clamp",
    "clip",
    "clip_grad_norm_",
    "clip_grad_value_",
    "complex64",
    "complex128",
    "conv1d",
    "conv2d",
    "cos",
    "count_nonzero",
    "cuda",
    "cumprod",
    "cumsum",
    "default_generator",
    "device",
    "div",
    "dot",
    "double",
    "dropout",
    "dropout1d",
    "dropout2d",
    "einsum",
    "elu",
    "embedding",
    "empty",
    "empty_like",
    "enable_grad",
    "eq",
    "equal",
    "erf",
    "exp",
    "expm1",
    "eye",
    "finfo",
    "flatten",
    "flip",
    "float",
    "float16",
    "float32",
    "float64",
    "floor",
    "fmod",
    "fold",
    "frac",
    "from_numpy",
    "full",
    "full_like",
    "gather",
    "ge",
    "gelu",
    "get_default_dtype",
    "get_num_threads",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "greater",
    "greater_equal",
    "gt",
    "half",
    "iinfo",
    "index_add",
    "index_select",
    "inference_mode",
    "initial_seed",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "is_floating_point",
    "is_grad_enabled",
    "is_inference_mode_enabled",
    "is_tensor",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "keep_freed_memory",
    "le",
    "leaky_relu",
    "lerp",
    "less",
    "less_equal",
    "lift",
    "linear",
    "linspace",
    "load",
    "log",
    "log1p",
    "log_softmax",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "logsumexp",
    "long",
    "lt",
    "manual_seed",
    "masked_fill",
    "masked_select",
    "matmul",
    "max",
    "max_pool1d",
    "max_pool2d",
    "maximum",
    "mean",
    "min",
    "minimum",
    "mm",
    "movedim",
    "mul",
    "multinomial",
    "narrow",
    "ne",
    "neg",
    "no_grad",
    "nonzero",
    "norm",
    "normal",
    "normalize_dim",
    "normalize_dims",
    "not_equal",
    "numel",
    "one_hot",
    "ones",
    "ones_like",
    "outer",
    "pad",
    "permute",
    "pow",
    "prod",
    "queue_callback",
    "rand",
    "rand_like",
    "randint",
    "randn",
    "randn_like",
    "randperm",
    "reciprocal",
    "reduce_to_shape",
    "relu",
    "remainder",
    "repeat",
    "repeat_interleave",
    "reshape",
    "return_types",
    "roll",
    "round",
    "rsqrt",
    "save",
    "scaled_dot_product_attention",
    "scatter",
    "scatter_add",
    "seed",
    "set_default_dtype",
    "set_grad_enabled",
    "set_num_threads",
    "short",
    "sigmoid",
    "sign",
    "silu",
    "sin",
    "softmax",
    "softplus",
    "sort",
    "split",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "sub",
    "sum",
    "sum_to",
    "take_along_dim",
    "tan",
    "tanh",
    "tensor",
    "topk",
    "transpose",
    "tril",
    "triu",
    "true_divide",
    "trunc",
    "uint8",
    "unbind",
    "unflatten",
    "unfold",
    "unsqueeze",
    "var",
    "where",
    "zeros",
    "zeros_like",
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
