"""ad_ops elementwise math and activations against PyTorch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from oracle_compare import compare, compare_double, noncontiguous, rng, transposed

import ad_ops as F

Fn = Callable[..., Any]
Domain = Callable[[np.random.Generator, tuple[int, ...]], np.ndarray]


def normal(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return g.standard_normal(shape)


def positive(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return np.abs(g.standard_normal(shape)) + 0.1


def above_minus_one(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return g.uniform(-0.9, 3.0, shape)


def away_from_zero(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    x = g.standard_normal(shape)
    return np.sign(x) * (np.abs(x) + 0.1)


def wide(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Including values where naive formulas overflow."""
    x = g.standard_normal(shape) * 3
    x.flat[:4] = [-800.0, -40.0, 40.0, 800.0][: x.size]
    return x


def tangent(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return g.uniform(-1.3, 1.3, shape)


UNARY: dict[str, tuple[Fn, Fn, Domain]] = {
    "exp": (F.exp, torch.exp, normal),
    "log": (F.log, torch.log, positive),
    "log1p": (F.log1p, torch.log1p, above_minus_one),
    "expm1": (F.expm1, torch.expm1, normal),
    "sqrt": (F.sqrt, torch.sqrt, positive),
    "rsqrt": (F.rsqrt, torch.rsqrt, positive),
    "square": (F.square, torch.square, normal),
    "sin": (F.sin, torch.sin, normal),
    "cos": (F.cos, torch.cos, normal),
    "tan": (F.tan, torch.tan, tangent),
    "abs": (F.abs, torch.abs, away_from_zero),
    "sign": (F.sign, torch.sign, away_from_zero),
    "reciprocal": (F.reciprocal, torch.reciprocal, away_from_zero),
    "tanh": (F.tanh, torch.tanh, wide),
    "sigmoid": (F.sigmoid, torch.sigmoid, wide),
    "relu": (F.relu, torch.relu, away_from_zero),
    "leaky_relu": (F.leaky_relu, TF.leaky_relu, away_from_zero),
    "leaky_relu 0.2": (
        lambda x: F.leaky_relu(x, 0.2),
        lambda x: TF.leaky_relu(x, 0.2),
        away_from_zero,
    ),
    "leaky_relu kw": (
        lambda x: F.leaky_relu(x, negative_slope=1.5),
        lambda x: TF.leaky_relu(x, negative_slope=1.5),
        away_from_zero,
    ),
    "elu": (F.elu, TF.elu, wide),
    "elu alpha": (lambda x: F.elu(x, alpha=0.3), lambda x: TF.elu(x, alpha=0.3), away_from_zero),
    "gelu": (F.gelu, TF.gelu, wide),
    "gelu tanh": (
        lambda x: F.gelu(x, approximate="tanh"),
        lambda x: TF.gelu(x, approximate="tanh"),
        wide,
    ),
    "silu": (F.silu, TF.silu, wide),
    "softplus": (F.softplus, TF.softplus, wide),
    "softplus beta threshold": (
        lambda x: F.softplus(x, beta=2.0, threshold=3.0),
        lambda x: TF.softplus(x, beta=2.0, threshold=3.0),
        wide,
    ),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("shape", [(), (7,), (3, 4, 5)], ids=str)
def test_unary(name: str, shape: tuple[int, ...]) -> None:
    ours, theirs, domain = UNARY[name]
    case = f"{name} {shape}"
    compare(case, ours, theirs, domain(rng(case), shape))


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_noncontiguous(name: str) -> None:
    ours, theirs, domain = UNARY[name]
    case = f"{name} non-contiguous"
    g = rng(case)
    compare(case, ours, theirs, noncontiguous(domain(g, (4, 5))))
    compare(case + " fortran", ours, theirs, transposed(domain(g, (4, 5))))


@pytest.mark.parametrize(
    "name", ["exp", "log", "sqrt", "tan", "tanh", "sigmoid", "elu", "gelu", "silu", "softplus"]
)
def test_unary_second_derivative(name: str) -> None:
    ours, theirs, domain = UNARY[name]
    case = f"second derivative of {name}"
    x = domain(rng(case), (6,))
    if domain is wide:
        x = rng(case).standard_normal(6)
    compare_double(case, lambda t: ours(t).sum(), lambda t: theirs(t).sum(), x)


def test_relu_at_zero_and_sign_at_zero() -> None:
    x = np.array([-1.0, 0.0, 0.0, 2.0])
    compare("relu at 0", F.relu, torch.relu, x)
    compare("sign at 0", F.sign, torch.sign, x)
    compare("abs at 0", F.abs, torch.abs, x)
    compare("leaky_relu at 0", F.leaky_relu, TF.leaky_relu, x)


CLAMPS: list[tuple[Any, Any]] = [(-0.5, 0.5), (None, 0.3), (-0.2, None), (0.5, -0.5), (0, 1)]


@pytest.mark.parametrize("bounds", CLAMPS, ids=str)
def test_clamp_scalar_bounds(bounds: tuple[Any, Any]) -> None:
    lo, hi = bounds
    case = f"clamp {bounds}"
    x = rng(case).standard_normal((4, 5))
    x[0, :2] = [-0.5, 0.5]  # on the bounds: the gradient passes, as in PyTorch
    compare(case, lambda t: F.clamp(t, lo, hi), lambda t: torch.clamp(t, lo, hi), x)
    compare(
        case + " kw",
        lambda t: F.clamp(t, min=lo, max=hi),
        lambda t: torch.clamp(t, min=lo, max=hi),
        x,
    )


def test_clamp_tensor_bounds_broadcast() -> None:
    case = "clamp tensor bounds"
    g = rng(case)
    x = g.standard_normal((3, 4))
    lo = g.standard_normal((4,)) - 0.5
    hi = g.standard_normal((3, 1)) + 0.5
    compare(case, F.clamp, torch.clamp, x, lo, hi)
    compare(
        case + " min only",
        lambda a, b: F.clamp(a, min=b),
        lambda a, b: torch.clamp(a, min=b),
        x,
        lo,
    )
    compare(
        case + " crossed",
        F.clamp,
        torch.clamp,
        x,
        g.standard_normal((3, 4)) + 1.0,
        g.standard_normal((3, 4)) - 1.0,
    )


BROADCAST = [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 4), (3, 1)), ((), (2, 3))]


