"""ad-core: a NumPy array with reverse-mode automatic differentiation.

``Tensor`` and its operators (``+ - * / ** @``, indexing, ``sum``, ``mean``,
``reshape``, ``transpose``...) record a graph as they run; ``backward``
walks it once, iteratively, and fills ``.grad`` of the leaves. ``Function``
is the contract every primitive follows, here and in ad-ops. Dtypes carry
PyTorch's names (``ad_core.float32`` is ``numpy.float32``'s dtype), and
every tensor lives on the CPU (``ad_core.device("cpu")``).

Examples
--------
>>> import ad_core
>>> w = ad_core.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
>>> x = ad_core.tensor([1.0, -1.0])
>>> loss = ((w @ x) ** 2).sum()
>>> loss.backward()
>>> w.grad
tensor([[-2.,  2.],
        [-2.,  2.]])
"""

import warnings

# `tensor` first: the operator modules it imports at its end need the class.
from .tensor import RemovableHandle, Tensor  # isort: skip
from . import dispatch as dispatch
from . import safetensors as safetensors
from .__about__ import __version__
from .broadcast import broadcast_shapes, broadcast_to, reduce_to_shape, sum_to
from .clip_grad import clip_grad_norm_, clip_grad_value_
from .creation import (
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    tensor,
    zeros,
    zeros_like,
)
from .device import accelerator, backends, cuda, device
from .dtype import (
    bool,
    cdouble,
    cfloat,
    complex64,
    complex128,
    double,
    finfo,
    float,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    iinfo,
    int,
    int8,
    int16,
    int32,
    int64,
    long,
    set_default_dtype,
    short,
    uint8,
)
from .engine import backward, grad, queue_callback
from .function import Function, lift
from .generator import Generator, default_generator, initial_seed, manual_seed, seed
from .grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .gradcheck import gradcheck, gradgradcheck
from .reduction import normalize_dim, normalize_dims
from .serialization import load, save
from .tensor_inplace import bump_version
from .types import DTypeLike, NDArray, Scalar, TensorLike

# PyTorch gives inf and nan (log(0), 1/0, exp(1000)) without a word; NumPy warns.
# Silence NumPy's floating-point warnings where our packages compute, and only
# there: a filter costs nothing until a warning fires, unlike np.errstate around
# every operation. The user's own NumPy code warns as before.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"ad_(core|ops|nn|optim|data)\b")

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
    "accelerator",
    "arange",
    "as_tensor",
    "backends",
    "backward",
    "bool",
    "broadcast_shapes",
    "broadcast_to",
    "bump_version",
    "cdouble",
    "cfloat",
    "clip_grad_norm_",
    "clip_grad_value_",
    "complex64",
    "complex128",
    "cuda",
    "default_generator",
    "device",
    "double",
    "empty",
    "empty_like",
    "enable_grad",
    "eye",
    "finfo",
    "float",
    "float16",
    "float32",
    "float64",
    "from_numpy",
    "full",
    "full_like",
    "get_default_dtype",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "half",
    "iinfo",
    "inference_mode",
    "initial_seed",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "is_grad_enabled",
    "is_inference_mode_enabled",
    "lift",
    "linspace",
    "load",
    "long",
    "manual_seed",
    "no_grad",
    "normalize_dim",
    "normalize_dims",
    "ones",
    "ones_like",
    "queue_callback",
    "rand",
    "rand_like",
    "randint",
    "randn",
    "randn_like",
    "randperm",
    "reduce_to_shape",
    "save",
    "seed",
    "set_default_dtype",
    "set_grad_enabled",
    "short",
    "sum_to",
    "tensor",
    "uint8",
    "zeros",
    "zeros_like",
]
