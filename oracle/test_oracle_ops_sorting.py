"""ad_ops sorting and selection (sort, argsort, topk) against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from oracle_compare import compare, compare_double, noncontiguous, rng

import ad_ops as F


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("descending", [False, True])
def test_sort(dim: int, descending: bool) -> None:
    case = f"sort dim={dim} descending={descending}"
    x = rng(case).standard_normal((3, 4, 5))
    compare(
        case,
        lambda t: tuple(F.sort(t, dim, descending)),
        lambda t: tuple(torch.sort(t, dim, descending)),
        x,
    )
    compare(
        case + " argsort",
        lambda t: F.argsort(t, dim, descending),
        lambda t: torch.argsort(t, dim, descending),
        x,
        grad=False,
    )


@pytest.mark.parametrize("descending", [False, True])
def test_stable_sort_with_ties_and_nan(descending: bool) -> None:
    case = f"stable sort with ties descending={descending}"
    x = rng(case).integers(-2, 3, (4, 9)).astype(np.float64)
    x[1, 3] = x[2, 0] = np.nan
    compare(
        case,
        lambda t: tuple(F.sort(t, descending=descending, stable=True)),
        lambda t: tuple(torch.sort(t, descending=descending, stable=True)),
        x,
    )
    compare(
        case + " argsort",
        lambda t: F.argsort(t, 0, descending, stable=True),
        lambda t: torch.argsort(t, dim=0, descending=descending, stable=True),
        x,
        grad=False,
    )


@pytest.mark.parametrize("k", [1, 3, 5])
@pytest.mark.parametrize("dim", [0, -1])
@pytest.mark.parametrize("largest", [True, False])
def test_topk(k: int, dim: int, largest: bool) -> None:
    case = f"topk k={k} dim={dim} largest={largest}"
    x = rng(case).standard_normal((5, 6))
    compare(
        case,
        lambda t: tuple(F.topk(t, k, dim, largest)),
        lambda t: tuple(torch.topk(t, k, dim, largest)),
        x,
    )
    compare(
        case + " keywords",
        lambda t: F.topk(t, k, dim=dim, largest=largest, sorted=True).values,
        lambda t: torch.topk(t, k, dim=dim, largest=largest, sorted=True).values,
        x,
    )


def test_topk_unsorted_and_nan() -> None:
    case = "topk unsorted"
    x = rng(case).standard_normal((4, 7))
    # Unsorted order is unspecified on both sides: compare the chosen sets.
    compare(
        case,
        lambda t: F.sort(F.topk(t, 3, sorted=False).values).values,
        lambda t: torch.sort(torch.topk(t, 3, sorted=False).values).values,
        x,
    )
    y = np.array([[1.0, np.nan, 3.0, 2.0]])
    compare("topk with nan", lambda t: tuple(F.topk(t, 2)), lambda t: tuple(torch.topk(t, 2)), y)


def test_noncontiguous_and_second_derivative() -> None:
    case = "sort non-contiguous"
    x = noncontiguous(rng(case).standard_normal((3, 5)))
    compare(case, lambda t: F.sort(t, 0).values, lambda t: torch.sort(t, 0).values, x)
    compare_double(
        "topk second derivative",
        lambda t: (F.topk(t * t * t, 2).values * t[:, :2]).sum(),
        lambda t: (torch.topk(t * t * t, 2).values * t[:, :2]).sum(),
        x,
    )