@pytest.mark.parametrize("name", ["maximum", "minimum"])
@pytest.mark.parametrize("shapes", BROADCAST, ids=str)
def test_maximum_minimum(name: str, shapes: tuple[tuple[int, ...], ...]) -> None:
    case = f"{name} {shapes}"
    g = rng(case)
    compare(
        case,
        getattr(F, name),
        getattr(torch, name),
        g.standard_normal(shapes[0]),
        g.standard_normal(shapes[1]),
    )


@pytest.mark.parametrize("name", ["maximum", "minimum"])
def test_maximum_minimum_ties(name: str) -> None:
    case = f"{name} ties"
    a = np.array([1.0, 2.0, -3.0, 0.0])
    b = np.array([1.0, 0.0, -3.0, 0.0])
    compare(case, getattr(F, name), getattr(torch, name), a, b)


@pytest.mark.parametrize(
    "shapes", [((3, 4), (3, 4), (3, 4)), ((4,), (3, 4), ()), ((3, 1), (1, 4), (4,))], ids=str
)
def test_where(shapes: tuple[tuple[int, ...], ...]) -> None:
    case = f"where {shapes}"
    g = rng(case)
    cond = g.random(shapes[0]) > 0.5
    a = g.standard_normal(shapes[1])
    b = g.standard_normal(shapes[2])
    compare(case, F.where, torch.where, cond, a, b)


def test_where_scalar_branch() -> None:
    case = "where with a Python scalar"
    g = rng(case)
    cond = g.random((3, 4)) > 0.5
    a = g.standard_normal((3, 4))
    compare(
        case,
        lambda c, x: F.where(c, x, 0.0),
        lambda c, x: torch.where(c, x, 0.0),
        cond,
        a,
    )


COMPOSITIONS: dict[str, tuple[Fn, Fn]] = {
    "tanh(x) * sigmoid(y)": (
        lambda x, y: (F.tanh(x) * F.sigmoid(y)).sum(),
        lambda x, y: (torch.tanh(x) * torch.sigmoid(y)).sum(),
    ),
    "exp(x) * sin(y) / sqrt(x*x + 1)": (
        lambda x, y: (F.exp(x) * F.sin(y) / F.sqrt(x * x + 1.0)).sum(),
        lambda x, y: (torch.exp(x) * torch.sin(y) / torch.sqrt(x * x + 1.0)).sum(),
    ),
    "log(softplus(x) + y*y)": (
        lambda x, y: F.log(F.softplus(x) + y * y).sum(),
        lambda x, y: torch.log(TF.softplus(x) + y * y).sum(),
    ),
    "where(x > 0, x**3, maximum(x, y)**2)": (
        lambda x, y: F.where(x.data > 0, x**3, F.maximum(x, y) ** 2).sum(),
        lambda x, y: torch.where(x > 0, x**3, torch.maximum(x, y) ** 2).sum(),
    ),
}


@pytest.mark.parametrize("name", sorted(COMPOSITIONS))
def test_second_derivatives_of_compositions(name: str) -> None:
    ours, theirs = COMPOSITIONS[name]
    g = rng(name)
    compare_double(name, ours, theirs, g.standard_normal((3, 4)), g.standard_normal((3, 4)))
