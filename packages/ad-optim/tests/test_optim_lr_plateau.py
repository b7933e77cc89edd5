"""ReduceLROnPlateau."""

from __future__ import annotations

import pytest

import ad_core
from ad_optim import SGD
from ad_optim import lr_scheduler as S


def make_opt() -> SGD:
    return SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)


def test_patience_and_cooldown() -> None:
    sched = S.ReduceLROnPlateau(make_opt(), patience=2, cooldown=1, factor=0.5, min_lr=0.2)
    metrics = [5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]
    lrs = []
    for m in metrics:
        sched.step(m)
        lrs.append(sched.get_last_lr()[0])
    # The sequence torch.optim.lr_scheduler.ReduceLROnPlateau gives for these arguments.
    assert lrs == [1.0] * 4 + [0.5] * 4 + [0.25] * 4 + [0.2] * 4


def test_max_mode_abs_threshold() -> None:
    sched = S.ReduceLROnPlateau(
        make_opt(), mode="max", threshold=0.5, threshold_mode="abs", patience=0
    )
    sched.step(1.0)
    sched.step(1.4)
    assert sched.get_last_lr() == [0.1]
    sched.step(2.0)
    assert sched.get_last_lr() == [0.1] and sched.best == 2.0


def test_state_dict_round_trip() -> None:
    opt = make_opt()
    sched = S.ReduceLROnPlateau(opt, patience=1)
    sched.step(1.0)
    sched.step(2.0)
    fresh = S.ReduceLROnPlateau(opt, patience=1)
    fresh.load_state_dict(sched.state_dict())
    fresh.step(2.0)
    assert fresh.get_last_lr() == pytest.approx([0.1])


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match=r"expected factor < 1\.0"):
        S.ReduceLROnPlateau(make_opt(), factor=1.0)
    with pytest.raises(ValueError, match="mode must be"):
        S.ReduceLROnPlateau(make_opt(), mode="up")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="expected 1 min_lrs, got 2"):
        S.ReduceLROnPlateau(make_opt(), min_lr=[0.1, 0.2])
