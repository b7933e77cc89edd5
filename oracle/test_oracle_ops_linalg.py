"""ad_ops fixed-shape matrix products (mm, bmm, dot, outer, addmm, baddbmm)
against PyTorch."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from oracle_compare import compare, compare_double, noncontiguous, rng, transposed

import ad_ops as F


def test_mm_bmm_dot_outer() -> None:
    g = rng("products")
    a, b = g.standard_normal((2, 3)), g.standard_normal((3, 4))
    compare("mm", F.mm, torch.mm, a, b)
    compare("mm transposed", F.mm, torch.mm, transposed(a), noncontiguous(b))
    compare_double("mm", lambda s, t: F.mm(s, t * t), lambda s, t: torch.mm(s, t * t), a, b)
    p, q = g.standard_normal((5, 2, 3)), g.standard_normal((5, 3, 4))
    compare("bmm", F.bmm, torch.bmm, p, q)
    u, v, w = g.standard_normal(3), g.standard_normal(3), g.standard_normal(4)
    compare("dot", F.dot, torch.dot, u, v)
    compare("outer", F.outer, torch.outer, u, w)
    compare_double(
        "outer", lambda s, t: F.outer(s * s, t), lambda s, t: torch.outer(s * s, t), u, w
    )


@pytest.mark.parametrize(("beta", "alpha"), [(1, 1), (0.5, -2.0), (0, 3.0)], ids=str)
@pytest.mark.parametrize("input_shape", [(2, 4), (4,), (2, 1), ()], ids=str)
def test_addmm(beta: float, alpha: float, input_shape: tuple[int, ...]) -> None:
    case = f"addmm beta={beta} alpha={alpha} input {input_shape}"
    g = rng(case)
    c, a, b = g.standard_normal(input_shape), g.standard_normal((2, 3)), g.standard_normal((3, 4))
    kw: dict[str, Any] = {"beta": beta, "alpha": alpha}
    compare(case, lambda *t: F.addmm(*t, **kw), lambda *t: torch.addmm(*t, **kw), c, a, b)
    compare_double(
        case,
        lambda x, y, z: F.addmm(x * x, y, z * z, **kw),
        lambda x, y, z: torch.addmm(x * x, y, z * z, **kw),
        c,
        a,
        b,
    )


@pytest.mark.parametrize("input_shape", [(3, 2, 4), (1, 2, 4), (4,)], ids=str)
def test_baddbmm(input_shape: tuple[int, ...]) -> None:
    case = f"baddbmm input {input_shape}"
    g = rng(case)
    c = g.standard_normal(input_shape)
    a, b = g.standard_normal((3, 2, 5)), g.standard_normal((3, 5, 4))
    compare(case, F.baddbmm, torch.baddbmm, c, a, b)
    compare(
        case + " scaled",
        lambda *t: F.baddbmm(*t, beta=-0.5, alpha=2.0),
        lambda *t: torch.baddbmm(*t, beta=-0.5, alpha=2.0),
        c,
        a,
        b,
    )
