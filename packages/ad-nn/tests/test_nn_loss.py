"""Losses: values against hand computations, gradients, reductions and errors."""

from collections.abc import Callable

import numpy as np
import pytest

import ad_core
import ad_nn as nn
import ad_nn.functional as F
from ad_core import Tensor

RNG = np.random.default_rng(0)


def _t(a: np.ndarray, grad: bool = True) -> Tensor:
    return ad_core.tensor(a, requires_grad=grad)


def _log_softmax(x: np.ndarray, axis: int = 1) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    out: np.ndarray = x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))
    return out


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_regression_losses(reduction: str) -> None:
    x = np.array([0.2, -1.5, 3.0, 0.9])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    d = np.abs(x - y)
    cases: list[tuple[nn.Module, np.ndarray]] = [
        (nn.MSELoss(reduction=reduction), d**2),
        (nn.L1Loss(reduction=reduction), d),
        (nn.SmoothL1Loss(reduction=reduction, beta=0.5), np.where(d < 0.5, d**2, d - 0.25)),
        (
            nn.HuberLoss(reduction=reduction, delta=0.5),
            np.where(d < 0.5, 0.5 * d**2, 0.5 * (d - 0.25)),
        ),
    ]
    for module, per in cases:
        expected = {"mean": per.mean(), "sum": per.sum(), "none": per}[reduction]
        np.testing.assert_allclose(module(_t(x), y).array, expected)
        assert ad_core.gradcheck(lambda a, m=module: m(a, y), [_t(x)])


def test_smooth_l1_beta_zero_is_l1() -> None:
    x, y = np.array([0.5, -2.0]), np.zeros(2)
    np.testing.assert_allclose(F.smooth_l1_loss(_t(x), y, beta=0.0).array, 1.25)


def test_cross_entropy_indices_weight_ignore_index() -> None:
    x = RNG.standard_normal((5, 4))
    t = np.array([0, 3, -100, 1, 3])
    w = np.array([1.0, 2.0, 0.5, 3.0])
    lp = _log_softmax(x)
    keep = t != -100
    picked = np.array(
        [lp[i, c] if k else 0.0 for i, (c, k) in enumerate(zip(t, keep, strict=True))]
    )
    wt = np.where(keep, w[np.where(keep, t, 0)], 0.0)
    loss = nn.CrossEntropyLoss(weight=w)(_t(x), t)
    np.testing.assert_allclose(loss.array, -(wt * picked).sum() / wt.sum())
    none = F.cross_entropy(_t(x), t, weight=ad_core.tensor(w), reduction="none")
    np.testing.assert_allclose(none.array, -(wt * picked))
    wt_tensor = ad_core.tensor(w)
    assert ad_core.gradcheck(lambda a: F.cross_entropy(a, t, weight=wt_tensor), [_t(x)])


def test_cross_entropy_spatial_and_smoothing() -> None:
    x = RNG.standard_normal((2, 3, 2, 2))
    t = RNG.integers(0, 3, (2, 2, 2))
    lp = _log_softmax(x)
    eps = 0.2
    nll = -np.take_along_axis(lp, t[:, None], 1)[:, 0]
    smooth = -lp.sum(1) / 3
    expected = ((1 - eps) * nll + eps * smooth).mean()
    loss = nn.CrossEntropyLoss(label_smoothing=eps)(_t(x), ad_core.tensor(t))
    np.testing.assert_allclose(loss.array, expected)
    assert ad_core.gradcheck(lambda a: F.cross_entropy(a, t, label_smoothing=eps), [_t(x)])
    sums = F.cross_entropy(_t(x), t, reduction="sum", label_smoothing=eps)
    np.testing.assert_allclose(sums.array, ((1 - eps) * nll + eps * smooth).sum())


def test_cross_entropy_probability_targets() -> None:
    x = RNG.standard_normal((3, 4))
    p = RNG.random((3, 4))
    p /= p.sum(1, keepdims=True)
    w = np.array([1.0, 0.5, 2.0, 1.0])
    expected = -(_log_softmax(x) * p * w).sum(1)
    np.testing.assert_allclose(
        F.cross_entropy(_t(x), p, weight=ad_core.tensor(w), reduction="none").array, expected
    )
    np.testing.assert_allclose(nn.CrossEntropyLoss(weight=w)(_t(x), p).array, expected.mean())
    assert ad_core.gradcheck(lambda a: F.cross_entropy(a, p, label_smoothing=0.1), [_t(x)])


def test_cross_entropy_extreme_logits_are_finite() -> None:
    x = _t(np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0]]))
    loss = F.cross_entropy(x, np.array([1, 0]))
    loss.backward()
    assert np.isfinite(loss.array).all() and x.grad is not None
    assert np.isfinite(x.grad.array).all()
    np.testing.assert_allclose(loss.array, (2000.0 + 2000.0 + np.log(2)) / 2)


def test_cross_entropy_unbatched() -> None:
    x = np.array([1.0, 2.0, 0.5])
    np.testing.assert_allclose(F.cross_entropy(_t(x), np.array(1)).array, -_log_softmax(x, 0)[1])


