"""The strong-Wolfe line search and its cubic interpolation."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from ad_core import NDArray
from ad_optim._line_search import cubic_interpolate, strong_wolfe


def test_cubic_interpolation_is_exact_on_a_cubic() -> None:
    def f(x: float) -> float:
        return x**3 - 3 * x  # local minimum at x = 1

    def g(x: float) -> float:
        return 3 * x**2 - 3

    assert cubic_interpolate(0.0, f(0.0), g(0.0), 2.0, f(2.0), g(2.0)) == pytest.approx(1.0)
    # The same points given in the other order.
    assert cubic_interpolate(2.0, f(2.0), g(2.0), 0.0, f(0.0), g(0.0)) == pytest.approx(1.0)


def test_cubic_interpolation_is_clamped_to_its_bounds() -> None:
    # The parabola (x - 1)**2 through x = 0 and x = 0.5: its minimum 1 lies past the bound.
    assert cubic_interpolate(0.0, 1.0, -2.0, 0.5, 0.25, -1.0, bounds=(0.55, 0.8)) == 0.8
    assert cubic_interpolate(0.0, 1.0, -2.0, 0.5, 0.25, -1.0) == 0.5


def test_cubic_interpolation_without_a_minimum_takes_the_midpoint() -> None:
    # Rising by 0.8 with slope 1 at both ends: d1**2 < g1 * g2, no real minimiser.
    assert cubic_interpolate(0.0, 0.0, 1.0, 1.0, 0.8, 1.0) == 0.5
    assert cubic_interpolate(0.0, 0.0, 1.0, 1.0, 0.8, 1.0, bounds=(2.0, 4.0)) == 3.0


def along(
    f: Callable[[NDArray], float], grad: Callable[[NDArray], NDArray], x: NDArray, d: NDArray
) -> tuple[Callable[[float], tuple[float, NDArray]], list[float]]:
    """``obj_func`` for the line ``x + t d``, recording the steps it is asked for."""
    asked: list[float] = []

    def obj_func(t: float) -> tuple[float, NDArray]:
        asked.append(t)
        y = x + t * d
        return f(y), grad(y)

    return obj_func, asked


def rosenbrock(x: NDArray) -> float:
    return float(100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2)


def rosenbrock_grad(x: NDArray) -> NDArray:
    return np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])


@pytest.mark.parametrize("t0", [1e-4, 1e-2, 1.0, 30.0])
def test_the_step_found_meets_the_strong_wolfe_conditions(t0: float) -> None:
    x = np.array([-1.2, 1.0])
    g = rosenbrock_grad(x)
    d = -g / np.abs(g).sum()
    f, gtd = rosenbrock(x), float(g @ d)
    obj_func, asked = along(rosenbrock, rosenbrock_grad, x, d)
    loss, grad, t, evals = strong_wolfe(obj_func, t0, d, f, g, gtd)
    assert evals == len(asked) and asked[0] == t0
    assert loss == rosenbrock(x + t * d)
    np.testing.assert_array_equal(grad, rosenbrock_grad(x + t * d))
    assert loss <= f + 1e-4 * t * gtd
    assert abs(float(grad @ d)) <= 0.9 * abs(gtd)


def test_a_small_first_step_is_extrapolated() -> None:
    # f(x) = x**2 from x = 1 along -1: the steps grow, at most tenfold, toward 1.
    obj_func, asked = along(
        lambda y: float(y @ y), lambda y: 2 * y, np.array([1.0]), np.array([-1.0])
    )
    _, _, t, _ = strong_wolfe(obj_func, 0.01, np.array([-1.0]), 1.0, np.array([2.0]), -2.0)
    assert asked[:2] == [0.01, 0.1] and t == 0.1


def test_without_evaluations_left_the_better_end_is_kept() -> None:
    # max_ls=0: one evaluation, then the better of t=0 and the step tried, as in PyTorch.
    obj_func, asked = along(
        lambda y: float(y @ y), lambda y: 2 * y, np.array([1.0]), np.array([-1.0])
    )
    d, g = np.array([-1.0]), np.array([2.0])
    loss, grad, t, evals = strong_wolfe(obj_func, 5.0, d, 1.0, g, -2.0, max_ls=0)
    assert (loss, t, evals, asked) == (1.0, 0.0, 1, [5.0])
    assert grad is g
