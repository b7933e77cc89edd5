"""ad_ops comparisons, value tests, logic and reductions of truth against PyTorch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import assert_close, compare, rng

import ad_core
import ad_ops as F

NAMES = [
    "eq", "ne", "lt", "le", "gt", "ge",
    "greater", "less", "greater_equal", "less_equal", "not_equal",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_comparisons(name: str) -> None:
    g = rng(name)
    a = g.integers(-2, 3, (3, 4)).astype(np.float64)
    b = g.integers(-2, 3, (4,)).astype(np.float64)
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(name, ours, theirs, a, b, grad=False)
    compare(name + " number", lambda t: ours(t, 1.0), lambda t: theirs(t, 1.0), a, grad=False)


SPECIAL = np.array([1.0, np.nan, np.inf, -np.inf, 0.0, -0.0, 1e308])


@pytest.mark.parametrize("name", ["isnan", "isinf", "isfinite"])
def test_value_tests(name: str) -> None:
    compare(name, getattr(F, name), getattr(torch, name), SPECIAL, grad=False)


@pytest.mark.parametrize(
    "kw",
    [{}, {"rtol": 0.1}, {"atol": 1e-3}, {"equal_nan": True}, {"rtol": 0.0, "atol": 0.0}],
    ids=str,
)
def test_isclose_allclose(kw: dict[str, Any]) -> None:
    a = np.array([1.0, 1.0, 1.0, np.nan, np.inf, -np.inf, 0.0])
    b = np.array([1.0 + 1e-6, 1.05, 1.0005, np.nan, np.inf, np.inf, 1e-9])
    compare(
        f"isclose {kw}",
        lambda s, t: F.isclose(s, t, **kw),
        lambda s, t: torch.isclose(s, t, **kw),
        a,
        b,
        grad=False,
    )
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    oa, ob = ad_core.tensor(a), ad_core.tensor(b)
    assert F.allclose(oa, ob, **kw) == torch.allclose(ta, tb, **kw)
    assert F.allclose(oa[:3], ob[:3], **kw) == torch.allclose(ta[:3], tb[:3], **kw)


def test_equal() -> None:
    a = np.array([1.0, 2.0])
    for b in (a.copy(), np.array([1.0, 3.0]), np.array([1.0]), np.array([[1.0, 2.0]])):
        assert F.equal(ad_core.tensor(a), ad_core.tensor(b)) == torch.equal(
            torch.from_numpy(a), torch.from_numpy(b)
        )


@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor"])
def test_logical(name: str) -> None:
    g = rng(name)
    a = g.integers(-1, 2, (3, 4)).astype(np.float64)
    b = g.random((4,)) > 0.5
    compare(name, getattr(F, name), getattr(torch, name), a, b, grad=False)
    compare("logical_not", F.logical_not, torch.logical_not, a, grad=False)


@pytest.mark.parametrize("name", ["all", "any", "count_nonzero"])
@pytest.mark.parametrize("dim", [None, 0, -1, (0, 1)], ids=str)
def test_truth_reductions(name: str, dim: Any) -> None:
    case = f"{name} dim={dim}"
    x = (rng(case).random((3, 4)) > 0.3).astype(np.float64)
    x[1] = 1.0
    ours, theirs = getattr(F, name), getattr(torch, name)
    if dim is None:
        compare(case, ours, theirs, x, grad=False)
    else:
        compare(case, lambda t: ours(t, dim), lambda t: theirs(t, dim), x, grad=False)
    if name != "count_nonzero" and isinstance(dim, int):
        compare(
            case + " keepdim",
            lambda t: ours(t, dim, True),
            lambda t: theirs(t, dim, True),
            x,
            grad=False,
        )


def test_nonzero_and_where_alone() -> None:
    x = np.array([[0.0, 1.5, 0.0], [2.0, -1.0, 0.0]])
    compare("nonzero", F.nonzero, torch.nonzero, x, grad=False)
    compare(
        "nonzero as_tuple",
        lambda t: F.nonzero(t, as_tuple=True),
        lambda t: torch.nonzero(t, as_tuple=True),
        x,
        grad=False,
    )
    compare(
        "where(condition)", lambda t: F.where(t > 0), lambda t: torch.where(t > 0), x, grad=False
    )
    for value in (0.0, 3.0):
        assert_close(
            f"nonzero of 0-d {value}",
            F.nonzero(ad_core.tensor(value)),
            torch.nonzero(torch.tensor(value)),
        )