def test_nll_loss() -> None:
    lp = _log_softmax(RNG.standard_normal((4, 3)))
    t = np.array([2, 0, 1, 1])
    np.testing.assert_allclose(nn.NLLLoss()(_t(lp), t).array, -lp[np.arange(4), t].mean())
    np.testing.assert_allclose(
        nn.NLLLoss(ignore_index=1, reduction="sum")(_t(lp), t).array, -(lp[0, 2] + lp[1, 0])
    )
    assert ad_core.gradcheck(lambda a: F.nll_loss(a, t), [_t(lp)])


def test_bce_losses() -> None:
    p = np.array([0.1, 0.7, 0.5, 0.99])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    w = np.array([1.0, 2.0, 1.0, 0.5])
    per = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    np.testing.assert_allclose(nn.BCELoss(weight=w)(_t(p), y).array, (w * per).mean())
    assert ad_core.gradcheck(lambda a: F.binary_cross_entropy(a, y), [_t(p)])
    z = np.array([-3.0, 0.2, 1.0, 4.0])
    s = 1 / (1 + np.exp(-z))
    pw = np.array([2.0, 2.0, 1.0, 3.0])
    per_logits = -(pw * y * np.log(s) + (1 - y) * np.log(1 - s))
    np.testing.assert_allclose(
        nn.BCEWithLogitsLoss(pos_weight=pw, reduction="sum")(_t(z), y).array, per_logits.sum()
    )
    assert ad_core.gradcheck(
        lambda a: F.binary_cross_entropy_with_logits(a, y, pos_weight=pw), [_t(z)]
    )
    big = _t(np.array([1000.0, -1000.0]))
    out = F.binary_cross_entropy_with_logits(big, np.array([0.0, 1.0]))
    out.backward()
    np.testing.assert_allclose(out.array, 1000.0)
    assert big.grad is not None and np.isfinite(big.grad.array).all()
    np.testing.assert_allclose(
        F.binary_cross_entropy(_t(np.array([0.0])), np.array([1.0])).array, 100.0
    )


def test_kl_div() -> None:
    q = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
    p = np.array([[0.0, 0.5, 0.5], [0.3, 0.3, 0.4]])
    terms = np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - np.log(q)), 0.0)
    np.testing.assert_allclose(
        nn.KLDivLoss(reduction="batchmean")(_t(np.log(q)), p).array, terms.sum() / 2
    )
    np.testing.assert_allclose(nn.KLDivLoss()(_t(np.log(q)), p).array, terms.mean())
    log_p = np.log(np.array([[0.2, 0.8]]))
    np.testing.assert_allclose(
        F.kl_div(_t(np.log(np.array([[0.5, 0.5]]))), log_p, reduction="sum", log_target=True).array,
        (0.2 * np.log(0.4) + 0.8 * np.log(1.6)),
    )
    assert ad_core.gradcheck(lambda a: F.kl_div(a, p, reduction="sum"), [_t(np.log(q))])


ERRORS: list[tuple[Callable[[], object], type[Exception], str]] = [
    (lambda: nn.MSELoss(reduction="avg"), ValueError, "reduction"),
    (lambda: F.mse_loss(ad_core.zeros(3), np.zeros(2)), ValueError, "does not match"),
    (lambda: F.cross_entropy(ad_core.zeros(2, 3), np.array([0, 3])), IndexError, "out of bounds"),
    (lambda: F.cross_entropy(ad_core.zeros(2, 3), np.array([0])), ValueError, "target of shape"),
    (lambda: F.cross_entropy(ad_core.zeros(2, 3), np.zeros((2, 2))), ValueError, "probability"),
    (lambda: F.nll_loss(ad_core.zeros(2, 3), np.zeros(2)), TypeError, "integer class indices"),
    (
        lambda: F.cross_entropy(ad_core.zeros(2, 3), np.array([0, 1]), weight=ad_core.ones(2)),
        ValueError,
        "weight",
    ),
    (lambda: F.binary_cross_entropy(ad_core.tensor([1.5]), np.ones(1)), ValueError, "between 0"),
    (lambda: F.huber_loss(ad_core.zeros(1), np.zeros(1), delta=0.0), ValueError, "delta"),
    (lambda: F.mse_loss([0.0, 0.0], np.zeros(2)), TypeError, "Tensor"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("call", "error", "match"), ERRORS)
def test_errors(call: Callable[[], object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()


def test_fused_cross_entropy_second_derivative_and_all_ignored() -> None:
    x = RNG.standard_normal((3, 4))
    t = np.array([1, -100, 3])
    w = ad_core.tensor(np.array([1.0, 2.0, 3.0, 0.5]))
    for reduction in ("mean", "sum"):
        assert ad_core.gradgradcheck(
            lambda a, r=reduction: F.cross_entropy(a, t, weight=w, reduction=r), [_t(x)]
        )
    loss = F.cross_entropy(_t(x), np.array([-100, -100, -100]))
    assert np.isnan(loss.array)
