"""``ad_nn.utils``, as ``torch.nn.utils``: gradient clipping, and parameters
flattened to one vector and back.

Examples
--------
>>> import ad_core, ad_nn as nn
>>> model = nn.Linear(2, 1)
>>> model(ad_core.ones(1, 2)).sum().backward()
>>> total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
>>> nn.utils.parameters_to_vector(model.parameters()).shape
(3,)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ad_core import Tensor, clip_grad_norm_, clip_grad_value_, no_grad

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """The parameters, flattened and joined into one vector (a copy; in the
    graph, so gradients flow back to the parameters).

    >>> import ad_core, ad_nn as nn
    >>> nn.utils.parameters_to_vector([ad_core.ones(2), ad_core.zeros(1, 1)])
    tensor([1., 1., 0.])
    """
    from ad_ops import cat

    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of ``vec`` into the parameters, in place.

    >>> import ad_core, ad_nn as nn
    >>> w, b = ad_core.zeros(2), ad_core.zeros(1)
    >>> nn.utils.vector_to_parameters(ad_core.tensor([1.0, 2.0, 3.0]), [w, b])
    >>> w, b
    (tensor([1., 2.]), tensor([3.]))
    """
    params = list(parameters)
    sizes = [p.numel() for p in params]
    if vec.ndim != 1 or vec.numel() != sum(sizes):
        raise ValueError(
            f"vector_to_parameters: expected a vector of {sum(sizes)} elements, got shape "
            f"{vec.shape}"
        )
    offsets = np.cumsum([0, *sizes])
    with no_grad():
        for p, start, stop in zip(params, offsets[:-1], offsets[1:], strict=True):
            p.copy_(vec.array[start:stop].reshape(p.shape))
