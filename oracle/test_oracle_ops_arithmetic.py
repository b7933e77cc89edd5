"""ad_ops arithmetic by name, rounding, erf and clip against PyTorch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import compare, compare_double, rng

import ad_ops as F

SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 4), (3, 1))]


def away_from_zero(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    x = g.standard_normal(shape)
    return np.sign(x) * (np.abs(x) + 0.3)


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "true_divide"])
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
def test_binary(name: str, shapes: tuple[tuple[int, ...], ...]) -> None:
    case = f"{name} {shapes}"
    g = rng(case)
    a, b = g.standard_normal(shapes[0]), away_from_zero(g, shapes[1])
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(case, ours, theirs, a, b)
    compare(case + " number", lambda t: ours(t, 1.5), lambda t: theirs(t, 1.5), a)
    compare_double(case, lambda s, t: ours(s * t, t), lambda s, t: theirs(s * t, t), a, b)


@pytest.mark.parametrize("name", ["add", "sub"])
@pytest.mark.parametrize("alpha", [2.5, -1, 0])
def test_alpha(name: str, alpha: float) -> None:
    case = f"{name} alpha={alpha}"
    g = rng(case)
    a, b = g.standard_normal((3, 4)), g.standard_normal((4,))
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(
        case, lambda s, t: ours(s, t, alpha=alpha), lambda s, t: theirs(s, t, alpha=alpha), a, b
    )


@pytest.mark.parametrize("mode", ["trunc", "floor"])
def test_div_rounding_modes(mode: str) -> None:
    case = f"div rounding_mode={mode}"
    g = rng(case)
    a, b = g.standard_normal((3, 4)) * 5, away_from_zero(g, (4,))
    compare(
        case,
        lambda s, t: F.div(s, t, rounding_mode=mode),
        lambda s, t: torch.div(s, t, rounding_mode=mode),
        a,
        b,
    )
    ints = g.integers(-9, 10, (3, 4)), g.choice([-4, -3, -1, 2, 5], (4,))
    compare(
        case + " integers",
        lambda s, t: F.div(s, t, rounding_mode=mode),
        lambda s, t: torch.div(s, t, rounding_mode=mode),
        *ints,
    )


def test_integer_true_division_gives_the_default_float() -> None:
    a, b = np.array([7, -7, 3]), np.array([2, 2, -4])
    compare("div of integers", F.div, torch.div, a, b, grad=False)
    compare("true_divide of integers", F.true_divide, torch.true_divide, a, b, grad=False)


@pytest.mark.parametrize("name", ["fmod", "remainder"])
def test_fmod_remainder(name: str) -> None:
    case = name
    g = rng(case)
    a, b = g.standard_normal((3, 4)) * 4, away_from_zero(g, (4,))
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(case, ours, theirs, a, b)
    compare(case + " number", lambda t: ours(t, -1.5), lambda t: theirs(t, -1.5), a)
    compare(case + " integers", ours, theirs, np.array([-7, 7, -3, 3]), np.array([3, -3, 2, 2]))


def test_neg_pow() -> None:
    g = rng("pow")
    a, b = np.abs(g.standard_normal((3, 4))) + 0.2, g.standard_normal((4,))
    compare("neg", F.neg, torch.neg, b)
    compare("pow", F.pow, torch.pow, a, b)
    compare("pow number exponent", lambda t: F.pow(t, 3), lambda t: torch.pow(t, 3), b)
    compare("pow number base", lambda t: F.pow(2.0, t), lambda t: torch.pow(2.0, t), b)
    compare_double("pow", F.pow, torch.pow, a, b)


@pytest.mark.parametrize("weight", ["tensor", 0.3, 0.8])
def test_lerp(weight: Any) -> None:
    case = f"lerp weight={weight}"
    g = rng(case)
    a, e = g.standard_normal((3, 4)), g.standard_normal((4,))
    if weight == "tensor":
        w = g.uniform(-0.5, 1.5, (3, 1))
        compare(case, F.lerp, torch.lerp, a, e, w)
        compare_double(case, F.lerp, torch.lerp, a, e, w)
    else:
        compare(
            case, lambda s, t: F.lerp(s, t, weight), lambda s, t: torch.lerp(s, t, weight), a, e
        )


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round", "frac"])
def test_rounding(name: str) -> None:
    x = np.array([-2.5, -1.5, -0.5, -0.3, 0.0, 0.3, 0.5, 1.5, 2.5, 2.7, 1e10 + 0.5])
    compare(name, getattr(F, name), getattr(torch, name), x)
    if name != "frac":
        ints = np.array([-3, 0, 4])
        compare(name + " integers", getattr(F, name), getattr(torch, name), ints, grad=False)


@pytest.mark.parametrize("decimals", [1, 2, -1])
def test_round_decimals(decimals: int) -> None:
    x = rng(f"round {decimals}").standard_normal((3, 4)) * 50
    compare(
        f"round decimals={decimals}",
        lambda t: F.round(t, decimals=decimals),
        lambda t: torch.round(t, decimals=decimals),
        x,
    )


def test_erf_and_clip() -> None:
    x = np.concatenate([np.linspace(-6, 6, 25), [0.0, 3.0, -30.0]])
    compare("erf", F.erf, torch.erf, x)
    compare_double("erf", F.erf, torch.erf, x)
    compare("clip", lambda t: F.clip(t, -1.0, 2.0), lambda t: torch.clip(t, -1.0, 2.0), x)
    g = rng("clip tensors")
    lo, hi = g.standard_normal(x.shape) - 1, g.standard_normal(x.shape) + 1
    compare("clip tensors", F.clip, torch.clip, x, lo, hi)
