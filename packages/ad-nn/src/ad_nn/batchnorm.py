"""``BatchNorm1d`` and ``BatchNorm2d``."""

from __future__ import annotations

import numpy as np

from ad_core import DTypeLike, Tensor, TensorLike, no_grad

from .arguments import check_bool, check_device, check_int, check_number, parameter_dtype
from .functional.normalization import batch_norm
from .module import Module
from .parameter import Parameter


class _BatchNorm(Module):
    _expected_dims: tuple[int, ...] = ()

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: str | None = None,
        dtype: DTypeLike | None = None,
    ) -> None:
        super().__init__()
        op = type(self).__name__
        num_features = check_int(op, "num_features", num_features, 1)
        eps = check_number(op, "eps", eps, 0.0)
        if momentum is not None:
            momentum = check_number(op, "momentum", momentum, 0.0, 1.0)
        check_bool(op, "affine", affine)
        check_bool(op, "track_running_stats", track_running_stats)
        check_device(op, device)
        dt = parameter_dtype(op, dtype)
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight: Parameter | None = Parameter(np.ones(num_features, dtype=dt))
            self.bias: Parameter | None = Parameter(np.zeros(num_features, dtype=dt))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.running_mean: Tensor | None
        self.running_var: Tensor | None
        self.num_batches_tracked: Tensor | None
        if track_running_stats:
            self.register_buffer("running_mean", Tensor(np.zeros(num_features, dtype=dt)))
            self.register_buffer("running_var", Tensor(np.ones(num_features, dtype=dt)))
            self.register_buffer("num_batches_tracked", Tensor(np.array(0, dtype=np.int64)))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batches tracked."""
        with no_grad():
            if self.running_mean is not None and self.running_var is not None:
                self.running_mean.zero_()
                self.running_var.fill_(1)
            if self.num_batches_tracked is not None:
                self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        """Reset the running statistics, weight to 1 and bias to 0."""
        self.reset_running_stats()
        if self.weight is not None and self.bias is not None:
            with no_grad():
                self.weight.fill_(1)
                self.bias.zero_()

    def forward(self, input: TensorLike) -> Tensor:
        shape = np.shape(input)
        if len(shape) not in self._expected_dims:
            wanted = " or ".join(f"{d}D" for d in self._expected_dims)
            raise ValueError(f"{type(self).__name__}: expected {wanted} input, got shape {shape}")
        if shape[1] != self.num_features:
            raise ValueError(
                f"{type(self).__name__}: expected {self.num_features} channels in dimension 1, "
                f"got input of shape {shape}"
            )
        factor = 0.0 if self.momentum is None else self.momentum
        counting = self.training and self.num_batches_tracked is not None
        if counting and self.momentum is None:
            assert self.num_batches_tracked is not None
            factor = 1.0 / (float(self.num_batches_tracked.array) + 1)
        use_batch_stats = self.training or self.running_mean is None
        track = not self.training or self.track_running_stats
        out = batch_norm(
            input,
            self.running_mean if track else None,
            self.running_var if track else None,
            self.weight,
            self.bias,
            use_batch_stats,
            factor,
            self.eps,
        )
        # Counted once the batch is accepted, so that a refused batch changes nothing.
        if counting:
            assert self.num_batches_tracked is not None
            self.num_batches_tracked.add_(1)
        return out

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs per channel, as
    ``torch.nn.BatchNorm1d``.

    Training mode normalises with the batch statistics and updates
    ``running_mean`` / ``running_var`` (unbiased) with ``momentum``
    (``None``: cumulative average); evaluation mode uses the running
    statistics. ``num_batches_tracked`` counts training batches, so
    PyTorch state dicts load as they are.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> bn = nn.BatchNorm1d(2)
    >>> bn
    BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    >>> y = bn(ad_core.tensor([[0.0, 1.0], [2.0, 5.0]]))
    >>> bn.running_mean, int(bn.num_batches_tracked.item())
    (tensor([0.1000, 0.3000]), 1)
    """

    _expected_dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) inputs per channel, as
    ``torch.nn.BatchNorm2d``; behaviour as ``BatchNorm1d``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> bn = nn.BatchNorm2d(3)
    >>> y = bn(ad_core.randn(4, 3, 5, 5))
    >>> [round(float(v), 4) for v in y.array.mean(axis=(0, 2, 3))]
    [0.0, 0.0, 0.0]
    """

    _expected_dims = (4,)
