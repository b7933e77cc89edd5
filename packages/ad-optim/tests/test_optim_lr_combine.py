"""SequentialLR and ChainedScheduler over 20 epochs."""

from __future__ import annotations

import math

import pytest

import ad_core
from ad_optim import SGD
from ad_optim import lr_scheduler as S


def make_opt() -> SGD:
    return SGD([ad_core.zeros(1, requires_grad=True)], lr=0.5)


def test_sequential_warmup_then_cosine() -> None:
    opt = make_opt()
    warm = S.LinearLR(opt, start_factor=0.1, total_iters=4)
    cos = S.CosineAnnealingLR(opt, T_max=10)
    sched = S.SequentialLR(opt, [warm, cos], milestones=[4])
    for e in range(20):
        if e < 4:
            closed = 0.5 * (0.1 + 0.9 * e / 4)
        else:
            closed = 0.5 * (1 + math.cos(math.pi * (e - 4) / 10)) / 2
        assert sched.get_last_lr()[0] == pytest.approx(closed, rel=1e-9, abs=1e-12)
        sched.step()


def test_chained_multiplies() -> None:
    opt = make_opt()
    sched = S.ChainedScheduler(
        [S.ConstantLR(opt, factor=0.5, total_iters=3), S.ExponentialLR(opt, 0.9)]
    )
    for e in range(20):
        closed = 0.5 * 0.9**e * (0.5 if e < 3 else 1.0)
        assert sched.get_last_lr()[0] == pytest.approx(closed, rel=1e-12)
        sched.step()


def test_state_dict_round_trip() -> None:
    opt = make_opt()
    sched = S.SequentialLR(opt, [S.ConstantLR(opt, 0.5, 3), S.StepLR(opt, 2)], milestones=[3])
    for _ in range(4):
        sched.step()
    sd, opt_sd = sched.state_dict(), opt.state_dict()
    assert len(sd["_schedulers"]) == 2 and sd["_schedulers"][1]["last_epoch"] == 1
    expected = []
    for _ in range(5):
        sched.step()
        expected.append(sched.get_last_lr())
    # The usual checkpoint order: build everything, then load both states.
    opt2 = make_opt()
    sched2 = S.SequentialLR(opt2, [S.ConstantLR(opt2, 0.5, 3), S.StepLR(opt2, 2)], milestones=[3])
    opt2.load_state_dict(opt_sd)
    sched2.load_state_dict(sd)
    got = []
    for _ in range(5):
        sched2.step()
        got.append(sched2.get_last_lr())
    assert got == expected


def test_bad_compositions() -> None:
    opt, other = make_opt(), make_opt()
    with pytest.raises(ValueError, match="one milestone fewer"):
        S.SequentialLR(opt, [S.StepLR(opt, 1)], milestones=[2])
    with pytest.raises(ValueError, match="same optimizer"):
        S.ChainedScheduler([S.StepLR(opt, 1), S.StepLR(other, 1)])
    with pytest.raises(ValueError, match="does not support ReduceLROnPlateau"):
        S.SequentialLR(opt, [S.StepLR(opt, 1), S.ReduceLROnPlateau(opt)], milestones=[2])
    with pytest.raises(ValueError, match="at least one scheduler"):
        S.ChainedScheduler([])
