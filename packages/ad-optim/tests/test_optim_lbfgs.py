"""LBFGS: convergence, the closure protocol, counters, state dicts and bad arguments."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import Tensor
from ad_optim import LBFGS

SEARCHES = [None, "strong_wolfe"]


def quadratic(dtype: Any = np.float64) -> tuple[Callable[[list[Tensor]], Tensor], Any]:
    """``0.5 x'Qx - b'x`` over the three parameters of ``make_params`` flattened, and its
    minimiser (written block by block: concatenation is ad_ops', not ad_core's)."""
    rng = np.random.default_rng(0)
    m = rng.standard_normal((11, 11))
    q = m @ m.T + 0.5 * np.eye(11)
    b = rng.standard_normal(11)
    bounds = [0, 6, 10, 11]
    blocks = [
        [ad_core.tensor(q[r0:r1, c0:c1].astype(dtype)) for c0, c1 in itertools.pairwise(bounds)]
        for r0, r1 in itertools.pairwise(bounds)
    ]
    b_parts = [ad_core.tensor(b[r0:r1].astype(dtype)) for r0, r1 in itertools.pairwise(bounds)]

    def loss(params: list[Tensor]) -> Tensor:
        parts = [params[0].reshape(6), params[1], params[2].reshape(1)]
        total = ad_core.tensor(np.zeros((), dtype=dtype))
        for i, a in enumerate(parts):
            total = total - (b_parts[i] * a).sum()
            for j, c in enumerate(parts):
                total = total + 0.5 * (a @ (blocks[i][j] @ c))
        return total

    return loss, np.linalg.solve(q, b)


def make_params(dtype: Any = np.float64) -> list[Tensor]:
    rng = np.random.default_rng(1)
    return [
        ad_core.tensor(rng.standard_normal(s).astype(dtype), requires_grad=True)
        for s in [(3, 2), (4,), ()]
    ]


def closure_for(
    opt: LBFGS, params: list[Tensor], loss_fn: Callable[[list[Tensor]], Tensor]
) -> tuple[Callable[[], Tensor], list[int]]:
    calls = [0]

    def closure() -> Tensor:
        calls[0] += 1
        opt.zero_grad()
        loss = loss_fn(params)
        loss.backward()
        return loss

    return closure, calls


def flat(params: list[Tensor]) -> Any:
    return np.concatenate([p.array.reshape(-1) for p in params])


@pytest.mark.parametrize("line_search_fn", SEARCHES)
def test_converges_on_a_convex_quadratic(line_search_fn: str | None) -> None:
    loss_fn, minimiser = quadratic()
    params = make_params()
    opt = LBFGS(params, line_search_fn=line_search_fn, tolerance_change=0.0)
    closure, _ = closure_for(opt, params, loss_fn)
    for _ in range(3):
        opt.step(closure)
    np.testing.assert_allclose(flat(params), minimiser, atol=1e-8)
    assert [p.shape for p in params] == [(3, 2), (4,), ()]
    assert all(p.dtype == np.float64 for p in params)


def rosenbrock(params: list[Tensor]) -> Tensor:
    x = params[0]
    a, c = x[:-1], x[1:]
    return (100 * (c - a * a) ** 2 + (1 - a) ** 2).sum()


@pytest.mark.parametrize(("line_search_fn", "steps"), [(None, 6), ("strong_wolfe", 6)])
def test_converges_on_rosenbrock(line_search_fn: str | None, steps: int) -> None:
    x = ad_core.tensor([-1.2, 1.0, -0.5, 0.8], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x], line_search_fn=line_search_fn)
    closure, _ = closure_for(opt, [x], rosenbrock)
    start = float(opt.step(closure))
    for _ in range(steps):
        opt.step(closure)
    assert float(closure()) < 1e-10 < start
    np.testing.assert_allclose(x.array, np.ones(4), atol=1e-5)


def test_step_returns_the_first_loss_and_counts_evaluations() -> None:
    x = ad_core.tensor([-1.2, 1.0], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x], max_iter=4)
    closure, calls = closure_for(opt, [x], rosenbrock)
    first = opt.step(closure)
    assert isinstance(first, Tensor) and float(first) == pytest.approx(24.2)
    # Without a line search: one evaluation at the start and one after each
    # iteration but the last.
    state = opt.state[x]
    assert calls[0] == 4 and state["func_evals"] == 4 and state["n_iter"] == 4


def test_max_eval_bounds_the_evaluations_of_a_step() -> None:
    x = ad_core.tensor([-1.2, 1.0, -0.5, 0.8], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x], max_iter=100, max_eval=9, line_search_fn="strong_wolfe")
    closure, calls = closure_for(opt, [x], rosenbrock)
    opt.step(closure)
    assert opt.param_groups[0]["max_eval"] == 9
    assert calls[0] == opt.state[x]["func_evals"] <= 9 + 25  # the line search may finish its try
    assert LBFGS([x], max_iter=8).param_groups[0]["max_eval"] == 10


def test_stops_at_once_when_the_gradient_is_below_tolerance() -> None:
    x = ad_core.tensor([0.0, 0.0], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x])
    closure, calls = closure_for(opt, [x], lambda ps: (ps[0] ** 2).sum())
    assert float(opt.step(closure)) == 0.0
    assert calls[0] == 1 and opt.state[x] == {"func_evals": 1, "n_iter": 0}
    np.testing.assert_array_equal(x.array, [0.0, 0.0])


def test_closure_runs_with_grad_enabled_inside_no_grad() -> None:
    x = ad_core.tensor([2.0], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x], max_iter=3)
    closure, _ = closure_for(opt, [x], lambda ps: (ps[0] ** 2).sum())
    with ad_core.no_grad():
        opt.step(closure)
    assert abs(float(x.array[0])) < 1e-6


def test_float32_parameters_stay_float32() -> None:
    params = make_params(np.float32)
    loss_fn, minimiser = quadratic(np.float32)
    opt = LBFGS(params, line_search_fn="strong_wolfe")
    closure, _ = closure_for(opt, params, loss_fn)
    for _ in range(3):
        opt.step(closure)
    assert all(p.dtype == np.float32 for p in params)
    assert all(v.dtype == np.float32 for v in opt.state[params[0]]["old_dirs"])
    np.testing.assert_allclose(flat(params), minimiser, atol=1e-3)


def test_a_parameter_without_gradient_does_not_move() -> None:
    x = ad_core.tensor([2.0, 1.0], dtype=np.float64, requires_grad=True)
    frozen = ad_core.tensor([5.0], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x, frozen], line_search_fn="strong_wolfe")
    closure, _ = closure_for(opt, [x], lambda ps: (ps[0] ** 2).sum())
    opt.step(closure)
    np.testing.assert_allclose(x.array, [0.0, 0.0], atol=1e-8)
    assert frozen.array.tolist() == [5.0]


@pytest.mark.parametrize("line_search_fn", SEARCHES)
def test_state_dict_resumes_exactly(line_search_fn: str | None) -> None:
    x0 = np.array([-1.2, 1.0, -0.5, 0.8])
    kwargs: dict[str, Any] = {"max_iter": 3, "history_size": 4, "line_search_fn": line_search_fn}
    x = ad_core.tensor(x0.copy(), requires_grad=True)
    opt = LBFGS([x], **kwargs)
    closure, _ = closure_for(opt, [x], rosenbrock)
    for _ in range(3):
        opt.step(closure)
    saved = opt.state_dict()
    saved_x = x.array.copy()
    assert set(saved["state"]) == {0}
    assert set(saved["state"][0]) == {
        "func_evals",
        "n_iter",
        "d",
        "t",
        "old_dirs",
        "old_stps",
        "ro",
        "H_diag",
        "prev_flat_grad",
        "prev_loss",
    }
    assert len(saved["state"][0]["old_dirs"]) == 4 and saved["param_groups"][0]["params"] == [0]
    losses = [float(opt.step(closure)) for _ in range(3)]

    y = ad_core.tensor(saved_x, requires_grad=True)
    resumed = LBFGS([y], max_iter=99)
    resumed.load_state_dict(saved)
    assert resumed.param_groups[0]["max_iter"] == 3
    again, _ = closure_for(resumed, [y], rosenbrock)
    assert [float(resumed.step(again)) for _ in range(3)] == losses
    np.testing.assert_array_equal(y.array, x.array)
    assert resumed.state[y]["n_iter"] == opt.state[x]["n_iter"]


def test_state_dict_is_a_copy() -> None:
    x = ad_core.tensor([3.0, 1.0], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x], max_iter=2)
    closure, _ = closure_for(opt, [x], lambda ps: (ps[0] ** 4).sum())
    opt.step(closure)
    saved = opt.state_dict()
    d = saved["state"][0]["d"].copy()
    opt.step(closure)
    np.testing.assert_array_equal(saved["state"][0]["d"], d)


def loaded_state(**changes: Any) -> dict[str, Any]:
    x = ad_core.tensor([3.0, 1.0], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x], max_iter=3)
    closure, _ = closure_for(opt, [x], lambda ps: (ps[0] ** 4).sum())
    opt.step(closure)
    saved = opt.state_dict()
    saved["state"][0].update(changes)
    return saved


def state_under_parameter_1() -> dict[str, Any]:
    saved = loaded_state()
    saved["state"] = {1: saved["state"][0]}
    saved["param_groups"][0]["params"] = [0, 1]
    return saved


@pytest.mark.parametrize(
    ("saved", "message"),
    [
        (loaded_state(d=np.zeros(3)), r"state 'd' has shape \(3,\), expected the \(2,\)"),
        (loaded_state(ro=[1.0] * 7), "'old_dirs', 'old_stps' and 'ro' must have the same length"),
        (loaded_state(al=[0.0]), "unknown LBFGS state entry 'al'"),
        (loaded_state(n_iter=1.5), "expected 'n_iter' to be a count"),
        (state_under_parameter_1(), "LBFGS keeps its state under parameter 0"),
    ],
)
def test_bad_state_dicts_change_nothing(saved: dict[str, Any], message: str) -> None:
    a = ad_core.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    b = ad_core.tensor([0.5], dtype=np.float64, requires_grad=True)
    params = [a, b] if len(saved["param_groups"][0]["params"]) == 2 else [a]
    opt = LBFGS(params, lr=0.5)
    before = (opt.state_dict(), opt.param_groups[0]["lr"])
    with pytest.raises(ValueError, match=message):
        opt.load_state_dict(saved)
    assert opt.state_dict() == before[0] and opt.param_groups[0]["lr"] == before[1]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": -1.0}, ValueError, r"LBFGS: Invalid learning rate: -1.0"),
        ({"max_iter": 0}, ValueError, "LBFGS: expected max_iter to be a positive integer"),
        ({"max_iter": 2.5}, ValueError, "got max_iter=2.5"),
        ({"max_eval": 0}, ValueError, "expected max_eval to be a positive integer"),
        ({"history_size": 0}, ValueError, "expected history_size to be a positive integer"),
        ({"tolerance_grad": "small"}, ValueError, "expected tolerance_grad to be a number"),
        (
            {"line_search_fn": "armijo"},
            ValueError,
            "expected line_search_fn to be None or 'strong_wolfe', got 'armijo'",
        ),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        LBFGS([ad_core.tensor([1.0], requires_grad=True)], **kwargs)


def test_one_parameter_group_only() -> None:
    a = ad_core.tensor([1.0], requires_grad=True)
    b = ad_core.tensor([1.0], requires_grad=True)
    groups: list[dict[str, Any]] = [{"params": [a]}, {"params": [b], "lr": 0.1}]
    with pytest.raises(ValueError, match="LBFGS: doesn't support per-parameter options"):
        LBFGS(groups)
    opt = LBFGS([a])
    with pytest.raises(ValueError, match="parameter groups"):
        opt.add_param_group({"params": [b]})
    assert len(opt.param_groups) == 1


def test_step_needs_a_closure_and_matching_gradients() -> None:
    x = ad_core.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x])
    with pytest.raises(TypeError, match=r"LBFGS.step: expected a closure .* got NoneType"):
        opt.step()

    def bad_closure() -> Tensor:
        x.grad = ad_core.tensor([1.0, 2.0, 3.0], dtype=np.float64)
        return ad_core.tensor(1.0)

    with pytest.raises(ValueError, match=r"gradient of shape \(3,\) does not match .* \(2,\)"):
        opt.step(bad_closure)
    assert x.array.tolist() == [1.0, 2.0] and opt.state == {}


def test_a_failing_closure_in_the_line_search_puts_the_parameters_back() -> None:
    x = ad_core.tensor([3.0, 1.0], dtype=np.float64, requires_grad=True)
    opt = LBFGS([x], line_search_fn="strong_wolfe")
    calls = [0]

    def closure() -> Tensor:
        calls[0] += 1
        if calls[0] == 2:
            raise FloatingPointError("the model diverged")
        opt.zero_grad()
        loss = (x**2).sum()
        loss.backward()
        return loss

    with pytest.raises(FloatingPointError, match="diverged"):
        opt.step(closure)
    assert x.array.tolist() == [3.0, 1.0]
