"""ad-core: a NumPy array with reverse-mode automatic differentiation.

``Tensor`` and its operators (``+ - * / ** @``, indexing, ``sum``, ``mean``,
``reshape``, ``transpose``...) record a graph as they run; ``backward``
walks it once, iteratively, and fills ``.grad`` of the leaves. ``Function``
is the contract every primitive follows, here and in ad-ops.

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

# `tensor` first: the operator modules it imports at its end need the class.
from .tensor import RemovableHandle, Tensor  # isort: skip
from .__about__ import __version__
from .broadcast import broadcast_shapes, broadcast_to, reduce_to_shape, sum_to
from .creation import arange, eye, full, ones, ones_like, rand, randn, tensor, zeros, zeros_like
from .dtype import get_default_dtype, set_default_dtype
from .engine import backward, grad, queue_callback
from .function import Function, lift
from .generator import default_generator, manual_seed
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import gradcheck, gradgradcheck
from .reduction import normalize_dim, normalize_dims
from .types import DTypeLike, NDArray, Scalar, TensorLike

__all__ = [
    "DTypeLike",
    "Function",
    "NDArray",
    "RemovableHandle",
    "Scalar",
    "Tensor",
    "TensorLike",
    "__version__",
    "arange",
    "backward",
    "broadcast_shapes",
    "broadcast_to",
    "default_generator",
    "enable_grad",
    "eye",
    "full",
    "get_default_dtype",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "lift",
    "manual_seed",
    "no_grad",
    "normalize_dim",
    "normalize_dims",
    "ones",
    "ones_like",
    "queue_callback",
    "rand",
    "randn",
    "reduce_to_shape",
    "set_default_dtype",
    "set_grad_enabled",
    "sum_to",
    "tensor",
    "zeros",
    "zeros_like",
]
