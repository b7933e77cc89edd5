"""``ViewPut``: how an in-place change to a view shows in its base's graph.

Writing into a view of a tensor changes the tensor: in the graph, the tensor
becomes "its old value with the view's elements replaced by the new ones",
and the view becomes that view of the new value (PyTorch's CopySlices).
A view is described by the view operations that lead from its base to it:
``(Function class, keyword arguments)`` pairs, re-run here on arrays (to find
the elements) and on tensors (to route gradients).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .function import Function
from .shape import Reshape, View
from .tensor import Tensor
from .types import NDArray

ViewFn = tuple[tuple[type[Function], dict[str, Any]], ...]


def view_array(array: NDArray, view_fn: ViewFn) -> NDArray:
    """The view of ``array`` that ``view_fn`` describes (sharing its memory)."""
    for cls, kwargs in view_fn:
        array = cls().forward(array, **kwargs)
    return array


def view_tensor(tensor: Tensor, view_fn: ViewFn) -> Tensor:
    """The view of ``tensor`` that ``view_fn`` describes, recorded in the graph.

    ``view`` becomes ``reshape`` here: a gradient's layout may not allow a view.
    """
    for cls, kwargs in view_fn:
        tensor = (Reshape if cls is View else cls).apply(tensor, **kwargs)
    return tensor


class ViewPut(Function):
    """``base`` with the elements of its view ``view_fn`` replaced by ``value``."""

    raw_backward = True

    def forward(self, base: NDArray, value: NDArray, view_fn: ViewFn) -> NDArray:
        self.view_fn = view_fn
        self.value_shape = value.shape
        out = base.copy(order="K")  # the same layout, so that the same views exist
        view_array(out, view_fn)[...] = value
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        need_base, need_value = self.needs_input_grad
        grad_base = grad_value = None
        if need_base:
            zeros = Tensor._wrap(np.zeros(self.value_shape, dtype=grad.dtype))
            grad_base = ViewPut.apply(grad, zeros, view_fn=self.view_fn)
        if need_value:
            grad_value = view_tensor(grad, self.view_fn)
        return grad_base, grad_value
