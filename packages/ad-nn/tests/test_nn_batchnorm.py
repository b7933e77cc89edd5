"""BatchNorm1d/2d: batch statistics, running statistics, modes, gradients, state dicts."""

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def _reference(x: np.ndarray, axes: tuple[int, ...], eps: float) -> np.ndarray:
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    out: np.ndarray = (x - mean) / np.sqrt(var + eps)
    return out


def test_running_stats_over_several_steps() -> None:
    rng = np.random.default_rng(0)
    bn = nn.BatchNorm1d(3, momentum=0.2).double()
    rm, rv = np.zeros(3), np.ones(3)
    for _ in range(4):
        x = rng.standard_normal((5, 3, 4)) * 2 + 1
        y = bn(ad_core.tensor(x))
        np.testing.assert_allclose(y.array, _reference(x, (0, 2), 1e-5), atol=1e-10)
        rm = 0.8 * rm + 0.2 * x.mean(axis=(0, 2))
        rv = 0.8 * rv + 0.2 * x.var(axis=(0, 2), ddof=1)
    assert bn.running_mean is not None and bn.running_var is not None
    np.testing.assert_allclose(bn.running_mean.array, rm)
    np.testing.assert_allclose(bn.running_var.array, rv)
    assert bn.num_batches_tracked is not None and int(bn.num_batches_tracked.item()) == 4


def test_cumulative_average_when_momentum_is_none() -> None:
    rng = np.random.default_rng(1)
    bn = nn.BatchNorm1d(2, momentum=None).double()
    batches = [rng.standard_normal((6, 2)) for _ in range(3)]
    for x in batches:
        bn(ad_core.tensor(x))
    assert bn.running_mean is not None
    np.testing.assert_allclose(bn.running_mean.array, np.mean([b.mean(0) for b in batches], 0))


def test_eval_uses_running_stats_and_does_not_update() -> None:
    bn = nn.BatchNorm2d(2).double()
    assert bn.running_mean is not None and bn.running_var is not None
    bn.running_mean.array[...] = [1.0, -1.0]
    bn.running_var.array[...] = [4.0, 0.25]
    assert bn.weight is not None and bn.bias is not None
    bn.weight.array[...] = [2.0, 1.0]
    bn.bias.array[...] = [0.0, 1.0]
    bn.eval()
    x = np.ones((1, 2, 1, 1)) * 3
    y = bn(ad_core.tensor(x)).array.reshape(2)
    np.testing.assert_allclose(y, [2 * 2 / np.sqrt(4 + 1e-5), 4 / np.sqrt(0.25 + 1e-5) + 1])
    np.testing.assert_array_equal(bn.running_mean.array, [1.0, -1.0])
    assert bn.num_batches_tracked is not None and int(bn.num_batches_tracked.item()) == 0


def test_train_and_eval_differ() -> None:
    x = ad_core.tensor((np.random.default_rng(2).standard_normal((8, 3)) + 5).astype(np.float32))
    bn = nn.BatchNorm1d(3)
    train_out = bn(x)
    eval_out = bn.eval()(x)
    assert not np.allclose(train_out.array, eval_out.array)


def test_without_running_stats_always_uses_batch() -> None:
    bn = nn.BatchNorm1d(2, affine=False, track_running_stats=False).double()
    assert list(bn.state_dict()) == [] and bn.running_mean is None
    x = np.random.default_rng(3).standard_normal((4, 2))
    np.testing.assert_allclose(bn.eval()(ad_core.tensor(x)).array, _reference(x, (0,), 1e-5))


def test_gradcheck_training_mode() -> None:
    bn = nn.BatchNorm2d(2).double()
    x = ad_core.tensor(np.random.default_rng(4).standard_normal((3, 2, 2, 2)), requires_grad=True)
    assert ad_core.gradcheck(lambda t, w, b: bn(t), [x, bn.weight, bn.bias])
    bn.eval()
    assert ad_core.gradcheck(lambda t, w, b: bn(t), [x, bn.weight, bn.bias])


def test_state_dict_keys_and_load() -> None:
    bn = nn.BatchNorm1d(3)
    keys = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    assert list(bn.state_dict()) == keys
    state = {k: np.asarray(v.array).copy() for k, v in bn.state_dict().items()}
    state["running_mean"] = np.array([1.0, 2.0, 3.0])
    state["num_batches_tracked"] = np.array(7)
    bn.load_state_dict(state)
    assert bn.num_batches_tracked is not None and bn.num_batches_tracked.dtype == np.int64
    assert int(bn.num_batches_tracked.item()) == 7
    assert repr(bn) == (
        "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"
    )


def test_batchnorm_errors() -> None:
    with pytest.raises(ValueError, match="2D or 3D"):
        nn.BatchNorm1d(2)(ad_core.zeros(2, 2, 2, 2))
    with pytest.raises(ValueError, match="4D"):
        nn.BatchNorm2d(2)(ad_core.zeros(2, 2))
    with pytest.raises(ValueError, match="channels"):
        nn.BatchNorm1d(3)(ad_core.zeros(4, 2))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(2)(ad_core.zeros(1, 2))
