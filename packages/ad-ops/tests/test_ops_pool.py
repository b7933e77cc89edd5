"""max/avg pooling: values and gradients against naive loops, second derivatives, errors."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_ops.pool import avg_pool1d, avg_pool2d, max_pool1d, max_pool2d

Pair = tuple[int, int]


def out_size(size: int, k: int, s: int, p: int, d: int, ceil: bool) -> int:
    room = size + 2 * p - d * (k - 1) - 1
    n = (math.ceil(room / s) if ceil else room // s) + 1
    return n - 1 if ceil and (n - 1) * s >= size + p else n


def naive_max_pool2d(
    x: np.ndarray, k: Pair, s: Pair, p: Pair, d: Pair, ceil: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The pooled values, and the gradient of their sum weighted by `weights`."""
    n, c, h, w = x.shape
    oh, ow = out_size(h, k[0], s[0], p[0], d[0], ceil), out_size(w, k[1], s[1], p[1], d[1], ceil)
    out = np.zeros((n, c, oh, ow))
    grad = np.zeros_like(x)
    weights = np.arange(1.0, out.size + 1).reshape(out.shape)
    for b in range(n):
        for ch in range(c):
            for y in range(oh):
                for z in range(ow):
                    best, where = -np.inf, (0, 0)
                    for i in range(k[0]):
                        for j in range(k[1]):
                            r, q = y * s[0] - p[0] + i * d[0], z * s[1] - p[1] + j * d[1]
                            if 0 <= r < h and 0 <= q < w and x[b, ch, r, q] > best:
                                best, where = x[b, ch, r, q], (r, q)
                    out[b, ch, y, z] = best
                    grad[b, ch, where[0], where[1]] += weights[b, ch, y, z]
    return out, grad


def naive_avg_pool2d(
    x: np.ndarray, k: Pair, s: Pair, p: Pair, ceil: bool, include_pad: bool
) -> np.ndarray:
    n, c, h, w = x.shape
    oh, ow = out_size(h, k[0], s[0], p[0], 1, ceil), out_size(w, k[1], s[1], p[1], 1, ceil)
    out = np.zeros((n, c, oh, ow))
    for y in range(oh):
        for z in range(ow):
            r0, q0 = y * s[0] - p[0], z * s[1] - p[1]
            r1, q1 = min(r0 + k[0], h + p[0]), min(q0 + k[1], w + p[1])
            count = (r1 - r0) * (q1 - q0)
            r0, q0, r1, q1 = max(r0, 0), max(q0, 0), min(r1, h), min(q1, w)
            total = x[:, :, r0:r1, q0:q1].sum(axis=(2, 3))
            out[:, :, y, z] = total / (count if include_pad else (r1 - r0) * (q1 - q0))
    return out


MAX_CASES: list[tuple[Pair, Pair, Pair, Pair, bool]] = [
    ((2, 2), (2, 2), (0, 0), (1, 1), False),
    ((3, 2), (2, 1), (1, 1), (1, 1), False),
    ((3, 3), (2, 2), (1, 1), (1, 1), True),
    ((2, 3), (2, 2), (0, 1), (2, 1), True),
    ((3, 3), (1, 1), (1, 0), (1, 2), False),
]


def distinct(shape: tuple[int, ...], seed: int) -> np.ndarray:
    """Values at least 0.1 apart, so no finite-difference step changes a window's maximum."""
    rng = np.random.default_rng(seed)
    return rng.permutation(np.arange(math.prod(shape), dtype=np.float64)).reshape(shape) * 0.1


@pytest.mark.parametrize(("k", "s", "p", "d", "ceil"), MAX_CASES)
def test_max_pool2d_matches_naive_loop(k: Pair, s: Pair, p: Pair, d: Pair, ceil: bool) -> None:
    x = ad_core.tensor(np.random.default_rng(0).standard_normal((2, 3, 7, 8)), requires_grad=True)
    y = max_pool2d(x, k, s, p, d, ceil)
    expected, expected_grad = naive_max_pool2d(x.array, k, s, p, d, ceil)
    np.testing.assert_array_equal(y.array, expected)
    weights = np.arange(1.0, y.numel() + 1).reshape(y.shape)
    (y * ad_core.tensor(weights)).sum().backward()
    assert x.grad is not None
    np.testing.assert_allclose(x.grad.array, expected_grad)


