"""Loss modules: thin wrappers of ``ad_nn.functional`` losses, as in ``torch.nn``."""

from __future__ import annotations

from typing import Any

import numpy as np

from ad_core import Tensor, TensorLike

from . import functional as F
from .arguments import check_bool, check_int, check_number
from .functional.loss_inputs import check_reduction
from .module import Module


def _buffer(op: str, name: str, value: TensorLike | None) -> Tensor | None:
    if value is None:
        return None
    tensor = value if isinstance(value, Tensor) else Tensor(np.asarray(value))
    if tensor.dtype.kind not in "biuf":
        raise TypeError(f"{op}: expected {name} to hold numbers, got dtype {tensor.dtype}")
    return tensor


class _Loss(Module):
    _reductions: tuple[str, ...] = ("mean", "sum", "none")

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        check_reduction(type(self).__name__, reduction, self._reductions)
        self.reduction = reduction


class MSELoss(_Loss):
    """Mean squared error; see ``ad_nn.functional.mse_loss``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.MSELoss()(ad_core.tensor([1.0, 3.0]), ad_core.tensor([1.0, 1.0]))
    tensor(2.)
    """

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.mse_loss(input, target, self.reduction)


class L1Loss(_Loss):
    """Mean absolute error; see ``ad_nn.functional.l1_loss``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.L1Loss()(ad_core.tensor([1.0, 3.0]), ad_core.tensor([1.0, 1.0]))
    tensor(1.)
    """

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.l1_loss(input, target, self.reduction)


class SmoothL1Loss(_Loss):
    """Quadratic below ``beta``, linear above; see ``ad_nn.functional.smooth_l1_loss``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.SmoothL1Loss(beta=2.0)(ad_core.tensor([1.0]), ad_core.tensor([0.0]))
    tensor(0.2500)
    """

    def __init__(self, reduction: str = "mean", beta: float = 1.0) -> None:
        super().__init__(reduction)
        self.beta = check_number("SmoothL1Loss", "beta", beta, 0.0)

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.smooth_l1_loss(input, target, self.reduction, self.beta)


class HuberLoss(_Loss):
    """Quadratic below ``delta``, then linear with slope ``delta``; see
    ``ad_nn.functional.huber_loss``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.HuberLoss(delta=0.5)(ad_core.tensor([2.0]), ad_core.tensor([0.0]))
    tensor(0.8750)
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        self.delta = check_number("HuberLoss", "delta", delta, 0.0, open_low=True)

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.huber_loss(input, target, self.reduction, self.delta)


class NLLLoss(_Loss):
    """Negative log-likelihood of log-probabilities; see ``ad_nn.functional.nll_loss``.

    Examples
    --------
    >>> import numpy as np, ad_core, ad_nn as nn
    >>> nn.NLLLoss()(ad_core.tensor([[-1.0, -2.0]]), np.array([1]))
    tensor(2.)
    """

    def __init__(
        self, weight: TensorLike | None = None, ignore_index: int = -100, reduction: str = "mean"
    ) -> None:
        super().__init__(reduction)
        self.register_buffer("weight", _buffer("NLLLoss", "weight", weight))
        self.ignore_index = check_int("NLLLoss", "ignore_index", ignore_index, -(2**62))

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.nll_loss(input, target, self.weight, self.ignore_index, self.reduction)


class CrossEntropyLoss(_Loss):
    """Cross entropy of logits against class indices or class probabilities;
    see ``ad_nn.functional.cross_entropy``.

    Examples
    --------
    >>> import numpy as np, ad_core, ad_nn as nn
    >>> loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    >>> loss_fn(ad_core.tensor([[0.0, 0.0]]), np.array([1]))
    tensor(0.6931)
    """

    def __init__(
        self,
        weight: TensorLike | None = None,
        ignore_index: int = -100,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(reduction)
        op = "CrossEntropyLoss"
        self.register_buffer("weight", _buffer(op, "weight", weight))
        self.ignore_index = check_int(op, "ignore_index", ignore_index, -(2**62))
        self.label_smoothing = check_number(op, "label_smoothing", label_smoothing, 0.0, 1.0)

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.cross_entropy(
            input, target, self.weight, self.ignore_index, self.reduction, self.label_smoothing
        )


class BCELoss(_Loss):
    """Binary cross entropy of probabilities; see
    ``ad_nn.functional.binary_cross_entropy``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.BCELoss()(ad_core.tensor([0.5]), ad_core.tensor([1.0]))
    tensor(0.6931)
    """

    def __init__(self, weight: TensorLike | None = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.register_buffer("weight", _buffer("BCELoss", "weight", weight))

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.binary_cross_entropy(input, target, self.weight, self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross entropy of logits, computed stably; see
    ``ad_nn.functional.binary_cross_entropy_with_logits``.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> nn.BCEWithLogitsLoss(pos_weight=ad_core.tensor([2.0]))(
    ...     ad_core.tensor([0.0]), ad_core.tensor([1.0]))
    tensor(1.3863)
    """

    def __init__(
        self,
        weight: TensorLike | None = None,
        reduction: str = "mean",
        pos_weight: TensorLike | None = None,
    ) -> None:
        super().__init__(reduction)
        self.register_buffer("weight", _buffer("BCEWithLogitsLoss", "weight", weight))
        self.register_buffer("pos_weight", _buffer("BCEWithLogitsLoss", "pos_weight", pos_weight))

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.binary_cross_entropy_with_logits(
            input, target, self.weight, self.reduction, self.pos_weight
        )


class KLDivLoss(_Loss):
    """Kullback-Leibler divergence with log-probability inputs; see
    ``ad_nn.functional.kl_div`` (``reduction="batchmean"`` for the true KL).

    Examples
    --------
    >>> import numpy as np, ad_core, ad_nn as nn
    >>> nn.KLDivLoss(reduction="sum")(ad_core.tensor([np.log(0.5)]), np.array([0.5]))
    tensor(0.)
    """

    _reductions = ("mean", "sum", "none", "batchmean")

    def __init__(self, reduction: str = "mean", log_target: bool = False) -> None:
        super().__init__(reduction)
        self.log_target = check_bool("KLDivLoss", "log_target", log_target)

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.kl_div(input, target, self.reduction, self.log_target)
