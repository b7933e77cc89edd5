"""unfold/fold (im2col/col2im): values against a naive loop, adjointness, gradients."""

from __future__ import annotations

import numpy as np
import pytest

import ad_core
from ad_ops.im2col import expand, fold, make_window, unfold

Pair = tuple[int, int]


def naive_unfold(x: np.ndarray, k: Pair, d: Pair, p: Pair, s: Pair) -> np.ndarray:
    n, c, h, w = x.shape
    xp = np.zeros((n, c, h + 2 * p[0], w + 2 * p[1]))
    xp[:, :, p[0] : p[0] + h, p[1] : p[1] + w] = x
    oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
    ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
    out = np.zeros((n, c * k[0] * k[1], oh * ow))
    for b in range(n):
        for ch in range(c):
            for i in range(k[0]):
                for j in range(k[1]):
                    row = (ch * k[0] + i) * k[1] + j
                    for y in range(oh):
                        for z in range(ow):
                            out[b, row, y * ow + z] = xp[
                                b, ch, y * s[0] + i * d[0], z * s[1] + j * d[1]
                            ]
    return out


CASES = [
    ((2, 3, 5, 6), (2, 3), (1, 1), (0, 0), (1, 1)),
    ((1, 2, 7, 6), (3, 2), (2, 1), (1, 2), (2, 1)),
    ((2, 1, 4, 4), (2, 2), (1, 1), (1, 1), (3, 3)),
]


@pytest.mark.parametrize(("shape", "k", "d", "p", "s"), CASES)
def test_unfold_matches_naive_loop(
    shape: tuple[int, ...], k: Pair, d: Pair, p: Pair, s: Pair
) -> None:
    x = np.random.default_rng(0).standard_normal(shape)
    got = unfold(ad_core.tensor(x), k, dilation=d, padding=p, stride=s)
    np.testing.assert_allclose(got.array, naive_unfold(x, k, d, p, s))
    unbatched = unfold(ad_core.tensor(x[0]), k, dilation=d, padding=p, stride=s)
    np.testing.assert_allclose(unbatched.array, naive_unfold(x, k, d, p, s)[0])


@pytest.mark.parametrize(("shape", "k", "d", "p", "s"), CASES)
def test_fold_is_the_adjoint_of_unfold(
    shape: tuple[int, ...], k: Pair, d: Pair, p: Pair, s: Pair
) -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape)
    cols = naive_unfold(x, k, d, p, s)
    c = rng.standard_normal(cols.shape)
    folded = fold(ad_core.tensor(c), shape[2:], k, dilation=d, padding=p, stride=s)
    assert folded.shape == shape
    np.testing.assert_allclose(np.sum(cols * c), np.sum(x * folded.array))


def test_fold_counts_overlaps() -> None:
    out = fold(ad_core.ones(4, 4), 3, 2)
    np.testing.assert_array_equal(out.array, [[[1, 2, 1], [2, 4, 2], [1, 2, 1]]])


@pytest.mark.parametrize(("shape", "k", "d", "p", "s"), CASES[:2])
def test_gradients(shape: tuple[int, ...], k: Pair, d: Pair, p: Pair, s: Pair) -> None:
    rng = np.random.default_rng(2)
    x = ad_core.tensor(rng.standard_normal(shape), requires_grad=True)
    ad_core.gradcheck(lambda t: unfold(t, k, d, p, s), [x])
    ad_core.gradgradcheck(lambda t: unfold(t, k, d, p, s) ** 2, [x])
    cols = unfold(x, k, d, p, s)
    c = ad_core.tensor(rng.standard_normal(cols.shape), requires_grad=True)
    ad_core.gradcheck(lambda t: fold(t, shape[2:], k, d, p, s), [c])
    ad_core.gradgradcheck(lambda t: fold(t, shape[2:], k, d, p, s) ** 2, [c])


def test_non_contiguous_input() -> None:
    x = np.random.default_rng(3).standard_normal((5, 4, 2, 3)).transpose(2, 3, 1, 0)
    got = unfold(ad_core.tensor(x), 2, padding=1)
    np.testing.assert_allclose(got.array, naive_unfold(x, (2, 2), (1, 1), (1, 1), (1, 1)))


def test_bad_input_names_the_op() -> None:
    with pytest.raises(ValueError, match="unfold: expected input of 3 or 4 dimensions"):
        unfold(ad_core.ones(2, 3), 2)
    with pytest.raises(ValueError, match="unfold: kernel size"):
        unfold(ad_core.ones(1, 1, 3, 3), 5)
    with pytest.raises(ValueError, match="unfold: expected every stride to be at least 1"):
        unfold(ad_core.ones(1, 1, 3, 3), 2, stride=0)
    with pytest.raises(TypeError, match="unfold: expected kernel_size"):
        unfold(ad_core.ones(1, 1, 3, 3), (2, 2, 2))
    with pytest.raises(ValueError, match=r"fold: expected input of shape \(N, C \* 4, 4\)"):
        fold(ad_core.ones(1, 4, 5), 3, 2)
    with pytest.raises(ValueError, match="fold: expected input of 2 or 3 dimensions"):
        fold(ad_core.ones(4), 3, 2)


def test_window_geometry() -> None:
    assert expand("op", "stride", [1, 2], 2, 1) == (1, 2)
    floor = make_window("op", (5, 5), (2, 2), (2, 2), ((0, 0), (0, 0)), (1, 1))
    ceil = make_window("op", (5, 5), (2, 2), (2, 2), ((0, 0), (0, 0)), (1, 1), ceil_mode=True)
    assert floor.out_size == (2, 2)
    assert ceil.out_size == (3, 3)
    assert ceil.padding == ((0, 1), (0, 1))
