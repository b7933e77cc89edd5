"""``Parameter``: a tensor that a ``Module`` registers as one of its weights."""

from __future__ import annotations

from typing import Any

from ad_core import Tensor
from ad_core.tensor import to_array


class Parameter(Tensor):
    """A leaf tensor that requires grad and that a ``Module`` lists in ``parameters()``.

    Assigning a ``Parameter`` to an attribute of a ``Module`` registers it.
    The data of a Tensor or NumPy array is shared, not copied (as
    ``torch.nn.Parameter``); Python lists take the default dtype.

    Parameters
    ----------
    data:
        The initial value (Tensor, NumPy array or nested lists); an empty
        float tensor when omitted.
    requires_grad:
        Whether the parameter requires grad (default True).

    Examples
    --------
    >>> import numpy as np
    >>> from ad_nn import Parameter
    >>> p = Parameter(np.array([1.0, 2.0]))
    >>> p.requires_grad, p.is_leaf
    (True, True)
    >>> p
    Parameter containing:
    tensor([1., 2.], dtype=float64, requires_grad=True)
    """

    __slots__ = ()

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if data is None:
            data = to_array([])
        elif isinstance(data, Tensor):
            data = data.array
        super().__init__(data, requires_grad=requires_grad)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()
