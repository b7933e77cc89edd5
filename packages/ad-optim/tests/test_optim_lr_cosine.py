"""CosineAnnealingLR and CosineAnnealingWarmRestarts over 20 epochs."""

from __future__ import annotations

import math

import pytest

import ad_core
from ad_optim import SGD
from ad_optim import lr_scheduler as S


def make_opt() -> SGD:
    return SGD([ad_core.zeros(1, requires_grad=True)], lr=0.5)


def test_cosine_annealing_follows_closed_form_over_more_than_a_period() -> None:
    sched = S.CosineAnnealingLR(make_opt(), T_max=6, eta_min=0.05)
    for e in range(20):
        closed = 0.05 + (0.5 - 0.05) * (1 + math.cos(math.pi * e / 6)) / 2
        assert sched.get_last_lr()[0] == pytest.approx(closed, rel=1e-9, abs=1e-12)
        sched.step()


def test_warm_restarts_closed_form() -> None:
    sched = S.CosineAnnealingWarmRestarts(make_opt(), T_0=3, T_mult=2, eta_min=0.01)
    starts = [0, 3, 9, 21]
    for e in range(20):
        start = max(s for s in starts if s <= e)
        period = 3 * 2 ** starts.index(start)
        closed = 0.01 + (0.5 - 0.01) * (1 + math.cos(math.pi * (e - start) / period)) / 2
        assert sched.get_last_lr()[0] == pytest.approx(closed, rel=1e-12)
        sched.step()


def test_warm_restarts_fractional_epoch() -> None:
    sched = S.CosineAnnealingWarmRestarts(make_opt(), T_0=4, T_mult=2)
    sched.step(5.0)
    assert sched.T_i == 8 and sched.T_cur == 1.0
    assert sched.get_last_lr()[0] == pytest.approx(0.5 * (1 + math.cos(math.pi / 8)) / 2)
    with pytest.raises(ValueError, match="non-negative epoch"):
        sched.step(-1.0)


def test_bad_periods() -> None:
    with pytest.raises(
        ValueError, match="CosineAnnealingWarmRestarts: expected T_0 to be at least 1, got 0"
    ):
        S.CosineAnnealingWarmRestarts(make_opt(), T_0=0)
    with pytest.raises(
        ValueError, match="CosineAnnealingWarmRestarts: expected T_mult to be at least 1, got 0"
    ):
        S.CosineAnnealingWarmRestarts(make_opt(), T_0=2, T_mult=0)
    with pytest.raises(
        ValueError, match="CosineAnnealingLR: expected T_max to be at least 1, got 0"
    ):
        S.CosineAnnealingLR(make_opt(), T_max=0)
