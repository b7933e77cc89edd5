"""Values and gradients at the edges, against PyTorch: infinite logits, empty
batches, functions at the ends of their domains, narrow checkpoint dtypes; none
of ours may warn where PyTorch does not (RuntimeWarnings are errors in tests)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import assert_close, compare
from safetensors.torch import save_file

import ad_core
import ad_nn
import ad_nn.functional as F

INF, NAN = np.inf, np.nan
ROWS = np.array(
    [[1.0, INF, 2.0], [-INF, -INF, -INF], [NAN, 0.0, 1.0], [0.0, -INF, 1.0], [3.0, -1.0, 0.5]]
)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_of_rows_with_infinities(name: str) -> None:
    compare(
        f"{name} with inf rows",
        lambda t: getattr(F, name)(t, 1),
        lambda t: getattr(torch.nn.functional, name)(t, 1),
        ROWS,
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_with_infinite_logits(reduction: str) -> None:
    target = np.array([0, 1, 2, 2, 1])
    compare(
        f"cross_entropy with inf logits ({reduction})",
        lambda t, y: F.cross_entropy(t, y, reduction=reduction),
        lambda t, y: torch.nn.functional.cross_entropy(t, y, reduction=reduction),
        ROWS,
        target,
    )


EMPTY_LOSSES: list[tuple[str, Callable[..., Any], Callable[..., Any], tuple[np.ndarray, ...]]] = [
    (
        "cross_entropy",
        F.cross_entropy,
        torch.nn.functional.cross_entropy,
        (np.zeros((0, 3)), np.zeros(0, dtype=np.int64)),
    ),
    (
        "cross_entropy probabilities",
        F.cross_entropy,
        torch.nn.functional.cross_entropy,
        (np.zeros((0, 3)), np.zeros((0, 3))),
    ),
    (
        "nll_loss",
        F.nll_loss,
        torch.nn.functional.nll_loss,
        (np.zeros((0, 3)), np.zeros(0, dtype=np.int64)),
    ),
    ("mse_loss", F.mse_loss, torch.nn.functional.mse_loss, (np.zeros(0), np.zeros(0))),
    (
        "binary_cross_entropy",
        F.binary_cross_entropy,
        torch.nn.functional.binary_cross_entropy,
        (np.zeros(0), np.zeros(0)),
    ),
]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(("name", "ours", "theirs", "arrays"), EMPTY_LOSSES, ids=lambda v: str(v))
def test_losses_of_an_empty_batch(
    name: str,
    ours: Callable[..., Any],
    theirs: Callable[..., Any],
    arrays: tuple[np.ndarray, ...],
    reduction: str,
) -> None:
    compare(
        f"{name} of an empty batch ({reduction})",
        lambda *t: ours(*t, reduction=reduction),
        lambda *t: theirs(*t, reduction=reduction),
        *arrays,
    )


def test_cross_entropy_with_every_target_ignored_is_nan() -> None:
    compare(
        "cross_entropy, all ignored",
        lambda t, y: F.cross_entropy(t, y),
        lambda t, y: torch.nn.functional.cross_entropy(t, y),
        np.ones((2, 3)),
        np.array([-100, -100]),
    )


@pytest.mark.parametrize(
    ("name", "x"),
    [
        ("exp", [1000.0, -1000.0, 0.0]),
        ("expm1", [1000.0, 0.0]),
        ("sqrt", [0.0, -1.0, 4.0]),
        ("rsqrt", [0.0, -1.0, 4.0]),
        ("reciprocal", [0.0, -0.0, 2.0]),
        ("log1p", [-1.0, -2.0, 0.5]),
    ],
)
def test_elementwise_at_the_ends_of_their_domains(name: str, x: list[float]) -> None:
    compare(f"{name} at its edges", getattr(F, name), getattr(torch, name), np.array(x))


def test_mse_loss_warns_on_a_broadcast_target_as_pytorch() -> None:
    with pytest.warns(UserWarning, match="different to the input size") as theirs:
        torch.nn.functional.mse_loss(torch.ones(4, 1), torch.ones(4))
    with pytest.warns(UserWarning, match="different to the input size") as ours:
        F.mse_loss(ad_core.ones(4, 1), ad_core.ones(4))
    assert len(theirs) == len(ours) == 1


NARROW = ["bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz"]


@pytest.mark.parametrize("dtype", [*NARROW, "float8_e8m0fnu"])
def test_every_code_of_a_narrow_dtype_loads_as_pytorch_widens_it(
    dtype: str, tmp_path: Path
) -> None:
    width = torch.int16 if dtype == "bfloat16" else torch.uint8
    codes = torch.arange(2 ** (16 if dtype == "bfloat16" else 8), dtype=torch.int32)
    tensor = codes.to(width).view(getattr(torch, dtype))
    path = tmp_path / f"{dtype}.safetensors"
    save_file({"w": tensor.contiguous()}, str(path))
    with warnings.catch_warnings():
        loaded = ad_nn.load(path)["w"]
    assert loaded.dtype == np.float32
    with np.errstate(invalid="ignore"):  # PyTorch keeps bfloat16's signalling NaNs
        expected = tensor.float().numpy().astype(np.float64)
    assert_close(f"{dtype} codes", loaded, expected, rtol=0.0, atol=0.0)


def test_a_bfloat16_pytorch_checkpoint_loads_into_a_model(tmp_path: Path) -> None:
    torch.manual_seed(0)
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    theirs = theirs.to(torch.bfloat16)
    save_file(theirs.state_dict(), str(tmp_path / "bf16.safetensors"))
    ours = ad_nn.Sequential(ad_nn.Linear(3, 4), ad_nn.ReLU(), ad_nn.Linear(4, 2)).double()
    ours.load_state_dict(ad_nn.load(tmp_path / "bf16.safetensors"))
    x = np.random.default_rng(0).standard_normal((5, 3))
    expected = theirs.double()(torch.from_numpy(x))
    assert_close("bf16 checkpoint", ours(ad_core.tensor(x)), expected, rtol=1e-12)


def test_cross_entropy_with_zero_class_weights_is_nan_with_nan_gradients() -> None:
    compare(
        "cross_entropy, zero class weights",
        lambda t, y: F.cross_entropy(t, y, weight=ad_core.zeros(3, dtype=np.float64)),
        lambda t, y: torch.nn.functional.cross_entropy(t, y, weight=torch.zeros(3)),
        np.ones((2, 3)),
        np.array([0, 1]),
    )