def test_max_pool_gradient_goes_to_the_first_maximum_only() -> None:
    x = ad_core.tensor([[[[1.0, 1.0], [1.0, 1.0]]]], requires_grad=True)
    max_pool2d(x, 2).sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, [[[[1.0, 0.0], [0.0, 0.0]]]])


def test_max_pool_propagates_nan() -> None:
    y = max_pool2d(ad_core.tensor([[[[1.0, np.nan], [3.0, 2.0]]]]), 2)
    assert np.isnan(y.array).all()


@pytest.mark.parametrize(("k", "s", "p", "d", "ceil"), MAX_CASES[1:4])
def test_max_pool2d_gradcheck_and_gradgradcheck(
    k: Pair, s: Pair, p: Pair, d: Pair, ceil: bool
) -> None:
    x = ad_core.tensor(distinct((1, 2, 5, 6), 1), requires_grad=True)
    assert ad_core.gradcheck(lambda t: max_pool2d(t, k, s, p, d, ceil), [x])
    assert ad_core.gradgradcheck(lambda t: max_pool2d(t, k, s, p, d, ceil) ** 2, [x])


AVG_CASES: list[tuple[Pair, Pair, Pair, bool, bool]] = [
    ((2, 2), (2, 2), (0, 0), False, True),
    ((3, 2), (2, 1), (1, 1), False, True),
    ((3, 2), (2, 1), (1, 1), False, False),
    ((3, 3), (2, 2), (1, 1), True, True),
    ((3, 3), (2, 2), (1, 0), True, False),
]


@pytest.mark.parametrize(("k", "s", "p", "ceil", "include"), AVG_CASES)
def test_avg_pool2d_matches_naive_loop(
    k: Pair, s: Pair, p: Pair, ceil: bool, include: bool
) -> None:
    x = np.random.default_rng(2).standard_normal((2, 3, 7, 8))
    y = avg_pool2d(ad_core.tensor(x), k, s, p, ceil, include)
    np.testing.assert_allclose(y.array, naive_avg_pool2d(x, k, s, p, ceil, include))


@pytest.mark.parametrize(("k", "s", "p", "ceil", "include"), AVG_CASES[1:])
def test_avg_pool2d_gradcheck_and_gradgradcheck(
    k: Pair, s: Pair, p: Pair, ceil: bool, include: bool
) -> None:
    x = ad_core.tensor(np.random.default_rng(3).standard_normal((1, 2, 5, 6)), requires_grad=True)
    assert ad_core.gradcheck(lambda t: avg_pool2d(t, k, s, p, ceil, include), [x])
    assert ad_core.gradgradcheck(lambda t: avg_pool2d(t, k, s, p, ceil, include) ** 2, [x])


def test_avg_pool2d_divisor_override() -> None:
    x = np.random.default_rng(4).standard_normal((1, 1, 4, 4))
    y = avg_pool2d(ad_core.tensor(x), 2, divisor_override=3)
    np.testing.assert_allclose(
        y.array, naive_avg_pool2d(x, (2, 2), (2, 2), (0, 0), False, True) * 4 / 3
    )


