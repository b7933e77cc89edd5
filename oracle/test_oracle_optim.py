"""Every ad_optim optimizer for several steps, every scheduler's learning-rate
sequence and clip_grad_norm_ against PyTorch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import RTOL_OPS, assert_close, rng

import ad_core
import ad_optim

STEPS = 6
# The last is larger than ad_optim._blocks.BLOCK: updated block by block.
SHAPES = [(3, 4), (4,), (2, 2, 2), (300, 301)]

OPTIMIZERS: dict[str, tuple[str, dict[str, Any]]] = {
    "SGD": ("SGD", {"lr": 0.1}),
    "SGD momentum": ("SGD", {"lr": 0.1, "momentum": 0.9}),
    "SGD momentum dampening wd": (
        "SGD",
        {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.1},
    ),
    "SGD nesterov": ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    "SGD maximize": ("SGD", {"lr": 0.1, "momentum": 0.5, "maximize": True}),
    "Adam": ("Adam", {"lr": 0.01}),
    "Adam betas eps wd": (
        "Adam",
        {"lr": 0.02, "betas": (0.8, 0.9), "eps": 1e-6, "weight_decay": 0.1},
    ),
    "Adam amsgrad": ("Adam", {"lr": 0.01, "amsgrad": True}),
    "Adam maximize": ("Adam", {"lr": 0.01, "maximize": True, "weight_decay": 0.05}),
    "Adam decoupled": ("Adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    "AdamW": ("AdamW", {"lr": 0.01}),
    "AdamW amsgrad wd": ("AdamW", {"lr": 0.01, "weight_decay": 0.3, "amsgrad": True}),
    "Adamax": ("Adamax", {"lr": 0.02}),
    "Adamax wd maximize": ("Adamax", {"lr": 0.02, "weight_decay": 0.1, "maximize": True}),
    "NAdam": ("NAdam", {"lr": 0.01}),
    "NAdam wd momentum_decay": ("NAdam", {"lr": 0.01, "weight_decay": 0.1, "momentum_decay": 0.01}),
    "NAdam decoupled": ("NAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    "RAdam": ("RAdam", {"lr": 0.01}),
    "RAdam wd": ("RAdam", {"lr": 0.01, "weight_decay": 0.1}),
    "RAdam decoupled": ("RAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    "RMSprop": ("RMSprop", {"lr": 0.01}),
    "RMSprop centered momentum": (
        "RMSprop",
        {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1},
    ),
    "RMSprop maximize": ("RMSprop", {"lr": 0.01, "maximize": True, "eps": 1e-4}),
    "Adagrad": ("Adagrad", {"lr": 0.1}),
    "Adagrad decay init": (
        "Adagrad",
        {"lr": 0.1, "lr_decay": 0.1, "initial_accumulator_value": 0.5, "weight_decay": 0.1},
    ),
    "Adadelta": ("Adadelta", {}),
    "Adadelta rho wd": ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1, "maximize": True}),
}


def _grad(case: str, step: int, i: int, p: np.ndarray) -> np.ndarray:
    """A gradient depending on the parameter, so that trajectories must agree."""
    noise = rng(f"{case} step {step} param {i}").standard_normal(p.shape)
    return noise + 0.5 * p


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_steps(name: str) -> None:
    cls, kw = OPTIMIZERS[name]
    g = rng(name)
    init = [g.standard_normal(s) for s in SHAPES]
    ours = [ad_core.Tensor(a.copy(), requires_grad=True) for a in init]
    theirs = [torch.tensor(a, requires_grad=True) for a in init]
    # Two groups: the second with its own learning rate.
    o_opt = getattr(ad_optim, cls)(
        [{"params": ours[:2]}, {"params": ours[2:], "lr": kw.get("lr", 1.0) * 0.5}], **kw
    )
    t_opt = getattr(torch.optim, cls)(
        [{"params": theirs[:2]}, {"params": theirs[2:], "lr": kw.get("lr", 1.0) * 0.5}], **kw
    )
    for step in range(STEPS):
        for i, (o, t) in enumerate(zip(ours, theirs, strict=True)):
            o.grad = ad_core.Tensor(_grad(name, step, i, o.array))
            t.grad = torch.from_numpy(_grad(name, step, i, t.detach().numpy()))
        o_opt.step()
        t_opt.step()
        for i, (o, t) in enumerate(zip(ours, theirs, strict=True)):
            assert_close(f"{name} step {step} param {i}", o, t, RTOL_OPS)


def test_optimizer_skips_params_without_grad_and_state_dict() -> None:
    g = rng("skip")
    init = [g.standard_normal((3,)), g.standard_normal((2,))]
    ours = [ad_core.Tensor(a.copy(), requires_grad=True) for a in init]
    theirs = [torch.tensor(a, requires_grad=True) for a in init]
    o_opt = ad_optim.Adam(ours, lr=0.1)
    t_opt = torch.optim.Adam(theirs, lr=0.1)
    for step in range(3):
        ours[0].grad = ad_core.Tensor(_grad("skip", step, 0, ours[0].array))
        theirs[0].grad = torch.from_numpy(_grad("skip", step, 0, theirs[0].detach().numpy()))
        o_opt.step()
        t_opt.step()
    for i in range(2):
        assert_close(f"Adam param {i} without grad", ours[i], theirs[i])
    o_state = o_opt.state_dict()
    t_state = t_opt.state_dict()
    assert sorted(o_state["state"]) == sorted(t_state["state"])
    for k, v in t_state["state"][0].items():
        assert_close(f"Adam state {k}", o_state["state"][0][k], v)
    assert o_state["param_groups"][0]["params"] == t_state["param_groups"][0]["params"]


Sched = Callable[[Any, Any], Any]

SCHEDULERS: dict[str, Sched] = {
    "StepLR": lambda m, o: m.StepLR(o, step_size=3, gamma=0.5),
    "MultiStepLR": lambda m, o: m.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3),
    "ConstantLR": lambda m, o: m.ConstantLR(o, factor=0.25, total_iters=4),
    "LinearLR": lambda m, o: m.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=7),
    "ExponentialLR": lambda m, o: m.ExponentialLR(o, gamma=0.8),
    "PolynomialLR": lambda m, o: m.PolynomialLR(o, total_iters=8, power=2.0),
    "CosineAnnealingLR": lambda m, o: m.CosineAnnealingLR(o, T_max=5, eta_min=0.01),
    "CosineAnnealingWarmRestarts": lambda m, o: m.CosineAnnealingWarmRestarts(
        o, T_0=3, T_mult=2, eta_min=0.001
    ),
    "LambdaLR": lambda m, o: m.LambdaLR(o, lr_lambda=lambda e: 1.0 / (1 + e)),
    "LambdaLR per group": lambda m, o: m.LambdaLR(
        o, lr_lambda=[lambda e: 0.9**e, lambda e: 1.0 + e]
    ),
    "MultiplicativeLR": lambda m, o: m.MultiplicativeLR(o, lr_lambda=lambda e: 0.9),
    "CyclicLR triangular": lambda m, o: m.CyclicLR(
        o, base_lr=0.01, max_lr=0.1, step_size_up=3, cycle_momentum=False
    ),
    "CyclicLR triangular2": lambda m, o: m.CyclicLR(
        o,
        base_lr=0.01,
        max_lr=0.1,
        step_size_up=2,
        step_size_down=3,
        mode="triangular2",
        cycle_momentum=False,
    ),
    "CyclicLR exp_range": lambda m, o: m.CyclicLR(
        o,
        base_lr=0.01,
        max_lr=0.1,
        step_size_up=3,
        mode="exp_range",
        gamma=0.9,
        cycle_momentum=False,
    ),
    "OneCycleLR cos": lambda m, o: m.OneCycleLR(o, max_lr=0.5, total_steps=20),
    "OneCycleLR linear three_phase": lambda m, o: m.OneCycleLR(
        o,
        max_lr=[0.5, 0.2],
        epochs=4,
        steps_per_epoch=5,
        anneal_strategy="linear",
        three_phase=True,
        cycle_momentum=False,
    ),
    "SequentialLR": lambda m, o: m.SequentialLR(
        o,
        schedulers=[m.LinearLR(o, start_factor=0.1, total_iters=3), m.ExponentialLR(o, gamma=0.9)],
        milestones=[3],
    ),
    "ChainedScheduler": lambda m, o: m.ChainedScheduler(
        [m.ConstantLR(o, factor=0.5, total_iters=4), m.ExponentialLR(o, gamma=0.9)]
    ),
}


def _optimizers(momentum: bool) -> tuple[Any, Any]:
    kw: dict[str, Any] = {"lr": 0.1, "momentum": 0.9} if momentum else {"lr": 0.1}
    ours_groups: list[dict[str, Any]] = [
        {"params": [ad_core.Tensor(np.zeros(2), requires_grad=True)]},
        {"params": [ad_core.Tensor(np.zeros(3), requires_grad=True)], "lr": 0.05},
    ]
    torch_groups: list[dict[str, Any]] = [
        {"params": [torch.zeros(2, requires_grad=True)]},
        {"params": [torch.zeros(3, requires_grad=True)], "lr": 0.05},
    ]
    return ad_optim.SGD(ours_groups, **kw), torch.optim.SGD(torch_groups, **kw)


@pytest.mark.parametrize("name", sorted(SCHEDULERS))
def test_scheduler_sequence(name: str) -> None:
    o_opt, t_opt = _optimizers(momentum="OneCycle" in name and "three_phase" not in name)
    o_s = SCHEDULERS[name](ad_optim.lr_scheduler, o_opt)
    t_s = SCHEDULERS[name](torch.optim.lr_scheduler, t_opt)
    for epoch in range(19):
        o_lrs = [g["lr"] for g in o_opt.param_groups]
        t_lrs = [g["lr"] for g in t_opt.param_groups]
        assert_close(f"{name} epoch {epoch} lr", np.array(o_lrs), np.array(t_lrs), 1e-9, 1e-12)
        assert_close(
            f"{name} epoch {epoch} get_last_lr",
            np.array(o_s.get_last_lr()),
            np.array(t_s.get_last_lr()),
            1e-9,
            1e-12,
        )
        if "momentum" in t_opt.param_groups[0] and "OneCycle" in name:
            assert_close(
                f"{name} epoch {epoch} momentum",
                np.array([g["momentum"] for g in o_opt.param_groups]),
                np.array([g["momentum"] for g in t_opt.param_groups]),
                1e-9,
                1e-12,
            )
        o_opt.step()
        t_opt.step()
        o_s.step()
        t_s.step()


@pytest.mark.parametrize("mode", ["min", "max"])
@pytest.mark.parametrize("threshold_mode", ["rel", "abs"])
def test_reduce_lr_on_plateau(mode: str, threshold_mode: str) -> None:
    case = f"ReduceLROnPlateau {mode} {threshold_mode}"
    o_opt, t_opt = _optimizers(momentum=False)
    kw: dict[str, Any] = {
        "mode": mode,
        "factor": 0.5,
        "patience": 2,
        "threshold": 0.01,
        "threshold_mode": threshold_mode,
        "cooldown": 1,
        "min_lr": [0.01, 0.02],
    }
    o_s = ad_optim.lr_scheduler.ReduceLROnPlateau(o_opt, **kw)
    t_s = torch.optim.lr_scheduler.ReduceLROnPlateau(t_opt, **kw)
    metrics = [1.0, 0.9, 0.95, 0.899, 0.9, 0.91, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4999, 0.6, 0.7, 0.8]
    for epoch, m in enumerate(metrics):
        o_s.step(m)
        t_s.step(m)
        assert_close(
            f"{case} epoch {epoch}",
            np.array([g["lr"] for g in o_opt.param_groups]),
            np.array([g["lr"] for g in t_opt.param_groups]),
            1e-12,
            0.0,
        )


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm(norm_type: float, max_norm: float) -> None:
    case = f"clip_grad_norm_ max_norm={max_norm} norm_type={norm_type}"
    g = rng(case)
    grads = [g.standard_normal(s) for s in SHAPES]
    ours = [ad_core.Tensor(np.zeros(s), requires_grad=True) for s in SHAPES]
    theirs = [torch.zeros(s, requires_grad=True) for s in SHAPES]
    for o, t, gr in zip(ours, theirs, grads, strict=True):
        o.grad = ad_core.Tensor(gr.copy())
        t.grad = torch.tensor(gr)
    o_norm = ad_optim.clip_grad_norm_(ours, max_norm, norm_type)
    t_norm = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert_close(f"{case} total norm", o_norm, t_norm)
    for i, (o, t) in enumerate(zip(ours, theirs, strict=True)):
        assert o.grad is not None
        assert_close(f"{case} grad {i}", o.grad, t.grad)


def test_clip_grad_value() -> None:
    g = rng("clip value")
    gr = g.standard_normal((4, 5))
    o = ad_core.Tensor(np.zeros((4, 5)), requires_grad=True)
    t = torch.zeros((4, 5), requires_grad=True)
    o.grad = ad_core.Tensor(gr.copy())
    t.grad = torch.tensor(gr)
    ad_optim.clip_grad_value_([o], 0.5)
    torch.nn.utils.clip_grad_value_([t], 0.5)
    assert o.grad is not None
    assert_close("clip_grad_value_", o.grad, t.grad)
