"""The Optimizer base: groups, state, zero_grad, closures and state dicts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
from ad_optim import SGD, Adam, Optimizer, RMSprop


def params(*shapes: tuple[int, ...]) -> list[ad_core.Tensor]:
    rng = np.random.default_rng(0)
    return [ad_core.tensor(rng.standard_normal(s), requires_grad=True) for s in shapes]


def fill_grads(ps: list[ad_core.Tensor], seed: int) -> None:
    rng = np.random.default_rng(seed)
    for p in ps:
        p.grad = ad_core.tensor(rng.standard_normal(p.shape))


def test_groups_override_defaults_and_add_param_group() -> None:
    a, b, c = params((2,), (3,), (1,))
    groups: list[dict[str, Any]] = [{"params": [a]}, {"params": b, "lr": 0.5, "momentum": 0.9}]
    opt = SGD(groups, lr=0.1)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.param_groups[1]["momentum"] == 0.9 and opt.param_groups[0]["momentum"] == 0.0
    opt.add_param_group({"params": [c], "lr": 0.01})
    before = [p.array.copy() for p in (a, b, c)]
    fill_grads([a, b, c], 1)
    opt.step()
    for p, old, lr in zip((a, b, c), before, (0.1, 0.5, 0.01), strict=True):
        assert p.grad is not None
        np.testing.assert_allclose(p.array, old - lr * p.grad.array)


def test_parameters_without_gradient_are_skipped() -> None:
    a, b = params((2,), (2,))
    opt = Adam([a, b], lr=0.1)
    fill_grads([a], 0)
    old = b.array.copy()
    opt.step()
    np.testing.assert_array_equal(b.array, old)
    assert b not in opt.state and a in opt.state


def test_step_records_no_graph_and_keeps_array_identity() -> None:
    (a,) = params((3,))
    data = a.array
    opt = Adam([a], lr=0.1)
    fill_grads([a], 0)
    opt.step()
    assert a.array is data and a.grad_fn is None and a.is_leaf


def test_zero_grad() -> None:
    a, b = params((2,), (2,))
    opt = SGD([a, b], lr=0.1)
    fill_grads([a, b], 0)
    assert b.grad is not None
    grad_b = b.grad
    opt.zero_grad(set_to_none=False)
    assert b.grad is grad_b
    np.testing.assert_array_equal(grad_b.array, 0.0)
    opt.zero_grad()
    assert a.grad is None and b.grad is None


def test_step_with_closure_returns_loss() -> None:
    w = ad_core.tensor([3.0], requires_grad=True)
    opt = SGD([w], lr=0.1)

    def closure() -> ad_core.Tensor:
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    with ad_core.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 9.0
    np.testing.assert_allclose(w.array, [2.4])


def test_scalar_parameter() -> None:
    w = ad_core.tensor(np.float64(2.0), requires_grad=True)
    for opt in (SGD([w], lr=0.1, momentum=0.9), Adam([w], lr=0.1), RMSprop([w], centered=True)):
        w.grad = ad_core.tensor(np.float64(1.0))
        old = float(w.array)
        opt.step()
        opt.step()
        assert w.array.shape == () and float(w.array) < old
        sd = opt.state_dict()
        assert all(np.shape(v) == () for v in sd["state"][0].values())
        opt.load_state_dict(sd)
        opt.step()


def run(opt: Optimizer, ps: list[ad_core.Tensor], seeds: range) -> None:
    for seed in seeds:
        fill_grads(ps, seed)
        opt.step()


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [(SGD, {"lr": 0.1, "momentum": 0.9}), (Adam, {"lr": 0.1, "amsgrad": True}), (RMSprop, {})],
)
def test_state_dict_round_trip_continues_exactly(cls: Any, kwargs: dict[str, Any]) -> None:
    ps = params((3, 2), (4,))
    opt = cls([{"params": ps[:1]}, {"params": ps[1:], "lr": 0.05}], **kwargs)
    run(opt, ps, range(3))
    saved = opt.state_dict()
    copies = [ad_core.tensor(p.array.copy(), requires_grad=True) for p in ps]
    other = cls([{"params": copies[:1]}, {"params": copies[1:]}], **kwargs)
    other.load_state_dict(saved)
    assert other.param_groups[1]["lr"] == 0.05
    run(opt, ps, range(3, 6))
    run(other, copies, range(3, 6))
    for p, q in zip(ps, copies, strict=True):
        np.testing.assert_array_equal(p.array, q.array)


def test_state_dict_layout_and_copies() -> None:
    a, b = params((2,), (3,))
    groups: list[dict[str, Any]] = [{"params": [a]}, {"params": [b], "lr": 0.5}]
    opt = Adam(groups)
    run(opt, [a, b], range(2))
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0], [1]]
    assert set(sd["state"][1]) == {"step", "exp_avg", "exp_avg_sq"}
    assert sd["state"][1]["step"] == 2 and sd["state"][1]["step"].dtype == np.float32
    sd["state"][0]["exp_avg"][:] = 99.0
    assert not np.any(opt.state[a]["exp_avg"] == 99.0)


def test_load_state_dict_that_does_not_fit_changes_nothing() -> None:
    a, b = params((2,), (3,))
    opt = Adam([a, b], lr=0.1)
    run(opt, [a, b], range(2))
    before = opt.state_dict()
    other = Adam(params((2,), (3,)), lr=0.1)
    run(other, list(other.param_groups[0]["params"]), range(1))
    wrong_groups = {**before, "param_groups": before["param_groups"] * 2}
    with pytest.raises(ValueError, match="2 parameter groups, the optimizer has 1"):
        opt.load_state_dict(wrong_groups)
    small = Adam(params((2,)), lr=0.3).state_dict()
    with pytest.raises(ValueError, match="has 1 parameters, the optimizer's has 2"):
        opt.load_state_dict(small)
    bad_shape = other.state_dict()
    bad_shape["state"][1]["exp_avg"] = np.zeros(7)
    bad_shape["param_groups"][0]["lr"] = 0.7
    with pytest.raises(ValueError, match=r"'exp_avg' of parameter 1 has shape \(7,\)"):
        opt.load_state_dict(bad_shape)
    after = opt.state_dict()
    assert after["param_groups"] == before["param_groups"]
    for i in (0, 1):
        for k, v in before["state"][i].items():
            np.testing.assert_array_equal(after["state"][i][k], v)


def test_load_state_dict_rejects_invalid_hyperparameters() -> None:
    opt = SGD(params((2,)), lr=0.1)
    sd = opt.state_dict()
    sd["param_groups"][0]["lr"] = -1.0
    with pytest.raises(ValueError, match="Invalid learning rate"):
        opt.load_state_dict(sd)
    assert opt.param_groups[0]["lr"] == 0.1


def test_bad_parameter_lists() -> None:
    (a,) = params((2,))
    with pytest.raises(ValueError, match="empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match="iterable of Tensors"):
        SGD(a, lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        SGD([{"params": [a]}, {"params": [a]}], lr=0.1)
    with pytest.raises(ValueError, match="twice in one parameter group"):
        SGD([a, a], lr=0.1)
    with pytest.raises(ValueError, match="non-leaf"):
        SGD([a * 2], lr=0.1)
    with pytest.raises(TypeError, match="can only optimize Tensors"):
        SGD([np.zeros(2)], lr=0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ordered collection"):
        SGD({a}, lr=0.1)


def test_add_param_group_failure_adds_nothing() -> None:
    a, b = params((2,), (2,))
    opt = SGD([a], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [b, a]})
    with pytest.raises(ValueError, match="Invalid learning rate"):
        opt.add_param_group({"params": [b], "lr": -1.0})
    assert len(opt.param_groups) == 1


def test_step_with_mismatched_gradient_updates_nothing() -> None:
    a, b = params((2,), (3,))
    opt = SGD([a, b], lr=0.1)
    a.grad = ad_core.tensor(np.ones(2))
    b.grad = ad_core.tensor(np.ones(1))
    old = a.array.copy()
    with pytest.raises(ValueError, match=r"gradient of shape \(1,\) does not match"):
        opt.step()
    np.testing.assert_array_equal(a.array, old)
