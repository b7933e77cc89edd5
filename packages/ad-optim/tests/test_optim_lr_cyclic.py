"""CyclicLR and OneCycleLR over 20 steps, learning rate and momentum."""

from __future__ import annotations

import math

import pytest

import ad_core
from ad_optim import SGD, Adagrad, Adam
from ad_optim import lr_scheduler as S


def tri(e: int, up: int, down: int) -> float:
    """Position in the triangle: 0 at the base, 1 at the peak."""
    x = e % (up + down)
    return x / up if x <= up else 1 - (x - up) / down


@pytest.mark.parametrize(("up", "down"), [(3, 5), (4, 4)])
def test_cyclic_triangular(up: int, down: int) -> None:
    opt = SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0, momentum=0.9)
    sched = S.CyclicLR(opt, base_lr=0.1, max_lr=1.0, step_size_up=up, step_size_down=down)
    for e in range(20):
        assert sched.get_last_lr()[0] == pytest.approx(0.1 + 0.9 * tri(e, up, down))
        assert opt.param_groups[0]["momentum"] == pytest.approx(0.9 - 0.1 * tri(e, up, down))
        sched.step()


def test_cyclic_triangular2_and_exp_range() -> None:
    opt = SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    s2 = S.CyclicLR(opt, 0.1, 1.0, 2, mode="triangular2", cycle_momentum=False)
    for e in range(20):
        assert s2.get_last_lr()[0] == pytest.approx(0.1 + 0.9 * tri(e, 2, 2) / 2 ** (e // 4))
        s2.step()
    opt = SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0)
    se = S.CyclicLR(opt, 0.1, 1.0, 2, mode="exp_range", gamma=0.9, cycle_momentum=False)
    for e in range(20):
        assert se.get_last_lr()[0] == pytest.approx(0.1 + 0.9 * tri(e, 2, 2) * 0.9**e)
        se.step()


def test_cyclic_cycles_adam_beta1() -> None:
    opt = Adam([ad_core.zeros(1, requires_grad=True)], lr=1.0, betas=(0.5, 0.99))
    sched = S.CyclicLR(opt, 0.1, 1.0, 2)
    sched.step()
    assert opt.param_groups[0]["betas"] == pytest.approx((0.85, 0.99))


def test_cyclic_needs_momentum() -> None:
    with pytest.raises(ValueError, match="must support momentum"):
        S.CyclicLR(Adagrad([ad_core.zeros(1, requires_grad=True)]), 0.1, 1.0)


def test_one_cycle_cos() -> None:
    opt = SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0, momentum=0.9)
    sched = S.OneCycleLR(opt, max_lr=1.0, total_steps=20, pct_start=0.25)
    init, low, peak = 1.0 / 25, 1.0 / 25 / 1e4, 4.0

    def cos(a: float, b: float, pct: float) -> float:
        return b + (a - b) / 2 * (1 + math.cos(math.pi * pct))

    for e in range(20):
        if e <= peak:
            lr, mom = cos(init, 1.0, e / peak), cos(0.95, 0.85, e / peak)
        else:
            lr, mom = cos(1.0, low, (e - peak) / (19 - peak)), cos(0.85, 0.95, (e - peak) / 15)
        assert sched.get_last_lr()[0] == pytest.approx(lr, rel=1e-9)
        assert opt.param_groups[0]["momentum"] == pytest.approx(mom, rel=1e-9)
        opt.step()
        sched.step()
    with pytest.raises(ValueError, match="tried to step 21 times"):
        sched.step()


def test_one_cycle_three_phase_linear() -> None:
    opt = SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0, momentum=0.9)
    sched = S.OneCycleLR(
        opt, 1.0, epochs=4, steps_per_epoch=5, pct_start=0.25, anneal_strategy="linear",
        three_phase=True, div_factor=10.0, final_div_factor=10.0,
    )  # fmt: skip
    expected = [0.1 + 0.9 * e / 4 for e in range(5)]
    expected += [1.0 - 0.9 * (e - 4) / 4 for e in range(5, 9)]
    expected += [0.1 - 0.09 * (e - 8) / 11 for e in range(9, 20)]
    for e in range(20):
        assert sched.get_last_lr()[0] == pytest.approx(expected[e], rel=1e-9)
        sched.step()


def test_one_cycle_bad_arguments() -> None:
    opt = SGD([ad_core.zeros(1, requires_grad=True)], lr=1.0, momentum=0.9)
    with pytest.raises(ValueError, match="total_steps OR"):
        S.OneCycleLR(opt, 1.0)
    with pytest.raises(ValueError, match="pct_start"):
        S.OneCycleLR(opt, 1.0, total_steps=10, pct_start=1.5)
    with pytest.raises(ValueError, match="anneal_strategy"):
        S.OneCycleLR(opt, 1.0, total_steps=10, anneal_strategy="step")  # type: ignore[arg-type]
