"""Every ad_nn layer against its PyTorch module: weights copied through
load_state_dict, outputs and the gradients of inputs and parameters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import assert_close, compare_module, compare_states, copy_weights, rng

import ad_core
import ad_nn

# name -> (constructor taking the nn namespace, input shape)
LAYERS: dict[str, tuple[Callable[[Any], Any], tuple[int, ...]]] = {
    "Linear": (lambda nn: nn.Linear(5, 3), (4, 5)),
    "Linear 3-d input": (lambda nn: nn.Linear(5, 3), (2, 4, 5)),
    "Linear no bias": (lambda nn: nn.Linear(5, 3, bias=False), (4, 5)),
    "Linear 1-d input": (lambda nn: nn.Linear(5, 3), (5,)),
    "Conv1d": (lambda nn: nn.Conv1d(4, 6, 3, stride=2, padding=1, groups=2), (2, 4, 9)),
    "Conv1d same dilated": (lambda nn: nn.Conv1d(4, 2, 3, padding="same", dilation=2), (2, 4, 9)),
    "Conv2d": (
        lambda nn: nn.Conv2d(
            4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2
        ),
        (2, 4, 7, 6),
    ),
    "Conv2d same no bias": (
        lambda nn: nn.Conv2d(3, 2, 3, padding="same", bias=False),
        (2, 3, 5, 5),
    ),
    "Conv2d unbatched": (lambda nn: nn.Conv2d(3, 2, 2, stride=2), (3, 6, 6)),
    "MaxPool1d": (lambda nn: nn.MaxPool1d(3, stride=2, padding=1), (2, 3, 8)),
    "MaxPool2d": (lambda nn: nn.MaxPool2d((2, 3), stride=(1, 2), ceil_mode=True), (2, 3, 7, 7)),
    "MaxPool2d dilation": (lambda nn: nn.MaxPool2d(2, dilation=2, padding=1), (2, 3, 7, 7)),
    "AvgPool1d": (
        lambda nn: nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False),
        (2, 3, 8),
    ),
    "AvgPool2d": (
        lambda nn: nn.AvgPool2d(3, stride=2, padding=1, divisor_override=4),
        (2, 3, 7, 7),
    ),
    "AvgPool2d ceil": (lambda nn: nn.AvgPool2d(2, ceil_mode=True), (2, 3, 7, 7)),
    "AdaptiveAvgPool1d": (lambda nn: nn.AdaptiveAvgPool1d(3), (2, 3, 8)),
    "AdaptiveAvgPool2d": (lambda nn: nn.AdaptiveAvgPool2d((3, 2)), (2, 3, 7, 5)),
    "AdaptiveAvgPool2d None": (lambda nn: nn.AdaptiveAvgPool2d((None, 4)), (2, 3, 7, 5)),
    "AdaptiveAvgPool2d 1": (lambda nn: nn.AdaptiveAvgPool2d(1), (2, 3, 4, 5)),
    "Flatten": (lambda nn: nn.Flatten(), (2, 3, 4)),
    "Flatten dims": (lambda nn: nn.Flatten(0, -2), (2, 3, 4)),
    "Unflatten": (lambda nn: nn.Unflatten(1, (2, 3)), (4, 6)),
    "Identity": (lambda nn: nn.Identity(), (3, 4)),
    "ReLU": (lambda nn: nn.ReLU(), (3, 4)),
    "LeakyReLU": (lambda nn: nn.LeakyReLU(0.2), (3, 4)),
    "ELU": (lambda nn: nn.ELU(0.5), (3, 4)),
    "GELU": (lambda nn: nn.GELU(), (3, 4)),
    "GELU tanh": (lambda nn: nn.GELU("tanh"), (3, 4)),
    "SiLU": (lambda nn: nn.SiLU(), (3, 4)),
    "Sigmoid": (lambda nn: nn.Sigmoid(), (3, 4)),
    "Tanh": (lambda nn: nn.Tanh(), (3, 4)),
    "Softplus": (lambda nn: nn.Softplus(beta=2.0, threshold=1.0), (3, 4)),
    "Softmax": (lambda nn: nn.Softmax(dim=1), (3, 4, 2)),
    "LogSoftmax": (lambda nn: nn.LogSoftmax(dim=-1), (3, 4)),
    "LayerNorm": (lambda nn: nn.LayerNorm(5), (3, 4, 5)),
    "LayerNorm 2 dims": (lambda nn: nn.LayerNorm((4, 5)), (3, 4, 5)),
    "LayerNorm no affine": (lambda nn: nn.LayerNorm(5, elementwise_affine=False), (3, 5)),
    "LayerNorm no bias": (lambda nn: nn.LayerNorm(5, bias=False, eps=1e-3), (3, 5)),
    "GroupNorm": (lambda nn: nn.GroupNorm(2, 4), (3, 4, 5, 5)),
    "GroupNorm 1-d": (lambda nn: nn.GroupNorm(4, 4, eps=1e-3), (3, 4, 6)),
    "GroupNorm no affine": (lambda nn: nn.GroupNorm(1, 4, affine=False), (3, 4, 2, 3)),
    "Dropout eval": (lambda nn: nn.Dropout(0.5).eval(), (3, 4)),
    "Dropout p=0": (lambda nn: nn.Dropout(0.0), (3, 4)),
    "Dropout2d eval": (lambda nn: nn.Dropout2d(0.3).eval(), (2, 3, 4, 4)),
    "Dropout1d eval": (lambda nn: nn.Dropout1d(0.3).eval(), (2, 3, 4)),
    "Sequential": (
        lambda nn: nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 3), nn.LogSoftmax(1)),
        (4, 5),
    ),
    "Sequential conv": (
        lambda nn: nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1),
            nn.BatchNorm2d(4),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(36, 5),
        ),
        (3, 1, 6, 6),
    ),
}


def _random_weights(module: torch.nn.Module, case: str) -> None:
    """Replace torch's initial weights (LayerNorm's ones, zeros) by random ones."""
    g = rng(case + " weights")
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.from_numpy(g.standard_normal(tuple(p.shape))))


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer(name: str) -> None:
    make, shape = LAYERS[name]
    torch.manual_seed(0)
    theirs = make(torch.nn)
    _random_weights(theirs, name)
    ours = make(ad_nn)
    ours.train(theirs.training)
    x = rng(name).standard_normal(shape)
    compare_module(name, ours, theirs, x)


@pytest.mark.parametrize("padding_idx", [None, 2])
def test_embedding(padding_idx: Any) -> None:
    case = f"Embedding padding_idx={padding_idx}"
    torch.manual_seed(0)
    theirs = torch.nn.Embedding(10, 3, padding_idx=padding_idx)
    ours = ad_nn.Embedding(10, 3, padding_idx=padding_idx)
    idx = np.array([[1, 2, 2, 9], [0, 2, 5, 1]])
    compare_module(case, ours, theirs, idx)


BATCHNORMS: dict[str, tuple[Callable[[Any], Any], tuple[int, ...]]] = {
    "BatchNorm1d 2-d": (lambda nn: nn.BatchNorm1d(4), (8, 4)),
    "BatchNorm1d 3-d": (lambda nn: nn.BatchNorm1d(4, momentum=0.3), (8, 4, 5)),
    "BatchNorm1d cumulative": (lambda nn: nn.BatchNorm1d(4, momentum=None), (8, 4)),
    "BatchNorm2d": (lambda nn: nn.BatchNorm2d(3), (4, 3, 5, 5)),
    "BatchNorm2d no affine": (lambda nn: nn.BatchNorm2d(3, affine=False, eps=1e-3), (4, 3, 2, 2)),
    "BatchNorm2d no running stats": (
        lambda nn: nn.BatchNorm2d(3, track_running_stats=False),
        (4, 3, 2, 2),
    ),
}


@pytest.mark.parametrize("name", sorted(BATCHNORMS))
def test_batchnorm_steps_and_eval(name: str) -> None:
    make, shape = BATCHNORMS[name]
    theirs = make(torch.nn)
    _random_weights(theirs, name)
    ours = make(ad_nn)
    copy_weights(name, ours, theirs)
    g = rng(name)
    for step in range(4):
        x = g.standard_normal(shape) * (step + 1) + step
        compare_module(f"{name} train step {step}", ours, theirs, x, load=False)
        for p in (*ours.parameters(),):
            p.grad = None
        theirs.zero_grad()
    compare_states(f"{name} after 4 steps", ours, theirs, 1e-5)
    ours.eval()
    theirs.eval()
    compare_module(f"{name} eval", ours, theirs, g.standard_normal(shape) + 2.0, load=False)


def test_module_state_dict_keys_nested() -> None:
    def make(nn: Any) -> Any:
        return nn.Sequential(
            nn.Conv2d(1, 2, 3),
            nn.BatchNorm2d(2),
            nn.Sequential(nn.Flatten(), nn.Linear(8, 3)),
        )

    theirs = make(torch.nn)
    ours = make(ad_nn)
    copy_weights("nested Sequential", ours, theirs)
    compare_states("nested Sequential", ours, theirs, 0.0)
    x = ad_core.Tensor(rng("nested").standard_normal((2, 1, 4, 4)))
    assert_close("nested output", ours(x), theirs(torch.from_numpy(x.array)), 1e-5)
