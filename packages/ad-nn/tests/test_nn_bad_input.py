"""Bad calls into ad_nn: each raises a built-in exception whose message names
the function (or layer) and the offending argument, never NumPy's or Python's
own message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ad_core
import ad_nn as nn
import ad_nn.functional as F

X = ad_core.ones(2, 3)


def bad(value: object) -> Any:
    """A value of the wrong type, passed on as the type checker is told to expect."""
    return value


BAD_CALLS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    (
        "linear-size-float",
        lambda: nn.Linear(bad(1.5), 2),
        TypeError,
        r"Linear: expected in_features to be an int, got 1.5",
    ),
    (
        "linear-size-negative",
        lambda: nn.Linear(-1, 2),
        ValueError,
        r"Linear: expected in_features to be at least 0, got -1",
    ),
    (
        "linear-bias-str",
        lambda: nn.Linear(2, 2, bias=bad("yes")),
        TypeError,
        r"Linear: expected bias to be a bool, got 'yes'",
    ),
    (
        "linear-dtype-int",
        lambda: nn.Linear(2, 2, dtype="int64"),
        TypeError,
        r"Linear: expected a floating dtype for the parameters, got dtype=int64",
    ),
    (
        "linear-device",
        lambda: nn.Linear(2, 2, device="cuda"),
        ValueError,
        r"Linear: only the 'cpu' device exists, got device='cuda'",
    ),
    (
        "conv-kernel-zero",
        lambda: nn.Conv2d(1, 1, 0),
        ValueError,
        r"Conv2d: expected every kernel_size to be at least 1, got 0",
    ),
    (
        "conv-stride-zero",
        lambda: nn.Conv2d(1, 1, 2, stride=0),
        ValueError,
        r"Conv2d: expected every stride to be at least 1, got 0",
    ),
    (
        "conv-channels-negative",
        lambda: nn.Conv2d(1, -1, 2),
        ValueError,
        r"Conv2d: expected out_channels to be at least 1, got -1",
    ),
    (
        "conv-kernel-float",
        lambda: nn.Conv1d(1, 1, bad(2.5)),
        TypeError,
        r"Conv1d: expected kernel_size to be an int or a tuple of 1 ints, got 2.5",
    ),
    (
        "conv-padding-negative",
        lambda: nn.Conv2d(1, 1, 2, padding=-1),
        ValueError,
        r"Conv2d: expected every padding to be at least 0, got -1",
    ),
    (
        "conv-no-channel-axis",
        lambda: nn.Conv2d(1, 1, 2)(ad_core.ones(4, 4)),
        ValueError,
        r"conv2d: expected input of shape \(N, C, H, W\) or \(C, H, W\), got shape \(4, 4\): "
        "it has no channel dimension",
    ),
    (
        "maxpool-kernel-zero",
        lambda: nn.MaxPool2d(0),
        ValueError,
        r"MaxPool2d: expected every kernel_size to be at least 1, got 0",
    ),
    (
        "avgpool-padding-negative",
        lambda: nn.AvgPool1d(2, padding=-1),
        ValueError,
        r"AvgPool1d: expected every padding to be at least 0, got -1",
    ),
    (
        "maxpool-ceil-mode-str",
        lambda: nn.MaxPool2d(2, ceil_mode=bad("yes")),
        TypeError,
        r"MaxPool2d: expected ceil_mode to be a bool, got 'yes'",
    ),
    (
        "adaptive-output-zero",
        lambda: nn.AdaptiveAvgPool2d(0),
        ValueError,
        r"AdaptiveAvgPool2d: output_size must hold positive ints, got 0",
    ),
    (
        "batchnorm-features-float",
        lambda: nn.BatchNorm1d(bad(2.5)),
        TypeError,
        r"BatchNorm1d: expected num_features to be an int, got 2.5",
    ),
    (
        "batchnorm-momentum",
        lambda: nn.BatchNorm1d(2, momentum=2.0),
        ValueError,
        r"BatchNorm1d: expected momentum in \[0.0, 1.0\], got 2.0",
    ),
    (
        "batchnorm-eps-str",
        lambda: nn.BatchNorm2d(2, eps=bad("1e-5")),
        TypeError,
        r"BatchNorm2d: expected eps to be a number, got '1e-5'",
    ),
    (
        "layernorm-shape-negative",
        lambda: nn.LayerNorm(-1),
        ValueError,
        r"LayerNorm: expected normalized_shape to hold non-negative ints, got -1",
    ),
    (
        "groupnorm-groups-zero",
        lambda: nn.GroupNorm(0, 4),
        ValueError,
        r"GroupNorm: expected num_groups to be at least 1, got 0",
    ),
    (
        "groupnorm-indivisible",
        lambda: nn.GroupNorm(3, 4),
        ValueError,
        r"GroupNorm: num_channels \(4\) must be divisible by num_groups \(3\)",
    ),
    (
        "embedding-size-negative",
        lambda: nn.Embedding(-1, 2),
        ValueError,
        r"Embedding: expected num_embeddings to be at least 0, got -1",
    ),
    (
        "embedding-padding-float",
        lambda: nn.Embedding(3, 2, padding_idx=bad(1.5)),
        TypeError,
        r"Embedding: expected padding_idx to be an int, got 1.5",
    ),
    (
        "dropout-p-str",
        lambda: nn.Dropout(bad("0.5")),
        TypeError,
        r"Dropout: expected p to be a number, got '0.5'",
    ),
    (
        "dropout-p-range",
        lambda: nn.Dropout2d(1.5),
        ValueError,
        r"Dropout2d: expected p in \[0.0, 1.0\], got 1.5",
    ),
    (
        "leaky-slope-str",
        lambda: nn.LeakyReLU(bad("0.1")),
        TypeError,
        r"LeakyReLU: expected negative_slope to be a number, got '0.1'",
    ),
    (
        "softmax-dim-float",
        lambda: nn.Softmax(dim=bad(1.5)),
        TypeError,
        r"Softmax: expected dim to be an int, got 1.5",
    ),
    (
        "flatten-dim-str",
        lambda: nn.Flatten(bad("1")),
        TypeError,
        r"Flatten: expected start_dim to be an int, got '1'",
    ),
    (
        "unflatten-sizes",
        lambda: nn.Unflatten(1, bad((2.5,))),
        TypeError,
        r"Unflatten: unflattened_size must be a tuple of ints, got \(2.5,\)",
    ),
    (
        "rnn-layers-zero",
        lambda: nn.RNN(2, 3, num_layers=0),
        ValueError,
        r"RNN: expected num_layers to be at least 1, got 0",
    ),
    (
        "gru-dropout-str",
        lambda: nn.GRU(2, 3, dropout=bad("0.1")),
        TypeError,
        r"GRU: expected dropout to be a number, got '0.1'",
    ),
    (
        "lstm-bidirectional-str",
        lambda: nn.LSTM(2, 3, bidirectional=bad("yes")),
        TypeError,
        r"LSTM: expected bidirectional to be a bool, got 'yes'",
    ),
    (
        "lstmcell-size-zero",
        lambda: nn.LSTMCell(0, 3),
        ValueError,
        r"LSTMCell: expected input_size to be at least 1, got 0",
    ),
    (
        "rnn-int-input",
        lambda: nn.RNN(3, 2)(np.ones((5, 1, 3), dtype=np.int64)),
        TypeError,
        r"RNN: expected input to be floating, got dtype int64",
    ),
    (
        "linear-float64-tensor",
        lambda: nn.Linear(3, 2)(ad_core.tensor(np.ones((4, 3)))),
        TypeError,
        r"Linear: expected an input of dtype float32 \(the dtype of its parameters\), got float64",
    ),
    (
        "ce-label-smoothing",
        lambda: nn.CrossEntropyLoss(label_smoothing=2.0),
        ValueError,
        r"CrossEntropyLoss: expected label_smoothing in \[0.0, 1.0\], got 2.0",
    ),
    (
        "huber-delta-zero",
        lambda: nn.HuberLoss(delta=0),
        ValueError,
        r"HuberLoss: expected delta in \(0.0, inf\], got 0",
    ),
    (
        "mse-reduction",
        lambda: nn.MSELoss(reduction="avg"),
        ValueError,
        r"MSELoss: reduction must be one of 'mean', 'sum', 'none', got 'avg'",
    ),
    (
        "ce-float-labels",
        lambda: F.cross_entropy(X, np.array([0.0, 1.0])),
        TypeError,
        r"cross_entropy: a target of shape \(2,\) holds class indices, which must be integers, "
        "got dtype float64",
    ),
    (
        "smooth-l1-beta",
        lambda: F.smooth_l1_loss(X, X, beta=-1.0),
        ValueError,
        r"smooth_l1_loss: expected beta in \[0.0, inf\], got -1.0",
    ),
    (
        "nll-ignore-index-float",
        lambda: F.nll_loss(X, np.array([0, 1]), ignore_index=bad(1.5)),
        TypeError,
        r"nll_loss: expected ignore_index to be an int, got 1.5",
    ),
    (
        "mse-string-target",
        lambda: F.mse_loss(X, np.array(["a", "b", "c"])),
        TypeError,
        r"mse_loss: expected a numeric target, got dtype <U1",
    ),
    (
        "loss-list-input",
        lambda: F.l1_loss(bad([1.0]), X),
        TypeError,
        r"l1_loss: expected input to be a Tensor or a NumPy array, got list",
    ),
    (
        "layer-norm-int-input",
        lambda: F.layer_norm(np.ones((2, 3), dtype=np.int64), (3,)),
        TypeError,
        r"layer_norm: expected a floating input, got dtype int64",
    ),
    (
        "load-state-dict-strings",
        lambda: nn.Linear(2, 2).load_state_dict(
            {"weight": np.ones((2, 2)), "bias": np.array(["a", "b"])}
        ),
        RuntimeError,
        'loading state_dict for Linear:\n\tvalue for "bias" has dtype <U1',
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [pytest.param(call, error, message, id=name) for name, call, error, message in BAD_CALLS],
)
def test_bad_calls_name_the_function_and_the_argument(
    call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def test_checkpoints_name_the_offending_key_and_path(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="save: value for 'k' has dtype <U1"):
        nn.save({"k": np.array(["a"])}, tmp_path / "x.safetensors")
    with pytest.raises(IsADirectoryError, match=r"load: .* is a directory, not a safetensors file"):
        nn.load(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"save: the folder .* does not exist"):
        nn.save({"k": np.ones(1)}, tmp_path / "missing" / "x.safetensors")


def test_a_refused_batch_leaves_batchnorm_untouched() -> None:
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="batch_norm: expected more than 1 value per channel"):
        bn(ad_core.ones(1, 3))
    assert bn.num_batches_tracked is not None and bn.num_batches_tracked.item() == 0
    assert bn.running_mean is not None and bn.running_mean.array.tolist() == [0.0, 0.0, 0.0]


def test_broadcast_targets_warn_as_pytorch_does() -> None:
    for loss in (F.mse_loss, F.l1_loss, F.smooth_l1_loss, F.huber_loss):
        with pytest.warns(UserWarning, match=r"using a target size \(4,\) that is different to"):
            value = loss(ad_core.ones(4, 1), ad_core.ones(4))
        assert value.item() == 0.0
