"""Bad calls into ad_ops: each raises a built-in exception whose message names
the function and the offending argument, never NumPy's or Python's own message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
import ad_ops as F

X = ad_core.ones(2, 3)
IMAGE = ad_core.ones(1, 1, 4, 4)
KERNEL = ad_core.ones(1, 1, 2, 2)


def bad(value: object) -> Any:
    """A value of the wrong type, passed on as the type checker is told to expect."""
    return value


BAD_CALLS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    (
        "softmax-dim-float",
        lambda: F.softmax(X, bad(1.5)),
        TypeError,
        r"softmax: dim must be an int, got float",
    ),
    (
        "leaky-relu-slope-str",
        lambda: F.leaky_relu(X, bad("0.1")),
        TypeError,
        r"leaky_relu: expected negative_slope to be a number, got '0.1'",
    ),
    (
        "elu-alpha-str",
        lambda: F.elu(X, alpha=bad("1")),
        TypeError,
        r"elu: expected alpha to be a number, got '1'",
    ),
    (
        "softplus-beta-str",
        lambda: F.softplus(X, beta=bad("1")),
        TypeError,
        r"softplus: expected beta to be a number, got '1'",
    ),
    (
        "dropout-p-str",
        lambda: F.dropout(X, bad("0.5")),
        TypeError,
        r"dropout: expected p to be a number, got '0.5'",
    ),
    (
        "dropout-training-str",
        lambda: F.dropout(X, 0.5, training=bad("yes")),
        TypeError,
        r"dropout: expected training to be a bool, got 'yes'",
    ),
    (
        "repeat-float",
        lambda: F.repeat(X, bad(1.5), 1),
        TypeError,
        r"repeat: expected sizes to be a sequence of ints, got \(1.5, 1\)",
    ),
    (
        "split-float",
        lambda: F.split(X, bad(1.5)),
        TypeError,
        r"split: expected split_size_or_sections to be an int or a sequence of ints, got 1.5",
    ),
    (
        "pad-str",
        lambda: F.pad(X, bad("11")),
        TypeError,
        r"pad: expected pad to be a sequence of ints, got '11'",
    ),
    (
        "pad-value-str",
        lambda: F.pad(X, (1, 1), value=bad("a")),
        TypeError,
        r"pad: expected value to be a number, got 'a'",
    ),
    (
        "one-hot-classes-str",
        lambda: F.one_hot(ad_core.tensor([1]), num_classes=bad("3")),
        TypeError,
        r"one_hot: expected num_classes to be an int, got '3'",
    ),
    (
        "one-hot-negative",
        lambda: F.one_hot(ad_core.tensor([-1, 2])),
        ValueError,
        r"one_hot: class values must be non-negative, got -1",
    ),
    (
        "var-correction-str",
        lambda: F.var(X, correction=bad("1")),
        TypeError,
        r"var: expected correction to be a number, got '1'",
    ),
    (
        "einsum-equation-int",
        lambda: F.einsum(bad(3), X),
        TypeError,
        r"einsum: expected equation to be a string, got 3",
    ),
    (
        "einsum-sizes",
        lambda: F.einsum("ij,jk", X, X),
        ValueError,
        r"einsum: subscript 'j' of 'ij,jk' has size 3 in operand 0 and size 2 in operand 1",
    ),
    (
        "linear-int-input",
        lambda: F.linear(ad_core.tensor([[1, 2, 3]]), ad_core.ones(2, 3)),
        TypeError,
        r"linear: expected a floating input, got dtype int64",
    ),
    (
        "linear-float64-input",
        lambda: F.linear(ad_core.tensor(np.ones((2, 3))), ad_core.ones(2, 3)),
        TypeError,
        r"linear: expected an input of dtype float32 \(the dtype of weight\), got float64; "
        r"cast the input with `input.float\(\)`",
    ),
    (
        "linear-bias-dtype",
        lambda: F.linear(X, ad_core.ones(2, 3), ad_core.zeros(2, dtype=np.float64)),
        TypeError,
        r"linear: expected weight and bias of one floating dtype, got float32, float64",
    ),
    (
        "conv-kernel-empty",
        lambda: F.conv2d(IMAGE, ad_core.ones(1, 1, 0, 0)),
        ValueError,
        r"conv2d: expected a kernel of positive sizes, got weight of shape \(1, 1, 0, 0\)",
    ),
    (
        "conv-no-channel-axis",
        lambda: F.conv2d(ad_core.ones(4, 4), KERNEL),
        ValueError,
        r"conv2d: expected input of shape \(N, C, H, W\) or \(C, H, W\), got shape \(4, 4\)",
    ),
    (
        "conv-stride-str",
        lambda: F.conv1d(ad_core.ones(1, 1, 4), ad_core.ones(1, 1, 2), stride=bad("1")),
        TypeError,
        r"conv1d: expected stride to be an int or a tuple of 1 ints, got '1'",
    ),
    (
        "max-pool-stride-zero",
        lambda: F.max_pool2d(IMAGE, 2, stride=0),
        ValueError,
        r"max_pool2d: expected every stride to be at least 1, got 0",
    ),
    (
        "max-pool-no-channel-axis",
        lambda: F.max_pool1d(ad_core.ones(4), 2),
        ValueError,
        r"max_pool1d: expected input of shape \(N, C, L\) or \(C, L\), got shape \(4,\): "
        "it has no channel",
    ),
    (
        "avg-pool-divisor-float",
        lambda: F.avg_pool2d(IMAGE, 2, divisor_override=bad(1.5)),
        TypeError,
        r"avg_pool2d: expected divisor_override to be an int, got 1.5",
    ),
    (
        "norm-p-str",
        lambda: F.norm(X, p="nuc"),
        ValueError,
        r"norm: p must be a number or 'fro', got 'nuc'",
    ),
    (
        "chunk-zero",
        lambda: F.chunk(X, 0),
        ValueError,
        r"chunk: chunks must be a positive int, got 0",
    ),
    (
        "clamp-min-str",
        lambda: F.clamp(X, min=bad("0")),
        TypeError,
        r"clamp: min must be a number or a tensor, got str",
    ),
    (
        "gather-dim-float",
        lambda: F.gather(X, bad(1.5), ad_core.tensor([[0]])),
        TypeError,
        r"gather: dim must be an int, got float",
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
