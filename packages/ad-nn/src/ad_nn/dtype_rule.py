"""The dtype rule for the inputs of modules (applied by ``Module.__call__``
before ``forward``) and of the functionals that take parameters: PyTorch's
rule, with one exception for NumPy arrays.

- A floating Tensor given to a module must have the floating dtype of the
  module's own parameters: a float64 batch into a float32 ``Linear`` raises a
  ``TypeError`` that says how to cast, as PyTorch does (it never computes
  silently in the wider dtype).
- A floating NumPy array (not a Tensor) is cast to the dtype of the module's
  parameters (of its descendants' for a container) and wrapped in a Tensor,
  so that float64 arrays from NumPy or a data loader feed a float32 model as
  they are. A module without parameters leaves arrays as they are; its
  functional lifts them. Functionals with parameters (``batch_norm``,
  ``layer_norm``, ``linear``, ``conv2d``...) follow the same rule with
  their weight in place of the module's parameters.

Integer and boolean inputs (indices, masks, targets) are never touched, and
the arguments one tuple deep (an LSTM's ``(h, c)``) follow the same rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ad_core import Tensor, lift
from ad_ops.linalg import dtype_mismatch

if TYPE_CHECKING:
    from .module import Module


def functional_inputs(op: str, input: Any, *params: Any) -> tuple[Tensor, list[Tensor | None]]:
    """``input`` and ``params`` (Tensors, NumPy arrays or None) of a functional
    as Tensors, under the dtype rule: the input must be floating; a NumPy
    input takes the dtype of the first floating parameter, a Tensor input of
    another floating dtype raises.

    >>> import numpy as np, ad_core
    >>> x, (w,) = functional_inputs("layer_norm", np.ones(2), ad_core.ones(2))
    >>> x.dtype, w.dtype
    (dtype('float32'), dtype('float32'))
    """
    lifted: list[Tensor | None] = [
        None if p is None else p if isinstance(p, Tensor) else lift((p,))[0] for p in params
    ]
    dtype = next(
        (p.array.dtype for p in lifted if p is not None and p.array.dtype.kind == "f"), None
    )
    if isinstance(input, Tensor):
        x = input
    elif isinstance(input, np.ndarray):
        x = Tensor._wrap(input)
        if dtype is not None and input.dtype.kind == "f":
            x = Tensor._wrap(input.astype(dtype, copy=False))
    else:
        raise TypeError(
            f"{op}: expected input to be a Tensor or a NumPy array, got {type(input).__name__}"
        )
    if x.array.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating input, got dtype {x.array.dtype}")
    if dtype is not None and x.array.dtype != dtype:
        raise TypeError(dtype_mismatch(op, x.array.dtype, dtype))
    return x, lifted


def _needs_work(module: Module, values: Any, dtype: np.dtype[Any] | None) -> bool:
    """Check the floating Tensors among ``values`` against ``dtype``; whether any
    value is a floating NumPy array or a tuple (which ``_converted`` handles)."""
    work = False
    for value in values:
        if isinstance(value, Tensor):
            got = value.array.dtype
            if dtype is not None and got != dtype and got.kind == "f":
                raise TypeError(dtype_mismatch(type(module).__name__, got, dtype, owner="module"))
        elif isinstance(value, tuple) or (
            isinstance(value, np.ndarray) and value.dtype.kind == "f"
        ):
            work = True
    return work


def _first_floating_dtype(module: Module) -> np.dtype[Any] | None:
    """The dtype of the first floating parameter of ``module`` or a descendant."""
    stack = [module]
    while stack:
        current = stack.pop()
        for param in current._parameters.values():
            if param is not None and param.array.dtype.kind == "f":
                return param.array.dtype
        stack.extend(m for m in reversed(current._modules.values()) if m is not None)
    return None


def _converted(module: Module, value: Any, dtype: np.dtype[Any] | None) -> Any:
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and dtype is not None:
            return Tensor._wrap(value.astype(dtype, copy=False))
        return value
    if isinstance(value, tuple) and _needs_work(module, value, dtype):
        return tuple(_converted(module, v, dtype) for v in value)
    return value


def prepare_inputs(
    module: Module, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of ``module.forward`` under the dtype rule (see the module docstring).

    Examples
    --------
    >>> import numpy as np, ad_nn as nn
    >>> layer = nn.Linear(2, 1)
    >>> (x,), _ = prepare_inputs(layer, (np.ones((3, 2)),), {})
    >>> type(x).__name__, x.dtype
    ('Tensor', dtype('float32'))
    """
    dtype: np.dtype[Any] | None = None
    for param in module._parameters.values():
        if param is not None and param.array.dtype.kind == "f":
            dtype = param.array.dtype
            break
    if len(args) == 1 and type(args[0]) is Tensor:
        # The hot path: one Tensor, checked inline.
        got = args[0].array.dtype
        if dtype is not None and got != dtype and got.kind == "f":
            raise TypeError(dtype_mismatch(type(module).__name__, got, dtype, owner="module"))
        work = False
    else:
        work = _needs_work(module, args, dtype)
    if kwargs:
        work = _needs_work(module, kwargs.values(), dtype) or work
    if not work:
        return args, kwargs
    if dtype is None:
        dtype = _first_floating_dtype(module)
    args = tuple(_converted(module, a, dtype) for a in args)
    kwargs = {k: _converted(module, v, dtype) for k, v in kwargs.items()}
    return args, kwargs
