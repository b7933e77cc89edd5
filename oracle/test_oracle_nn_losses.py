"""Every ad_nn loss against its PyTorch module, for each reduction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import RTOL_LAYERS, compare, rng

import ad_core
import ad_nn

REDUCTIONS = ["none", "mean", "sum"]

# name -> (constructor given (nn, reduction), input maker given the generator)
Make = Callable[[Any, str], Any]
Inputs = Callable[[np.random.Generator], tuple[np.ndarray, ...]]


def regression(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    return g.standard_normal((4, 3)) * 2, g.standard_normal((4, 3)) * 2


def classes(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    return g.standard_normal((5, 4)) * 3, g.integers(0, 4, 5)


def classes_ignored(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    y = g.integers(0, 4, 6)
    y[[1, 4]] = -100
    return g.standard_normal((6, 4)), y


def classes_kdim(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    return g.standard_normal((3, 4, 2, 5)), g.integers(0, 4, (3, 2, 5))


def classes_extreme(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    logits = np.array([[1000.0, 0.0, -1000.0], [-1e4, -1e4, -1e4], [0.0, 800.0, -800.0]])
    return logits, np.array([2, 0, 1])


def probabilities(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    target = g.random((5, 4))
    return g.standard_normal((5, 4)), target / target.sum(1, keepdims=True)


def log_probabilities(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    x = g.standard_normal((5, 4))
    return x - np.log(np.exp(x).sum(1, keepdims=True)), classes(g)[1][:5]


def binary(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    return g.uniform(0.02, 0.98, (4, 3)), (g.random((4, 3)) > 0.5).astype(np.float64)


def binary_soft(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    return g.uniform(0.02, 0.98, (4, 3)), g.random((4, 3))


def binary_logits(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    x = g.standard_normal((4, 3)) * 3
    x[0] = [-800.0, 800.0, 50.0]
    return x, g.random((4, 3))


def kl(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    x = g.standard_normal((4, 3))
    t = g.random((4, 3))
    return x - np.log(np.exp(x).sum(1, keepdims=True)), t / t.sum(1, keepdims=True)


def kl_log_target(g: np.random.Generator) -> tuple[np.ndarray, ...]:
    x, t = kl(g)
    return x, np.log(t)


W4 = np.array([0.5, 2.0, 1.0, 0.1])
W3 = np.array([[0.5, 2.0, 1.0]])


def tw(nn: Any, w: np.ndarray) -> Any:
    return torch.from_numpy(w) if nn is torch.nn else ad_core.Tensor(w)


LOSSES: dict[str, tuple[Make, Inputs]] = {
    "MSELoss": (lambda nn, r: nn.MSELoss(reduction=r), regression),
    "L1Loss": (lambda nn, r: nn.L1Loss(reduction=r), regression),
    "SmoothL1Loss": (lambda nn, r: nn.SmoothL1Loss(reduction=r), regression),
    "SmoothL1Loss beta": (lambda nn, r: nn.SmoothL1Loss(reduction=r, beta=0.5), regression),
    "HuberLoss": (lambda nn, r: nn.HuberLoss(reduction=r), regression),
    "HuberLoss delta": (lambda nn, r: nn.HuberLoss(reduction=r, delta=2.5), regression),
    "CrossEntropyLoss": (lambda nn, r: nn.CrossEntropyLoss(reduction=r), classes),
    "CrossEntropyLoss weight": (
        lambda nn, r: nn.CrossEntropyLoss(weight=tw(nn, W4), reduction=r),
        classes,
    ),
    "CrossEntropyLoss ignore_index": (
        lambda nn, r: nn.CrossEntropyLoss(reduction=r, weight=tw(nn, W4)),
        classes_ignored,
    ),
    "CrossEntropyLoss ignore_index 1": (
        lambda nn, r: nn.CrossEntropyLoss(reduction=r, ignore_index=1),
        classes,
    ),
    "CrossEntropyLoss label_smoothing": (
        lambda nn, r: nn.CrossEntropyLoss(reduction=r, label_smoothing=0.2),
        classes,
    ),
    "CrossEntropyLoss label_smoothing weight ignore": (
        lambda nn, r: nn.CrossEntropyLoss(reduction=r, label_smoothing=0.1, weight=tw(nn, W4)),
        classes_ignored,
    ),
    "CrossEntropyLoss K-dim": (lambda nn, r: nn.CrossEntropyLoss(reduction=r), classes_kdim),
    "CrossEntropyLoss extreme logits": (
        lambda nn, r: nn.CrossEntropyLoss(reduction=r),
        classes_extreme,
    ),
    "CrossEntropyLoss probabilities": (
        lambda nn, r: nn.CrossEntropyLoss(reduction=r),
        probabilities,
    ),
    "CrossEntropyLoss probabilities smoothing": (
        lambda nn, r: nn.CrossEntropyLoss(reduction=r, label_smoothing=0.3, weight=tw(nn, W4)),
        probabilities,
    ),
    "NLLLoss": (lambda nn, r: nn.NLLLoss(reduction=r), log_probabilities),
    "NLLLoss weight ignore": (
        lambda nn, r: nn.NLLLoss(weight=tw(nn, W4), reduction=r),
        classes_ignored,
    ),
    "NLLLoss K-dim": (lambda nn, r: nn.NLLLoss(reduction=r), classes_kdim),
    "BCELoss": (lambda nn, r: nn.BCELoss(reduction=r), binary),
    "BCELoss soft targets weight": (
        lambda nn, r: nn.BCELoss(weight=tw(nn, W3), reduction=r),
        binary_soft,
    ),
    "BCEWithLogitsLoss": (lambda nn, r: nn.BCEWithLogitsLoss(reduction=r), binary_logits),
    "BCEWithLogitsLoss pos_weight": (
        lambda nn, r: nn.BCEWithLogitsLoss(
            reduction=r, pos_weight=tw(nn, np.array([1.0, 3.0, 0.5])), weight=tw(nn, W3)
        ),
        binary_logits,
    ),
    "KLDivLoss": (lambda nn, r: nn.KLDivLoss(reduction=r), kl),
    "KLDivLoss log_target": (
        lambda nn, r: nn.KLDivLoss(reduction=r, log_target=True),
        kl_log_target,
    ),
}


@pytest.mark.parametrize("reduction", [*REDUCTIONS])
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss(name: str, reduction: str) -> None:
    make, inputs = LOSSES[name]
    case = f"{name} reduction={reduction}"
    arrays = inputs(rng(name))
    compare(case, make(ad_nn, reduction), make(torch.nn, reduction), *arrays, rtol=RTOL_LAYERS)


def test_kldiv_batchmean() -> None:
    arrays = kl(rng("batchmean"))
    compare(
        "KLDivLoss batchmean",
        ad_nn.KLDivLoss(reduction="batchmean"),
        torch.nn.KLDivLoss(reduction="batchmean"),
        *arrays,
        rtol=RTOL_LAYERS,
    )


@pytest.mark.parametrize(
    "name", ["cross_entropy", "nll_loss", "mse_loss", "binary_cross_entropy_with_logits"]
)
def test_functional_losses(name: str) -> None:
    g = rng(name)
    if name in ("cross_entropy", "nll_loss"):
        arrays = classes(g)
    elif name == "mse_loss":
        arrays = regression(g)
    else:
        arrays = binary_logits(g)
    compare(
        f"functional {name}",
        getattr(ad_nn.functional, name),
        getattr(torch.nn.functional, name),
        *arrays,
        rtol=RTOL_LAYERS,
    )
