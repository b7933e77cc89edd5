"""``Embedding``: a lookup table of learnable vectors."""

from __future__ import annotations

from typing import Any

import numpy as np

import ad_ops as F
from ad_core import DTypeLike, Tensor, TensorLike, no_grad

from . import init
from .arguments import check_device, check_dim, check_int, parameter_dtype
from .module import Module
from .parameter import Parameter


class Embedding(Module):
    """Row ``i`` of ``weight`` (num_embeddings, embedding_dim) for each index ``i``,
    as ``torch.nn.Embedding``.

    ``weight`` starts from N(0, 1); with ``padding_idx`` that row starts at
    zero and never receives a gradient. ``max_norm``, ``scale_grad_by_freq``
    and ``sparse`` are not supported (a non-default value raises).

    Examples
    --------
    >>> import numpy as np, ad_nn as nn
    >>> emb = nn.Embedding(10, 3, padding_idx=0)
    >>> emb
    Embedding(10, 3, padding_idx=0)
    >>> out = emb(np.array([[0, 2], [4, 0]]))
    >>> out.shape, out.array[0, 0].tolist()
    ((2, 2, 3), [0.0, 0.0, 0.0])
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight: TensorLike | None = None,
        _freeze: bool = False,
        device: str | None = None,
        dtype: DTypeLike | None = None,
    ) -> None:
        super().__init__()
        if max_norm is not None or scale_grad_by_freq or sparse:
            raise NotImplementedError(
                "Embedding: max_norm, scale_grad_by_freq and sparse are not supported"
            )
        num_embeddings = check_int("Embedding", "num_embeddings", num_embeddings)
        embedding_dim = check_int("Embedding", "embedding_dim", embedding_dim)
        check_device("Embedding", device)
        if padding_idx is not None:
            padding_idx = check_dim("Embedding", "padding_idx", padding_idx)
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise ValueError(
                    f"Embedding: padding_idx must be within num_embeddings ({num_embeddings}), "
                    f"got {padding_idx}"
                )
            padding_idx %= num_embeddings
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = padding_idx
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.sparse = sparse
        dt = parameter_dtype("Embedding", dtype)
        if _weight is None:
            self.weight = Parameter(
                np.empty((num_embeddings, embedding_dim), dtype=dt), requires_grad=not _freeze
            )
            self.reset_parameters()
        else:
            array = np.asarray(_weight.array if isinstance(_weight, Tensor) else _weight)
            if array.dtype.kind != "f":
                raise TypeError(f"Embedding: expected floating weights, got dtype {array.dtype}")
            if array.shape != (num_embeddings, embedding_dim):
                raise ValueError(
                    f"Embedding: _weight must have shape ({num_embeddings}, {embedding_dim}), "
                    f"got {array.shape}"
                )
            self.weight = Parameter(array, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        """Draw the weights from N(0, 1) again and zero the padding row."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0

    def forward(self, input: Any) -> Tensor:
        return F.embedding(input, self.weight, padding_idx=self.padding_idx)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        return text

    @classmethod
    def from_pretrained(
        cls,
        embeddings: TensorLike,
        freeze: bool = True,
        padding_idx: int | None = None,
    ) -> Embedding:
        """An ``Embedding`` holding ``embeddings`` (2-D), frozen unless ``freeze=False``.

        >>> import numpy as np, ad_nn as nn
        >>> emb = nn.Embedding.from_pretrained(np.eye(3))
        >>> emb(np.array([2])).array.tolist(), emb.weight.requires_grad
        ([[0.0, 0.0, 1.0]], False)
        """
        array = np.asarray(embeddings.array if isinstance(embeddings, Tensor) else embeddings)
        if array.ndim != 2:
            raise ValueError(
                f"Embedding.from_pretrained: embeddings must be 2-D, got shape {array.shape}"
            )
        rows, cols = array.shape
        return cls(rows, cols, padding_idx=padding_idx, _weight=array, _freeze=freeze)
