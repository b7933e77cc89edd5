"""Tensor.to / type / float / long / new_* / clone / contiguous."""

import numpy as np
import pytest

import ad_core
from ad_core import gradcheck
from ad_core.tensor_conversion import parse_to


def test_to_returns_self_when_nothing_changes() -> None:
    x = ad_core.ones(2, 3)
    assert x.to("cpu") is x and x.to(ad_core.float32) is x and x.to(x) is x
    assert x.to(device="cpu", dtype=np.float32) is x
    copied = x.to("cpu", copy=True)
    assert copied is not x and copied.array is not x.array
    np.testing.assert_array_equal(copied.array, x.array)


def test_to_casts_and_stays_differentiable() -> None:
    x = ad_core.tensor([1.5, 2.5], requires_grad=True)
    y = x.to(ad_core.float64)
    assert y.dtype == np.float64 and y.requires_grad
    (y * y).sum().backward()
    assert x.grad is not None and x.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.array, [3.0, 5.0])
    assert x.to(ad_core.device("cpu"), ad_core.float64).dtype == np.float64
    assert x.to(ad_core.zeros(1, dtype=ad_core.float16)).dtype == np.float16


def test_parse_to() -> None:
    cpu = ad_core.device("cpu")
    assert parse_to("to", ("cpu",), None, None) == (cpu, None)
    assert parse_to("to", (np.float64,), None, None) == (None, np.float64)
    assert parse_to("to", (), "float16", cpu) == (cpu, np.float16)
    with pytest.raises(TypeError, match="to: unexpected argument"):
        parse_to("to", (np.float64, np.float32), None, None)
    with pytest.raises(RuntimeError, match="no CUDA backend"):
        parse_to("to", ("cuda:0",), None, None)


def test_dtype_shortcuts_match_pytorch() -> None:
    x = ad_core.tensor([1.7, -1.7, 0.0])
    assert x.long().tolist() == [1, -1, 0] and x.long().dtype == np.int64
    assert x.int().dtype == np.int32 and x.short().dtype == np.int16
    assert x.half().dtype == np.float16 and x.double().dtype == np.float64
    assert x.bool().tolist() == [True, True, False]
    assert ad_core.tensor([3]).byte().dtype == np.uint8
    assert ad_core.tensor([1, 2]).float().dtype == np.float32
    assert ad_core.tensor([1, 2]).type_as(ad_core.zeros(1, dtype=np.float64)).dtype == np.float64


def test_type() -> None:
    assert ad_core.ones(1).type() == "torch.FloatTensor"
    assert ad_core.tensor([1]).type() == "torch.LongTensor"
    assert ad_core.ones(1).type("torch.LongTensor").dtype == np.int64
    assert ad_core.ones(1).type(ad_core.float64).dtype == np.float64
    x = ad_core.ones(1)
    assert x.type(np.float32) is x
    with pytest.raises(TypeError, match="type: expected a dtype"):
        x.type("torch.NoSuchTensor")


def test_sizes_and_predicates() -> None:
    x = ad_core.zeros(2, 3, dtype=np.float64)
    assert x.element_size() == 8 and x.nelement() == 6
    assert x.is_floating_point() and not x.is_complex()
    assert not ad_core.tensor([1]).is_floating_point()


def test_new_tensors_take_this_dtype() -> None:
    x = ad_core.zeros(1, dtype=np.float64)
    assert x.new_zeros(2, 3).shape == (2, 3) and x.new_zeros((2,)).dtype == np.float64
    assert x.new_ones(2).tolist() == [1.0, 1.0]
    assert x.new_full((2,), 7).tolist() == [7.0, 7.0] and x.new_full((2,), 7).dtype == np.float64
    assert x.new_empty(4).shape == (4,)
    assert x.new_tensor([1, 2]).dtype == np.float64
    assert x.new_zeros(2, dtype=ad_core.long).dtype == np.int64
    assert x.new_ones(2, requires_grad=True).requires_grad
    source = np.array([1.0, 2.0])
    copied = x.new_tensor(source)
    source[0] = 9
    assert copied.tolist() == [1.0, 2.0]
    with pytest.raises(RuntimeError, match="new_zeros: cannot use device 'cuda'"):
        x.new_zeros(2, device="cuda")
    with pytest.raises(ValueError, match="new_ones: sizes must be non-negative ints"):
        x.new_ones(-1)


def test_clone_is_a_copy_in_the_graph() -> None:
    x = ad_core.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    y = x.clone()
    assert y.array is not x.array and y.grad_fn is not None
    gradcheck(lambda t: t.clone() * t, [x])


def test_contiguous() -> None:
    x = ad_core.zeros(2, 3)
    assert x.contiguous() is x and x.is_contiguous()
    t = x.t()
    assert not t.is_contiguous()
    c = t.contiguous()
    assert c.is_contiguous() and c.shape == (3, 2)
    gradcheck(
        lambda a: a.t().contiguous() * 2,
        [ad_core.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)],
    )


def test_cuda_raises() -> None:
    with pytest.raises(RuntimeError, match="cuda: cannot use device 'cuda'"):
        ad_core.ones(1).cuda()
