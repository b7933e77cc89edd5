"""ad_ops running sums and products (cumsum, cumprod) against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from oracle_compare import compare, compare_double, noncontiguous, rng

import ad_ops as F


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumulative(name: str, dim: int) -> None:
    case = f"{name} dim={dim}"
    x = rng(case).uniform(0.5, 1.5, (3, 4, 5)) * rng(case + " sign").choice([-1.0, 1.0], 5)
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(case, lambda t: ours(t, dim), lambda t: theirs(t, dim), x)
    compare_double(case, lambda t: ours(t * t, dim), lambda t: theirs(t * t, dim), x)
    compare(
        case + " non-contiguous", lambda t: ours(t, dim), lambda t: theirs(t, dim), noncontiguous(x)
    )


ZEROS = np.array(
    [
        [2.0, 0.0, 3.0, -1.5, 0.5, 1.2],
        [0.5, 0.0, 2.0, 0.0, 3.0, -0.7],
        [0.0, 1.5, -2.0, 1.2, 0.0, 0.9],
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [1.5, -0.5, 2.0, 0.8, 1.1, 0.0],
    ]
)


@pytest.mark.parametrize("dim", [0, 1])
def test_cumprod_with_zeros(dim: int) -> None:
    case = f"cumprod with zeros dim={dim}"
    compare(case, lambda t: F.cumprod(t, dim), lambda t: torch.cumprod(t, dim), ZEROS)
    compare_double(case, lambda t: F.cumprod(t, dim), lambda t: torch.cumprod(t, dim), ZEROS)


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_integer_inputs_and_dtype(name: str) -> None:
    x = rng("cumulative ints").integers(-3, 4, (3, 4)).astype(np.int32)
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(f"{name} int32", lambda t: ours(t, 1), lambda t: theirs(t, 1), x, grad=False)
    compare(
        f"{name} int32 to float64",
        lambda t: ours(t, 0, dtype=np.float64),
        lambda t: theirs(t, 0, dtype=torch.float64),
        x,
        grad=False,
    )
