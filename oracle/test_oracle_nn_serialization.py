"""State dicts saved by ad_nn.save load in PyTorch through safetensors.torch, and
the reverse, in float64 and float32."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import assert_close, copy_weights, rng
from safetensors.torch import load_file, save_file

import ad_core
import ad_nn


def make(nn: Any) -> Any:
    return nn.Sequential(
        nn.Conv2d(1, 3, 3, padding=1),
        nn.BatchNorm2d(3),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(48, 5),
        nn.LayerNorm(5),
    )


def _trained_torch() -> Any:
    torch.manual_seed(0)
    theirs = make(torch.nn)
    theirs(torch.from_numpy(rng("bn").standard_normal((4, 1, 4, 4))))  # running stats move
    return theirs


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_ours_saved_loads_in_torch(tmp_path: Path, dtype: Any) -> None:
    ours = make(ad_nn)
    copy_weights("ours from torch", ours, _trained_torch())
    if dtype == np.float32:
        ours.float()
    path = tmp_path / "ours.safetensors"
    ad_nn.save(ours.state_dict(), path)
    state = load_file(str(path))
    theirs = make(torch.nn)
    if dtype == np.float32:
        theirs.float()
    theirs.load_state_dict(state)
    for k, v in ours.state_dict().items():
        assert state[k].dtype == getattr(torch, np.dtype(v.dtype).name), k
        assert_close(f"saved {k}", state[k], v, 0.0, 0.0)
    x = rng("x").standard_normal((2, 1, 4, 4)).astype(dtype)
    ours.eval()
    theirs.eval()
    assert_close("output after reload", ours(ad_core.Tensor(x)), theirs(torch.from_numpy(x)), 1e-5)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_torch_saved_loads_in_ours(tmp_path: Path, dtype: torch.dtype) -> None:
    theirs = _trained_torch().to(dtype)
    path = tmp_path / "torch.safetensors"
    save_file({k: v.contiguous() for k, v in theirs.state_dict().items()}, str(path))
    state = ad_nn.load(path)
    assert set(state) == set(theirs.state_dict())
    ours = make(ad_nn)
    if dtype == torch.float32:
        ours.float()
    ours.load_state_dict(state)
    for k, v in theirs.state_dict().items():
        assert_close(f"loaded {k}", ours.state_dict()[k], v, 0.0, 0.0)
        assert state[k].dtype == np.dtype(str(v.dtype).removeprefix("torch.")), k
    ours.eval()
    theirs.eval()
    x = rng("x").standard_normal((2, 1, 4, 4))
    expected = theirs(torch.from_numpy(x).to(dtype))
    assert_close(
        "output after load", ours(ad_core.Tensor(x.astype(state["0.weight"].dtype))), expected, 1e-5
    )
