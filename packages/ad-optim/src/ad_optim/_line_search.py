"""The strong-Wolfe line search of ``LBFGS``, with cubic interpolation.

A step-for-step port of ``_strong_wolfe`` and ``_cubic_interpolate`` in PyTorch's
``torch/optim/lbfgs.py`` (BSD-3-Clause, copyright the PyTorch contributors),
themselves ported from ``lswolfe.lua`` and ``polyinterp.lua`` of Lua Torch's
``optim``. Scalars are Python floats and vectors flat NumPy arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ad_core import NDArray

ObjFunc = Callable[[float], tuple[float, NDArray]]
"""``f(t)``: the loss and the flat gradient at ``x + t * d``, with ``x`` left as it was."""


def cubic_interpolate(
    x1: float,
    f1: float,
    g1: float,
    x2: float,
    f2: float,
    g2: float,
    bounds: tuple[float, float] | None = None,
) -> float:
    """The minimiser of the cubic through ``(x1, f1)``, ``(x2, f2)`` with slopes ``g1``, ``g2``.

    Clamped to ``bounds`` (default: between ``x1`` and ``x2``); their midpoint
    when the cubic has no minimum.

    Examples
    --------
    >>> cubic_interpolate(0.0, 1.0, -2.0, 2.0, 1.0, 2.0)  # the parabola (x - 1)**2
    1.0
    """
    if bounds is not None:
        xmin_bound, xmax_bound = bounds
    else:
        xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(min_pos, xmin_bound), xmax_bound)
    return (xmin_bound + xmax_bound) / 2.0


def strong_wolfe(
    obj_func: ObjFunc,
    t: float,
    d: NDArray,
    f: float,
    g: NDArray,
    gtd: float,
    c1: float = 1e-4,
    c2: float = 0.9,
    tolerance_change: float = 1e-9,
    max_ls: int = 25,
) -> tuple[float, NDArray, float, int]:
    """A step ``t`` along ``d`` that meets the strong Wolfe conditions.

    Brackets an interval that holds such a step, then zooms into it by cubic
    interpolation, with at most ``max_ls`` evaluations after the first.

    Parameters
    ----------
    obj_func : callable
        ``obj_func(t)`` gives the loss and flat gradient at ``x + t * d``.
    t : float
        The first step to try.
    d : ndarray
        The (descent) direction.
    f, g, gtd : float, ndarray, float
        Loss, flat gradient and directional derivative ``g @ d`` at ``x``.
    c1, c2 : float
        Sufficient-decrease and curvature constants.
    tolerance_change : float
        Stop zooming when the bracket, times ``max |d|``, is this small.
    max_ls : int
        Most evaluations of ``obj_func`` after the first.

    Returns
    -------
    (loss, grad, t, evaluations)
        At the step found, and how many times ``obj_func`` ran.

    Examples
    --------
    >>> import numpy as np
    >>> def parabola(t):  # f(x) = x**2 from x = 1 along d = -1
    ...     x = 1.0 - t
    ...     return x * x, np.array([2 * x])
    >>> d, g = np.array([-1.0]), np.array([2.0])
    >>> loss, grad, t, evals = strong_wolfe(parabola, 3.0, d, 1.0, g, -2.0)
    >>> t, loss, evals  # 3 overshoots; the cubic through both ends finds the minimum
    (1.0, 0.0, 2)
    """
    d_norm = float(np.abs(d).max())
    f_new, g_new = obj_func(t)
    ls_func_evals = 1
    gtd_new = float(g_new @ d)

    # Bracket an interval that holds a point meeting the Wolfe conditions.
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done = False
    ls_iter = 0
    bracket: list[float] = []
    bracket_f: list[float] = []
    bracket_g: list[NDArray] = []
    bracket_gtd: list[float] = []
    while ls_iter < max_ls:
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = cubic_interpolate(
            t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step)
        )
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new, gtd_new
        f_new, g_new = obj_func(t)
        ls_func_evals += 1
        gtd_new = float(g_new @ d)
        ls_iter += 1

    if ls_iter == max_ls:
        # PyTorch leaves bracket_gtd unset here: the zoom below does not run.
        bracket, bracket_f, bracket_g = [0.0, t], [f, f_new], [g, g_new]

    # Zoom: shrink the bracket until a point in it meets the conditions.
    insuf_progress = False
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = cubic_interpolate(
            bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]
        )
        # Too close to an end of the bracket twice in a row, or outside it:
        # move to 0.1 of its length from the nearer end.
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False

        f_new, g_new = obj_func(t)
        ls_func_evals += 1
        gtd_new = float(g_new @ d)
        ls_iter += 1

        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low_pos]:
            # Not enough decrease, or not below the low end: the new high end.
            bracket[high_pos] = t
            bracket_f[high_pos] = f_new
            bracket_g[high_pos] = g_new
            bracket_gtd[high_pos] = gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                # The old high end becomes the low one.
                bracket[high_pos] = bracket[low_pos]
                bracket_f[high_pos] = bracket_f[low_pos]
                bracket_g[high_pos] = bracket_g[low_pos]
                bracket_gtd[high_pos] = bracket_gtd[low_pos]
            bracket[low_pos] = t
            bracket_f[low_pos] = f_new
            bracket_g[low_pos] = g_new
            bracket_gtd[low_pos] = gtd_new

    return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals
