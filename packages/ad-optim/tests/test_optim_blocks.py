"""Optimizers update large parameters block by block (``ad_optim._blocks``):
the result must be bit-identical to updating the whole array at once."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_optim
from ad_core import NDArray
from ad_optim import _blocks

CASES: list[tuple[str, dict[str, Any]]] = [
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01}),
    ("Adamax", {"lr": 0.02}),
    ("NAdam", {"lr": 0.01}),
    ("RAdam", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
    ("Adagrad", {"lr": 0.1}),
    ("Adadelta", {}),
]


def _train(cls: str, kw: dict[str, Any], init: NDArray, steps: int = 8) -> NDArray:
    p = ad_core.Tensor(init.copy(), requires_grad=True)
    opt = getattr(ad_optim, cls)([p], **kw)
    rng = np.random.default_rng(1)
    for _ in range(steps):  # RAdam rectifies from its sixth step on
        p.grad = ad_core.Tensor(rng.standard_normal(init.shape).astype(init.dtype) + p.array)
        opt.step()
    return p.array


@pytest.mark.parametrize(("cls", "kw"), CASES, ids=[f"{c} {sorted(k)}" for c, k in CASES])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_blocks_give_the_whole_array_update_bit_for_bit(
    cls: str, kw: dict[str, Any], dtype: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2.5 blocks: the last one is partial.
    flat: NDArray = np.random.default_rng(0).standard_normal(5 * _blocks.BLOCK // 2).astype(dtype)
    init = flat.reshape(-1, 8)
    assert len(_blocks.blocks(init, init)) == 3
    by_blocks = _train(cls, kw, init)
    monkeypatch.setattr(_blocks, "BLOCK", init.size)
    whole = _train(cls, kw, init)
    assert np.array_equal(by_blocks, whole)


def test_a_parameter_that_is_not_contiguous_is_updated_whole() -> None:
    init = np.random.default_rng(0).standard_normal((8, 3 * _blocks.BLOCK)).T
    assert not init.flags.c_contiguous
    assert len(_blocks.blocks(init, init)) == 1
    p = ad_core.Tensor(init.copy(order="K"), requires_grad=True)
    p.grad = ad_core.Tensor(np.ones_like(init))
    ad_optim.Adam([p], lr=0.1).step()
    # The first Adam step moves every entry by lr against its gradient's sign.
    assert not p.array.flags.c_contiguous
    assert np.allclose(p.array, init - 0.1)