def test_pool1d_and_unbatched_inputs() -> None:
    x = distinct((2, 3, 9), 5)
    y = max_pool1d(ad_core.tensor(x), 3, 2, 1, 1, True)
    expected, _ = naive_max_pool2d(x[:, :, None], (1, 3), (1, 2), (0, 1), (1, 1), True)
    np.testing.assert_array_equal(y.array, expected[:, :, 0])
    np.testing.assert_array_equal(
        max_pool1d(ad_core.tensor(x[0]), 3, 2, 1, 1, True).array, expected[0, :, 0]
    )
    a = avg_pool1d(ad_core.tensor(x), 2, padding=1, count_include_pad=False)
    expected_avg = naive_avg_pool2d(x[:, :, None], (1, 2), (1, 2), (0, 1), False, False)[:, :, 0]
    np.testing.assert_allclose(a.array, expected_avg)
    np.testing.assert_allclose(
        max_pool2d(ad_core.tensor(x), 2).array,
        naive_max_pool2d(x[None], (2, 2), (2, 2), (0, 0), (1, 1), False)[0][0],
    )
    t = ad_core.tensor(x, requires_grad=True)
    assert ad_core.gradgradcheck(
        lambda v: (max_pool1d(v, 2) ** 2).sum() + (avg_pool1d(v, 3, 1, 1) ** 2).sum(), [t]
    )


def test_non_contiguous_input() -> None:
    x = distinct((6, 5, 2, 3), 6).transpose(2, 3, 1, 0)
    y = max_pool2d(ad_core.tensor(x), (2, 3), 1, (1, 1))
    np.testing.assert_array_equal(
        y.array, naive_max_pool2d(x, (2, 3), (1, 1), (1, 1), (1, 1), False)[0]
    )
    t = ad_core.tensor(x, requires_grad=True)
    assert ad_core.gradcheck(lambda v: avg_pool2d(v, 2, 1) * max_pool2d(v, 2, 1), [t])


def test_float32_stays_float32() -> None:
    x = ad_core.randn(2, 2, 4, 4, requires_grad=True)
    y = max_pool2d(x, 2) + avg_pool2d(x, 2)
    y.sum().backward()
    assert y.dtype == np.float32
    assert x.grad is not None and x.grad.dtype == np.float32


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: max_pool2d(ad_core.ones(4, 4), 2),
            ValueError,
            r"max_pool2d: expected input of shape \(N, C, H, W\) or \(C, H, W\), got shape "
            r"\(4, 4\): it has no channel dimension",
        ),
        (
            lambda: avg_pool1d(ad_core.ones(1, 1, 4, 4), 2),
            ValueError,
            r"avg_pool1d: expected input of shape \(N, C, L\) or \(C, L\)",
        ),
        (
            lambda: max_pool2d(ad_core.ones(1, 1, 4, 4), 2, padding=2),
            ValueError,
            "max_pool2d: padding should be at most half of the effective kernel size",
        ),
        (
            lambda: avg_pool2d(ad_core.ones(1, 1, 4, 4), 3, padding=2),
            ValueError,
            "avg_pool2d: padding should be at most half",
        ),
        (
            lambda: max_pool2d(ad_core.ones(1, 1, 3, 3), 4),
            ValueError,
            "max_pool2d: kernel size .* is larger than the padded input",
        ),
        (
            lambda: max_pool2d(ad_core.ones(1, 1, 3, 3), 0),
            ValueError,
            "max_pool2d: expected every kernel_size to be at least 1",
        ),
        (
            lambda: max_pool2d(ad_core.ones(1, 1, 3, 3), 2, stride=(1, 2, 3)),
            TypeError,
            "max_pool2d: expected stride to be an int or a tuple of 2 ints",
        ),
        (
            lambda: max_pool2d(ad_core.ones(1, 1, 3, 3), 2, return_indices=True),
            NotImplementedError,
            "max_pool2d: return_indices=True is not supported",
        ),
        (
            lambda: max_pool2d(ad_core.tensor(np.ones((1, 1, 3, 3), dtype=np.int64)), 2),
            TypeError,
            "max_pool2d: expected a floating input",
        ),
        (
            lambda: avg_pool2d(ad_core.ones(1, 1, 4, 4), 2, divisor_override=0),
            ValueError,
            "avg_pool2d: expected a nonzero divisor_override, got 0",
        ),
    ],
)
def test_bad_input_names_the_op(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()
