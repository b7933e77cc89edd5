"""Gradient descent with ad-core alone: the derivative comes from ``backward``.

Two convex functions, minimised from a poor starting point:

* one variable: ``f(x) = x**4 / 4 + x**2 / 2 - 2 x``, whose minimum is at ``x = 1``;
* two variables: ``f(w) = w @ A @ w / 2 - b @ w`` with a symmetric positive definite
  ``A``, whose minimum solves ``A w = b``.

The figure shows each function and the path of the iterates. This script needs only
ad-core and NumPy; matplotlib draws the figure when it is installed.

Run ``python examples/autodiff.py`` (``--out DIR`` changes the results folder).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

import ad_core
from ad_core import Tensor

A = np.array([[3.0, 1.0], [1.0, 8.0]])
B = np.array([1.0, 2.0])


def f1(x: Tensor) -> Tensor:
    """A convex quartic of one variable; f'(x) = x**3 + x - 2 vanishes at x = 1."""
    return x**4 / 4 + x**2 / 2 - 2 * x


def f1_at(x: float) -> float:
    """``f1`` on a float, for the figure."""
    return x**4 / 4 + x**2 / 2 - 2 * x


def f2(w: Tensor) -> Tensor:
    """A convex quadratic of two variables, elongated so that the path zigzags."""
    a, b = ad_core.tensor(A), ad_core.tensor(B)
    return w @ (a @ w) / 2 - b @ w


@dataclass
class Descent:
    """The iterates of gradient descent, the values of ``f`` there, and the true minimum."""

    path: list[list[float]]
    values: list[float]
    minimum: list[float]


def gradient_descent(
    f: Callable[[Tensor], Tensor], start: Sequence[float], lr: float, steps: int
) -> tuple[list[list[float]], list[float]]:
    """Minimise ``f`` from ``start``; return the iterates and the values of ``f`` there."""
    x = ad_core.tensor(np.array(start, dtype=np.float64), requires_grad=True)
    path, values = [], []
    for _ in range(steps):
        value = f(x)
        path.append(x.tolist())
        values.append(value.item())
        value.backward()
        assert x.grad is not None
        with ad_core.no_grad():
            x -= lr * x.grad
        x.grad = None
    path.append(x.tolist())
    values.append(f(x).item())
    return path, values


def plot(one: Descent, two: Descent, path: Path, show: bool) -> None:
    """Draw both functions with their paths, or say why not."""
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed: no figure (pip install matplotlib to get one)")
        return
    if not show:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8))
    xs = np.linspace(-2.2, 2.2, 200)
    left.plot(xs, xs**4 / 4 + xs**2 / 2 - 2 * xs, color="0.5", label="the function")
    left.plot([p[0] for p in one.path], one.values, "o-", color="C3", ms=3, label="iterates")
    left.plot(*one.minimum, f1_at(one.minimum[0]), "k*", ms=12, label="minimum")
    left.set(title="one variable: x**4/4 + x**2/2 - 2x", xlabel="x", ylabel="f(x)")

    g0, g1 = np.meshgrid(np.linspace(-2.5, 2.5, 200), np.linspace(-2.5, 2.5, 200))
    grid = np.stack([g0, g1], axis=-1)
    surface = np.einsum("...i,ij,...j->...", grid, A, grid) / 2 - grid @ B
    contours = right.contour(g0, g1, surface, levels=30, cmap="viridis")
    fig.colorbar(contours, ax=right, label="f(w)")
    points = np.array(two.path)
    right.plot(points[:, 0], points[:, 1], "o-", color="C3", ms=3)
    right.plot(*two.minimum, "k*", ms=12)
    right.set(title="two variables: w·Aw/2 - b·w", xlabel="w[0]", ylabel="w[1]")
    right.set_aspect("equal")
    # One legend for the figure: both panels draw the same three things.
    fig.legend(loc="lower center", ncol=3, frameon=False)
    fig.suptitle("Gradient descent with ad-core: the derivative comes from backward()")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(path, dpi=100)
    print(f"wrote {path}")
    if show:
        plt.show()
    plt.close(fig)


def write_json(data: object, path: Path) -> None:
    """Write ``data`` as JSON atomically: a temporary file, then a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as file:
        json.dump(data, file, indent=1)
    os.replace(tmp, path)
    print(f"wrote {path}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results"), help="results folder")
    parser.add_argument("--steps", type=int, default=30, help="gradient steps per function")
    parser.add_argument("--quick", action="store_true", help="accepted for symmetry: runs fast")
    parser.add_argument("--show", action="store_true", help="open a window with the figure")
    args = parser.parse_args(argv)
    try:  # now, so that a bad folder fails before the work, not after it
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        parser.error(f"--out {args.out}: cannot create the folder ({error.strerror})")

    one = Descent(*gradient_descent(f1, [-2.0], lr=0.1, steps=args.steps), minimum=[1.0])
    two = Descent(
        *gradient_descent(f2, [-2.0, 2.0], lr=0.2, steps=args.steps),
        minimum=np.linalg.solve(A, B).tolist(),
    )
    for name, run in [("one variable", one), ("two variables", two)]:
        end = ", ".join(f"{v:.6f}" for v in run.path[-1])
        best = ", ".join(f"{v:.6f}" for v in run.minimum)
        print(f"{name}: ({end}) after {args.steps} steps; the minimum is at ({best})")

    plot(one, two, args.out / "autodiff.png", args.show)
    write_json(
        {"one_variable": asdict(one), "two_variables": asdict(two)}, args.out / "autodiff.json"
    )


if __name__ == "__main__":
    main()
