"""ad_ops convolution, pooling, unfold/fold against PyTorch over a grid of
strides, paddings, dilations, groups and non-square kernels."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from oracle_compare import compare, compare_double, noncontiguous, rng

import ad_ops as F

KERNELS = [(3, 2), (1, 3), (2, 2)]
STRIDES: list[Any] = [1, (2, 1)]
PADDINGS: list[Any] = [0, (1, 2), "same", "valid"]
DILATIONS: list[Any] = [1, (2, 1)]
GROUPS = [1, 2]

CONV2D = [
    c
    for c in itertools.product(KERNELS, STRIDES, PADDINGS, DILATIONS, GROUPS)
    # torch refuses padding='same' with strides
    if not (c[2] == "same" and c[1] != 1)
]


@pytest.mark.parametrize(("kernel", "stride", "padding", "dilation", "groups"), CONV2D, ids=str)
def test_conv2d_grid(
    kernel: tuple[int, int], stride: Any, padding: Any, dilation: Any, groups: int
) -> None:
    case = f"conv2d k={kernel} s={stride} p={padding} d={dilation} g={groups}"
    g = rng(case)
    x = g.standard_normal((2, 4, 7, 6))
    w = g.standard_normal((6, 4 // groups, *kernel))
    b = g.standard_normal(6)
    kw = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    compare(case, lambda *t: F.conv2d(*t, **kw), lambda *t: TF.conv2d(*t, **kw), x, w, b)


def test_conv2d_no_bias_unbatched_noncontiguous() -> None:
    case = "conv2d without bias"
    g = rng(case)
    x = g.standard_normal((2, 3, 5, 5))
    w = g.standard_normal((4, 3, 3, 3))
    compare(
        case, lambda a, b: F.conv2d(a, b, padding=1), lambda a, b: TF.conv2d(a, b, padding=1), x, w
    )
    compare("conv2d unbatched", F.conv2d, TF.conv2d, x[0], w)
    compare(
        "conv2d non-contiguous",
        lambda a, b: F.conv2d(a, b, stride=2),
        lambda a, b: TF.conv2d(a, b, stride=2),
        noncontiguous(x),
        noncontiguous(w),
    )
    compare(
        "conv2d depthwise",
        lambda a, b: F.conv2d(a, b, groups=3),
        lambda a, b: TF.conv2d(a, b, groups=3),
        x,
        g.standard_normal((6, 1, 2, 3)),
    )


CONV1D = [
    c
    for c in itertools.product([1, 3], [1, 2], [0, 2, "same"], [1, 3], [1, 2])
    if not (c[2] == "same" and c[1] != 1)
]


@pytest.mark.parametrize(("kernel", "stride", "padding", "dilation", "groups"), CONV1D, ids=str)
def test_conv1d_grid(kernel: int, stride: int, padding: Any, dilation: int, groups: int) -> None:
    case = f"conv1d k={kernel} s={stride} p={padding} d={dilation} g={groups}"
    g = rng(case)
    x = g.standard_normal((2, 4, 9))
    w = g.standard_normal((2, 4 // groups, kernel))
    b = g.standard_normal(2)
    kw = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    compare(case, lambda *t: F.conv1d(*t, **kw), lambda *t: TF.conv1d(*t, **kw), x, w, b)


def test_conv2d_second_derivative() -> None:
    case = "conv2d second derivative"
    g = rng(case)
    x = g.standard_normal((1, 2, 4, 4))
    w = g.standard_normal((2, 2, 2, 2))
    compare_double(
        case,
        lambda a, b: (F.conv2d(a, b, padding=1) ** 2).sum(),
        lambda a, b: (TF.conv2d(a, b, padding=1) ** 2).sum(),
        x,
        w,
    )


POOLS = list(
    itertools.product([(2, 2), (3, 2), 2], [None, 1, (2, 1)], [0, 1], [1, (2, 1)], [False, True])
)


@pytest.mark.parametrize(("kernel", "stride", "padding", "dilation", "ceil_mode"), POOLS, ids=str)
def test_max_pool2d_grid(
    kernel: Any, stride: Any, padding: int, dilation: Any, ceil_mode: bool
) -> None:
    case = f"max_pool2d k={kernel} s={stride} p={padding} d={dilation} ceil={ceil_mode}"
    x = rng(case).standard_normal((2, 3, 7, 6))
    kw = {"stride": stride, "padding": padding, "dilation": dilation, "ceil_mode": ceil_mode}
    compare(
        case, lambda t: F.max_pool2d(t, kernel, **kw), lambda t: TF.max_pool2d(t, kernel, **kw), x
    )


@pytest.mark.parametrize("stride", [None, 1])
def test_max_pool2d_ties(stride: Any) -> None:
    case = f"max_pool2d ties stride={stride}"
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, :2, :2] = 1.0
    x[0, 0, 2:, 2:] = [[3.0, 3.0], [-1.0, 3.0]]
    compare(case, lambda t: F.max_pool2d(t, 2, stride), lambda t: TF.max_pool2d(t, 2, stride), x)


@pytest.mark.parametrize(
    ("kernel", "stride", "padding", "ceil_mode", "count_include_pad", "divisor"),
    list(
        itertools.product(
            [(2, 2), (3, 2)], [None, 1], [0, 1], [False, True], [True, False], [None, 3]
        )
    ),
    ids=str,
)
def test_avg_pool2d_grid(
    kernel: Any, stride: Any, padding: int, ceil_mode: bool, count_include_pad: bool, divisor: Any
) -> None:
    case = (
        f"avg_pool2d k={kernel} s={stride} p={padding} ceil={ceil_mode} "
        f"count_include_pad={count_include_pad} divisor_override={divisor}"
    )
    x = rng(case).standard_normal((2, 2, 7, 6))
    kw = {
        "stride": stride,
        "padding": padding,
        "ceil_mode": ceil_mode,
        "count_include_pad": count_include_pad,
        "divisor_override": divisor,
    }
    compare(
        case, lambda t: F.avg_pool2d(t, kernel, **kw), lambda t: TF.avg_pool2d(t, kernel, **kw), x
    )


@pytest.mark.parametrize(
    ("kernel", "stride", "padding", "ceil_mode"),
    list(itertools.product([2, 3], [None, 1, 2], [0, 1], [False, True])),
    ids=str,
)
def test_pool1d_grid(kernel: int, stride: Any, padding: int, ceil_mode: bool) -> None:
    case = f"pool1d k={kernel} s={stride} p={padding} ceil={ceil_mode}"
    x = rng(case).standard_normal((2, 3, 9))
    kw = {"stride": stride, "padding": padding, "ceil_mode": ceil_mode}
    compare(
        "max_" + case,
        lambda t: F.max_pool1d(t, kernel, **kw),
        lambda t: TF.max_pool1d(t, kernel, **kw),
        x,
    )
    compare(
        "avg_" + case,
        lambda t: F.avg_pool1d(t, kernel, **kw),
        lambda t: TF.avg_pool1d(t, kernel, **kw),
        x,
    )


def test_pool_unbatched_and_noncontiguous() -> None:
    x = rng("pool unbatched").standard_normal((3, 6, 6))
    compare("max_pool2d unbatched", lambda t: F.max_pool2d(t, 2), lambda t: TF.max_pool2d(t, 2), x)
    compare(
        "avg_pool2d unbatched", lambda t: F.avg_pool2d(t, 3, 2), lambda t: TF.avg_pool2d(t, 3, 2), x
    )
    compare(
        "max_pool2d non-contiguous",
        lambda t: F.max_pool2d(t, 2),
        lambda t: TF.max_pool2d(t, 2),
        noncontiguous(x[None]),
    )


FOLDS = list(itertools.product([(2, 3), 2], [1, (2, 1)], [0, 1], [1, 2]))


@pytest.mark.parametrize(("kernel", "dilation", "padding", "stride"), FOLDS, ids=str)
def test_unfold_and_fold(kernel: Any, dilation: Any, padding: int, stride: int) -> None:
    case = f"unfold k={kernel} d={dilation} p={padding} s={stride}"
    x = rng(case).standard_normal((2, 3, 7, 6))
    kw = {"dilation": dilation, "padding": padding, "stride": stride}
    compare(case, lambda t: F.unfold(t, kernel, **kw), lambda t: TF.unfold(t, kernel, **kw), x)
    cols = TF.unfold(torch.from_numpy(x), kernel, **kw).numpy()
    compare(
        "fold" + case[6:],
        lambda t: F.fold(t, (7, 6), kernel, **kw),
        lambda t: TF.fold(t, (7, 6), kernel, **kw),
        cols,
    )
