"""``embedding``: rows of a weight matrix looked up by integer ids."""

from __future__ import annotations

import numpy as np

from ad_core import Function, NDArray, Tensor, TensorLike, lift


class Embedding(Function):
    """``weight[indices]``; repeated ids accumulate, ``padding_idx`` gets no gradient."""

    raw_backward = True

    def forward(self, weight: NDArray, indices: NDArray, padding_idx: int | None) -> NDArray:
        self.rows = weight.shape[0]
        self.indices = indices
        self.padding_idx = padding_idx
        return np.asarray(weight[indices])

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        return (
            EmbeddingBackward.apply(
                grad, rows=self.rows, indices=self.indices, padding_idx=self.padding_idx
            ),
        )


class EmbeddingBackward(Function):
    """The adjoint of ``Embedding``: ``grad`` rows added into a zero weight."""

    def forward(
        self, grad: NDArray, rows: int, indices: NDArray, padding_idx: int | None
    ) -> NDArray:
        self.indices = indices
        self.padding_idx = padding_idx
        dim = grad.shape[-1]
        out = np.zeros((rows, dim), dtype=grad.dtype)
        np.add.at(out, indices.reshape(-1), grad.reshape(-1, dim))
        if padding_idx is not None:
            out[padding_idx] = 0
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        if self.padding_idx is not None:
            keep = np.ones((grad.shape[0], 1), dtype=grad.dtype)
            keep[self.padding_idx] = 0
            grad = grad * Tensor._wrap(keep)
        return (Embedding.apply(grad, indices=self.indices, padding_idx=None),)


def embedding(input: TensorLike, weight: TensorLike, padding_idx: int | None = None) -> Tensor:
    """Rows of ``weight`` (shape ``(num_embeddings, dim)``) at the integer ids
    ``input``, as ``torch.nn.functional.embedding``; the output has shape
    ``(*input.shape, dim)``.

    Repeated ids accumulate their gradients; the row ``padding_idx`` (if
    given) receives none.

    >>> import ad_core, ad_ops as F
    >>> w = ad_core.tensor([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> F.embedding(ad_core.tensor([1, 1, 2]), w).sum().backward()
    >>> w.grad
    tensor([[0., 0.],
            [2., 2.],
            [1., 1.]])
    """
    (w,) = lift((weight,))
    ids = input.array if isinstance(input, Tensor) else np.asarray(input)
    if ids.dtype.kind not in "iu":
        raise TypeError(f"embedding: expected integer indices, got dtype {ids.dtype}")
    if w.ndim != 2:
        raise ValueError(f"embedding: expected a 2-D weight, got shape {w.shape}")
    rows = w.shape[0]
    if ids.size and (ids.min() < 0 or ids.max() >= rows):
        raise IndexError(
            f"embedding: ids must be in [0, {rows - 1}] for a weight of {rows} rows, "
            f"got values in [{ids.min()}, {ids.max()}]"
        )
    if padding_idx is not None:
        if not -rows <= padding_idx < rows:
            raise ValueError(
                f"embedding: padding_idx {padding_idx} is out of range for {rows} rows"
            )
        padding_idx %= rows
    return Embedding.apply(w, indices=ids, padding_idx=padding_idx)
