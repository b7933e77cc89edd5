"""RNN, LSTM, GRU and their cells against PyTorch, weights copied through
load_state_dict, for combinations of layers, directions, layout and initial state."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import compare_module, rng

import ad_nn

MODES = ["RNN", "LSTM", "GRU"]
COMBOS = list(itertools.product(MODES, [1, 2], [False, True], [False, True], [False, True]))
SEQ, BATCH, IN, HIDDEN = 5, 3, 4, 6


@pytest.mark.parametrize(
    ("mode", "num_layers", "bidirectional", "batch_first", "initial"), COMBOS, ids=str
)
def test_recurrent_layer(
    mode: str, num_layers: int, bidirectional: bool, batch_first: bool, initial: bool
) -> None:
    case = (
        f"{mode} num_layers={num_layers} bidirectional={bidirectional} "
        f"batch_first={batch_first} initial={initial}"
    )
    kw = {"num_layers": num_layers, "bidirectional": bidirectional, "batch_first": batch_first}
    torch.manual_seed(0)
    theirs = getattr(torch.nn, mode)(IN, HIDDEN, **kw)
    ours = getattr(ad_nn, mode)(IN, HIDDEN, **kw)
    g = rng(case)
    x = g.standard_normal((BATCH, SEQ, IN) if batch_first else (SEQ, BATCH, IN))
    state_shape = (num_layers * (2 if bidirectional else 1), BATCH, HIDDEN)
    if not initial:
        compare_module(case, ours, theirs, x)
        return
    h0 = g.standard_normal(state_shape)
    if mode != "LSTM":
        compare_module(case, ours, theirs, x, h0)
        return
    c0 = g.standard_normal(state_shape)

    class WithState(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x: Any, h: Any, c: Any) -> Any:
            return self.inner(x, (h, c))

    class OursWithState(ad_nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x: Any, h: Any, c: Any) -> Any:
            return self.inner(x, (h, c))

    compare_module(case, OursWithState(ours), WithState(theirs), x, h0, c0)


@pytest.mark.parametrize("mode", MODES)
def test_variants(mode: str) -> None:
    """No bias, RNN with relu, unbatched input, one step."""
    extra: dict[str, Any] = {"nonlinearity": "relu"} if mode == "RNN" else {}
    variants: list[tuple[dict[str, Any], tuple[int, ...]]] = [
        ({"bias": False}, (SEQ, BATCH, IN)),
        ({**extra, "num_layers": 2}, (SEQ, BATCH, IN)),
        ({"bidirectional": True}, (SEQ, IN)),
        ({}, (1, BATCH, IN)),
    ]
    for kw, shape in variants:
        case = f"{mode} {kw} input {shape}"
        torch.manual_seed(0)
        theirs = getattr(torch.nn, mode)(IN, HIDDEN, **kw)
        ours = getattr(ad_nn, mode)(IN, HIDDEN, **kw)
        compare_module(case, ours, theirs, rng(case).standard_normal(shape))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("initial", [False, True])
@pytest.mark.parametrize("batched", [True, False])
def test_cells(mode: str, initial: bool, batched: bool) -> None:
    case = f"{mode}Cell initial={initial} batched={batched}"
    torch.manual_seed(0)
    theirs = getattr(torch.nn, mode + "Cell")(IN, HIDDEN)
    ours = getattr(ad_nn, mode + "Cell")(IN, HIDDEN)
    g = rng(case)
    lead = (BATCH,) if batched else ()
    x = g.standard_normal((*lead, IN))
    if not initial:
        compare_module(case, ours, theirs, x)
        return
    h = g.standard_normal((*lead, HIDDEN))
    if mode != "LSTM":
        compare_module(case, ours, theirs, x, h)
        return
    c = g.standard_normal((*lead, HIDDEN))

    class Pair(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x: Any, h: Any, c: Any) -> Any:
            return self.inner(x, (h, c))

    class OursPair(ad_nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x: Any, h: Any, c: Any) -> Any:
            return self.inner(x, (h, c))

    compare_module(case, OursPair(ours), Pair(theirs), x, h, c)


def test_rnn_cell_relu_no_bias() -> None:
    torch.manual_seed(0)
    theirs = torch.nn.RNNCell(IN, HIDDEN, bias=False, nonlinearity="relu")
    ours = ad_nn.RNNCell(IN, HIDDEN, bias=False, nonlinearity="relu")
    compare_module(
        "RNNCell relu no bias", ours, theirs, np.abs(rng("cell").standard_normal((3, IN)))
    )
