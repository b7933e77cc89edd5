"""Tensor construction, attributes, conversion and in-place updates."""

import numpy as np
import pytest

import ad_core
from ad_core import Tensor


def test_default_dtypes() -> None:
    assert ad_core.tensor(1.5).dtype == np.float32
    assert ad_core.tensor([1.0, 2.0]).dtype == np.float32
    assert ad_core.tensor([1, 2]).dtype == np.int64
    assert ad_core.tensor([True]).dtype == np.bool_
    assert ad_core.tensor(np.zeros(2, dtype=np.float64)).dtype == np.float64
    assert ad_core.tensor([1, 2], dtype=np.float64).dtype == np.float64
    ad_core.set_default_dtype(np.float64)
    try:
        assert ad_core.tensor([1.0]).dtype == np.float64
        assert ad_core.zeros(2).dtype == np.float64
    finally:
        ad_core.set_default_dtype(np.float32)
    with pytest.raises(TypeError, match="set_default_dtype"):
        ad_core.set_default_dtype(np.int32)


def test_integer_tensors_cannot_require_grad() -> None:
    with pytest.raises(TypeError, match="only floating tensors can require gradients"):
        ad_core.tensor([1, 2], requires_grad=True)
    with pytest.raises(TypeError):
        ad_core.tensor([True]).requires_grad_()


def test_tensor_copies_its_input() -> None:
    source = np.zeros(2, dtype=np.float32)
    t = ad_core.tensor(source)
    source[0] = 5
    assert t.data[0] == 0


def test_attributes() -> None:
    x = ad_core.zeros(2, 3, requires_grad=True)
    assert x.shape == (2, 3) and x.ndim == 2 and x.dim() == 2 and x.numel() == 6
    assert x.size() == (2, 3) and x.size(0) == 2 and x.size(-1) == 3
    assert x.is_leaf and x.grad_fn is None and x.grad is None
    y = x * 2
    assert not y.is_leaf and y.requires_grad and y.grad_fn is not None
    assert len(x) == 2 and [row.shape for row in x] == [(3,), (3,)]


def test_conversions() -> None:
    x = ad_core.tensor([[1.0, 2.0]], requires_grad=True)
    with pytest.raises(RuntimeError, match="detach"):
        x.numpy()
    assert np.array_equal(x.detach().numpy(), [[1.0, 2.0]])
    assert x.tolist() == [[1.0, 2.0]]
    assert x.sum().item() == 3.0 and float(x.sum()) == 3.0
    with pytest.raises(ValueError, match="item: only one-element"):
        x.item()
    assert np.asarray(x).shape == (1, 2)
    assert not x.detach().requires_grad and x.detach().data is x.data


def test_repr_looks_like_pytorch() -> None:
    assert repr(ad_core.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert repr(ad_core.tensor([1.0], requires_grad=True)) == "tensor([1.], requires_grad=True)"
    x = ad_core.tensor([1.0], requires_grad=True)
    assert repr(x * 2) == "tensor([2.], grad_fn=<MulBackward>)"
    assert repr(ad_core.tensor(np.array([1.0]))) == "tensor([1.], dtype=float64)"


def test_numpy_arrays_defer_to_tensor_operators() -> None:
    x = ad_core.tensor([1.0, 2.0], requires_grad=True)
    y: object = np.array([3.0, 4.0], dtype=np.float32) * x
    assert isinstance(y, Tensor) and y.requires_grad


def test_in_place_updates() -> None:
    w = ad_core.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="in-place"):
        w -= 1.0
    with ad_core.no_grad():
        w -= 1.0
        w *= 2.0
    assert np.array_equal(w.data, [0.0, 2.0]) and w.requires_grad and w.is_leaf
    plain = ad_core.zeros(2)
    plain += ad_core.tensor([1.0, 2.0])
    assert np.array_equal(plain.data, [1.0, 2.0])
    with pytest.raises(RuntimeError, match="in-place"):
        plain += w * 1
    plain.zero_()
    plain.fill_(3.0)
    assert np.array_equal(plain.data, [3.0, 3.0])
    plain.copy_(np.array([5, 6]))
    assert plain.dtype == np.float32 and np.array_equal(plain.data, [5.0, 6.0])
    with pytest.raises(ValueError, match="copy_"):
        plain.copy_(np.ones(3))


def test_tensors_are_hashable_by_identity() -> None:
    a, b = ad_core.zeros(1), ad_core.zeros(1)
    assert len({a, b}) == 2


def test_factories() -> None:
    ad_core.manual_seed(3)
    first = ad_core.randn(2, 2)
    ad_core.manual_seed(3)
    assert np.array_equal(first.data, ad_core.randn(2, 2).data)
    assert ad_core.rand(3, dtype=np.float64).dtype == np.float64
    assert np.array_equal(ad_core.arange(1, 7, 2).data, [1, 3, 5])
    assert ad_core.arange(0.0, 1.0, 0.5).dtype == np.float32
    assert np.array_equal(ad_core.eye(2).data, np.eye(2))
    assert np.array_equal(ad_core.full((2,), 4.0).data, [4.0, 4.0])
    assert ad_core.ones_like(first).shape == (2, 2)
    assert ad_core.zeros_like(first, dtype=np.float64).dtype == np.float64
    with pytest.raises(ValueError, match="zeros: sizes"):
        ad_core.zeros(-1)


def test_missing_methods_point_to_ad_ops() -> None:
    x = ad_core.ones(2)
    with pytest.raises(AttributeError, match=r"no attribute 'argmax'.*F\.argmax\(tensor"):
        x.argmax(0)  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute '_private'$"):
        x._private  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(x, "__array_interface__")
