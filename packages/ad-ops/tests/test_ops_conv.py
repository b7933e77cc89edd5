"""conv1d/conv2d: values against a naive loop, first and second derivatives, errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import ad_core
from ad_ops.conv import conv1d, conv2d

Pair = tuple[int, int]


def naive_conv2d(
    x: np.ndarray, w: np.ndarray, b: np.ndarray | None, s: Pair, p: Pair, d: Pair, groups: int
) -> np.ndarray:
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.zeros((n, c, h + 2 * p[0], wd + 2 * p[1]))
    xp[:, :, p[0] : p[0] + h, p[1] : p[1] + wd] = x
    oh = (h + 2 * p[0] - d[0] * (kh - 1) - 1) // s[0] + 1
    ow = (wd + 2 * p[1] - d[1] * (kw - 1) - 1) // s[1] + 1
    out = np.zeros((n, o, oh, ow))
    og = o // groups
    for bi in range(n):
        for oc in range(o):
            g = oc // og
            for y in range(oh):
                for z in range(ow):
                    total = 0.0 if b is None else b[oc]
                    for ci in range(cg):
                        for i in range(kh):
                            for j in range(kw):
                                total += (
                                    w[oc, ci, i, j]
                                    * xp[bi, g * cg + ci, y * s[0] + i * d[0], z * s[1] + j * d[1]]
                                )
                    out[bi, oc, y, z] = total
    return out


# (input shape, weight shape, stride, padding, dilation, groups)
CASES: list[tuple[tuple[int, ...], tuple[int, ...], Pair, Pair, Pair, int]] = [
    ((2, 3, 5, 5), (4, 3, 3, 3), (1, 1), (0, 0), (1, 1), 1),
    ((1, 1, 8, 8), (8, 1, 3, 3), (1, 1), (1, 1), (1, 1), 1),
    ((2, 4, 7, 6), (6, 2, 3, 2), (2, 1), (1, 2), (1, 2), 2),
    ((1, 6, 5, 9), (3, 2, 2, 3), (2, 3), (0, 1), (2, 1), 3),
    ((3, 2, 4, 4), (2, 1, 1, 1), (1, 1), (0, 0), (1, 1), 2),
]


@pytest.mark.parametrize(("xs", "ws", "s", "p", "d", "g"), CASES)
def test_conv2d_matches_naive_loop(
    xs: tuple[int, ...], ws: tuple[int, ...], s: Pair, p: Pair, d: Pair, g: int
) -> None:
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal(xs), rng.standard_normal(ws), rng.standard_normal(ws[0])
    got = conv2d(ad_core.tensor(x), ad_core.tensor(w), ad_core.tensor(b), s, p, d, g)
    np.testing.assert_allclose(got.array, naive_conv2d(x, w, b, s, p, d, g), atol=1e-12)
    no_bias = conv2d(ad_core.tensor(x), ad_core.tensor(w), None, s, p, d, g)
    np.testing.assert_allclose(no_bias.array, naive_conv2d(x, w, None, s, p, d, g), atol=1e-12)


def test_conv2d_float32_stays_float32() -> None:
    x = ad_core.randn(2, 3, 6, 6)
    w = ad_core.randn(4, 3, 3, 3)
    y = conv2d(x, w, ad_core.zeros(4), padding=1)
    assert y.dtype == np.float32
    np.testing.assert_allclose(
        y.array,
        naive_conv2d(x.array, w.array, None, (1, 1), (1, 1), (1, 1), 1),
        rtol=1e-5,
        atol=1e-5,
    )


def test_unbatched_and_non_contiguous_input() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((6, 5, 3, 2)).transpose(3, 2, 1, 0)  # (2, 3, 5, 6), strided
    w = rng.standard_normal((4, 3, 2, 3)).transpose(0, 1, 2, 3)[:, :, ::-1]
    expected = naive_conv2d(x, w, None, (1, 1), (1, 1), (1, 1), 1)
    np.testing.assert_allclose(
        conv2d(ad_core.tensor(x), ad_core.tensor(w), padding=1).array, expected
    )
    single = conv2d(ad_core.tensor(x[1]), ad_core.tensor(w), padding=1)
    np.testing.assert_allclose(single.array, expected[1])


def test_padding_same_and_valid() -> None:
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((1, 2, 6, 7)), rng.standard_normal((3, 2, 4, 3))
    same = conv2d(ad_core.tensor(x), ad_core.tensor(w), padding="same", dilation=(1, 2))
    assert same.shape == (1, 3, 6, 7)
    # Total padding (3, 4): the odd element of the 3 goes after, as in PyTorch.
    xp = np.pad(x, ((0, 0), (0, 0), (1, 2), (2, 2)))
    np.testing.assert_allclose(same.array, naive_conv2d(xp, w, None, (1, 1), (0, 0), (1, 2), 1))
    valid = conv2d(ad_core.tensor(x), ad_core.tensor(w), padding="valid")
    np.testing.assert_allclose(valid.array, naive_conv2d(x, w, None, (1, 1), (0, 0), (1, 1), 1))


def test_conv1d_matches_conv2d_of_height_one() -> None:
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((2, 4, 9)), rng.standard_normal((6, 2, 3)), rng.standard_normal(6)
    got = conv1d(ad_core.tensor(x), ad_core.tensor(w), ad_core.tensor(b), 2, 1, 2, 2)
    expected = naive_conv2d(x[:, :, None], w[:, :, None], b, (1, 2), (0, 1), (1, 2), 2)[:, :, 0]
    np.testing.assert_allclose(got.array, expected)
    single = conv1d(ad_core.tensor(x[0]), ad_core.tensor(w), ad_core.tensor(b), 2, 1, 2, 2)
    np.testing.assert_allclose(single.array, expected[0])
    same = conv1d(ad_core.tensor(x), ad_core.tensor(w), padding="same", groups=2)
    assert same.shape == (2, 6, 9)


GRAD_CASES = [
    ((1, 2, 5, 4), (3, 2, 2, 3), (1, 1), (1, 0), (1, 1), 1),
    ((2, 4, 5, 5), (4, 2, 3, 2), (2, 1), (1, 1), (1, 2), 2),
]


@pytest.mark.parametrize(("xs", "ws", "s", "p", "d", "g"), GRAD_CASES)
def test_conv2d_gradcheck_and_gradgradcheck(
    xs: tuple[int, ...], ws: tuple[int, ...], s: Pair, p: Pair, d: Pair, g: int
) -> None:
    rng = np.random.default_rng(4)
    x = ad_core.tensor(rng.standard_normal(xs), requires_grad=True)
    w = ad_core.tensor(rng.standard_normal(ws), requires_grad=True)
    b = ad_core.tensor(rng.standard_normal(ws[0]), requires_grad=True)

    def f(x: Any, w: Any, b: Any) -> ad_core.Tensor:
        return conv2d(x, w, b, s, p, d, g)

    assert ad_core.gradcheck(f, [x, w, b])
    assert ad_core.gradgradcheck(f, [x, w, b])


def test_conv2d_gradients_of_non_contiguous_input() -> None:
    rng = np.random.default_rng(5)
    x = ad_core.tensor(
        rng.standard_normal((4, 5, 2)).transpose(2, 0, 1)[:, None], requires_grad=True
    )
    w = ad_core.tensor(rng.standard_normal((2, 1, 2, 2)), requires_grad=True)
    assert ad_core.gradcheck(lambda a, b: conv2d(a, b, padding=1), [x, w])
    assert ad_core.gradgradcheck(lambda a, b: conv2d(a, b, stride=2), [x, w])


def test_conv1d_gradcheck_and_gradgradcheck() -> None:
    rng = np.random.default_rng(6)
    x = ad_core.tensor(rng.standard_normal((2, 2, 7)), requires_grad=True)
    w = ad_core.tensor(rng.standard_normal((2, 1, 3)), requires_grad=True)
    b = ad_core.tensor(rng.standard_normal(2), requires_grad=True)
    assert ad_core.gradcheck(lambda x, w, b: conv1d(x, w, b, 2, 1, 1, 2), [x, w, b])
    assert ad_core.gradgradcheck(lambda x, w, b: conv1d(x, w, b, 1, 2, 2, 2), [x, w, b])


def test_third_derivative_through_conv() -> None:
    # d^3/dx^3 of sum(conv(x, w)^3) at a point; conv is linear in x, so this
    # is 6 * sum over outputs of (dy/dx)^3 - checked by finite differences of the second.
    rng = np.random.default_rng(7)
    x = ad_core.tensor(rng.standard_normal((1, 1, 3, 3)), requires_grad=True)
    w = ad_core.tensor(rng.standard_normal((1, 1, 2, 2)))

    def second(t: Any) -> ad_core.Tensor:
        (g,) = ad_core.grad((conv2d(t, w) ** 3).sum(), t, create_graph=True)
        assert g is not None
        return g

    assert ad_core.gradgradcheck(second, [x])


def test_only_the_needed_gradients() -> None:
    x = ad_core.randn(1, 2, 4, 4)
    w = ad_core.randn(3, 2, 3, 3, requires_grad=True)
    conv2d(x, w).sum().backward()
    assert x.grad is None
    assert w.grad is not None
    np.testing.assert_allclose(w.grad.array[0], w.grad.array[1])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: conv2d(ad_core.ones(2, 3), ad_core.ones(1, 1, 1, 1)),
            ValueError,
            r"conv2d: expected input of shape \(N, C, H, W\) or \(C, H, W\), "
            r"got shape \(2, 3\)",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 2, 3, 3), ad_core.ones(1, 2, 1)),
            ValueError,
            "conv2d: expected weight of 4 dimensions",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 3, 3, 3), ad_core.ones(2, 1, 1, 1), groups=2),
            ValueError,
            r"conv2d: in_channels \(3\) and out_channels \(2\) must both be divisible by groups",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 4, 3, 3), ad_core.ones(2, 3, 1, 1)),
            ValueError,
            "conv2d: weight of shape .* expects input with 3 channels",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 1, 3, 3), ad_core.ones(1, 1, 5, 5), padding=0),
            ValueError,
            "conv2d: kernel size .* is larger than the padded input",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 1, 3, 3), ad_core.ones(1, 1, 2, 2), ad_core.ones(2)),
            ValueError,
            r"conv2d: expected bias of shape \(1,\)",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 1, 3, 3), ad_core.ones(1, 1, 2, 2), stride=0),
            ValueError,
            "conv2d: expected every stride to be at least 1",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 1, 3, 3), ad_core.ones(1, 1, 2, 2), groups=0),
            ValueError,
            "conv2d: expected groups to be a positive int",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 1, 3, 3), ad_core.ones(1, 1, 2, 2), padding="full"),
            ValueError,
            "conv2d: padding must be 'valid', 'same' or ints",
        ),
        (
            lambda: conv2d(
                ad_core.ones(1, 1, 3, 3), ad_core.ones(1, 1, 2, 2), stride=2, padding="same"
            ),
            ValueError,
            "conv2d: padding='same' is not supported for strided convolutions",
        ),
        (
            lambda: conv2d(ad_core.ones(1, 1, 3, 3), ad_core.ones(1, 1, 2, 2, dtype=np.float64)),
            TypeError,
            r"conv2d: expected an input of dtype float64 \(the dtype of weight\), got float32",
        ),
        (
            lambda: conv1d(ad_core.ones(1, 1, 3, 3), ad_core.ones(1, 1, 2)),
            ValueError,
            r"conv1d: expected input of shape \(N, C, L\) or \(C, L\), got shape \(1, 1, 3, 3\)",
        ),
        (
            lambda: conv1d(ad_core.ones(1, 2, 3), ad_core.ones(1, 2, 2), padding=(1, 1)),
            TypeError,
            "conv1d: expected padding to be an int or a tuple of 1 ints",
        ),
    ],
)
def test_bad_input_names_the_op(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()
