"""Triangular parts of matrices: ``tril``, ``triu``."""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift


class Triangle(Function):
    """The lower (or upper) triangle of the last two dimensions from
    ``diagonal`` on, zeros elsewhere; its adjoint is itself."""

    raw_backward = True

    def forward(self, a: NDArray, diagonal: int, upper: bool) -> NDArray:
        self.diagonal = diagonal
        self.upper = upper
        return np.triu(a, diagonal) if upper else np.tril(a, diagonal)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (Triangle.apply(grad, diagonal=self.diagonal, upper=self.upper),)


def _triangle(op: str, input: TensorLike, diagonal: int, upper: bool) -> Tensor:
    (t,) = lift((input,))
    if t.ndim < 2:
        raise ValueError(f"{op}: expected a tensor of at least 2 dimensions, got shape {t.shape}")
    if not isinstance(diagonal, int | np.integer) or isinstance(diagonal, bool):
        raise TypeError(f"{op}: diagonal must be an int, got {type(diagonal).__name__}")
    return Triangle.apply(t, diagonal=int(diagonal), upper=upper)


def tril(input: TensorLike, diagonal: int = 0) -> Tensor:
    """The lower triangle of each matrix (the last two dimensions), as
    ``torch.tril``: elements on and below diagonal ``diagonal`` (0 is the main
    diagonal, positive above it), zeros elsewhere.

    >>> import ad_core, ad_ops as F
    >>> F.tril(ad_core.ones(3, 3))
    tensor([[1., 0., 0.],
            [1., 1., 0.],
            [1., 1., 1.]])
    >>> F.tril(ad_core.ones(2, 3), diagonal=-1)
    tensor([[0., 0., 0.],
            [1., 0., 0.]])
    """
    return _triangle("tril", input, diagonal, upper=False)


def triu(input: TensorLike, diagonal: int = 0) -> Tensor:
    """The upper triangle of each matrix, as ``torch.triu``: elements on and
    above diagonal ``diagonal``, zeros elsewhere (a causal attention mask is
    ``triu(full((n, n), -inf), diagonal=1)``).

    >>> import ad_core, ad_ops as F
    >>> F.triu(ad_core.ones(3, 3), diagonal=1)
    tensor([[0., 1., 1.],
            [0., 0., 1.],
            [0., 0., 0.]])
    """
    return _triangle("triu", input, diagonal, upper=True)
