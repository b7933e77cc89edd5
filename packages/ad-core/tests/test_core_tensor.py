"""Tensor construction, attributes, conversion and in-place updates."""

import subprocess
import sys
import types

import numpy as np
import pytest

import ad_core
from ad_core import Tensor, gradcheck


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
    assert t.array[0] == 0


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
    assert not x.detach().requires_grad and x.detach().array is x.array


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


def test_tensors_are_hashable_by_identity() -> None:
    a, b = ad_core.zeros(1), ad_core.zeros(1)
    assert len({a, b}) == 2


def test_factories() -> None:
    ad_core.manual_seed(3)
    first = ad_core.randn(2, 2)
    ad_core.manual_seed(3)
    assert np.array_equal(first.array, ad_core.randn(2, 2).array)
    assert ad_core.rand(3, dtype=np.float64).dtype == np.float64
    assert np.array_equal(ad_core.arange(1, 7, 2).array, [1, 3, 5])
    assert ad_core.arange(0.0, 1.0, 0.5).dtype == np.float32
    assert np.array_equal(ad_core.eye(2).array, np.eye(2))
    assert np.array_equal(ad_core.full((2,), 4.0).array, [4.0, 4.0])
    assert ad_core.ones_like(first).shape == (2, 2)
    assert ad_core.zeros_like(first, dtype=np.float64).dtype == np.float64
    with pytest.raises(ValueError, match="zeros: sizes"):
        ad_core.zeros(-1)


def test_methods_of_ad_ops_need_it(monkeypatch: pytest.MonkeyPatch) -> None:
    x = ad_core.ones(2)
    monkeypatch.setattr(ad_core.dispatch, "_provider", None)
    with pytest.raises(RuntimeError, match=r"Tensor\.exp: this method is implemented in ad-ops"):
        x.exp()


def test_missing_attributes_suggest_only_what_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    x = ad_core.ones(2)
    provider = types.ModuleType("provider")
    provider.special = lambda t: t  # type: ignore[attr-defined]
    monkeypatch.setattr(ad_core.dispatch, "_provider", provider)
    with pytest.raises(AttributeError, match=r"no attribute 'special'; use .*provider\.special"):
        x.special  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError, match=r"no attribute 'nonsense' \(not supported\)$"):
        x.nonsense  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute '_private'$"):
        x._private  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(x, "__array_interface__")


def test_view_never_copies() -> None:
    x = ad_core.tensor(np.arange(6.0), requires_grad=True)
    v = x.view(2, 3)
    assert np.shares_memory(v.array, x.array) and v.view_as(x).shape == (6,)
    assert x.view((3, 2)).shape == (3, 2) and x.view(-1, 2).shape == (3, 2)
    with pytest.raises(RuntimeError, match=r"view: .* Use \.reshape\(\.\.\.\) instead"):
        v.t().view(-1)
    with pytest.raises(ValueError, match=r"view: cannot view a tensor of shape \(6,\)"):
        x.view(4)
    assert v.t().reshape(-1).tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    assert x.reshape_as(v).shape == (2, 3)
    gradcheck(
        lambda t: t.view(3, 2) * t.view(3, 2), [ad_core.tensor(np.arange(6.0), requires_grad=True)]
    )


def test_expand_is_a_view() -> None:
    x = ad_core.tensor([[1.0], [2.0]], dtype=np.float64, requires_grad=True)
    e = x.expand(3, -1, 4)
    assert e.shape == (3, 2, 4) and np.shares_memory(e.array, x.array)
    assert x.expand_as(ad_core.zeros(2, 5)).shape == (2, 5)
    assert x.expand((2, 2)).shape == (2, 2)
    gradcheck(lambda t: t.expand(3, 2, 4) * 1.5, [x])
    with pytest.raises(
        ValueError, match="expand: the size 2 of dimension 0 cannot be expanded to 3"
    ):
        x.expand(3, 1)
    with pytest.raises(ValueError, match="expand: -1 is not allowed for a new leading dimension"):
        x.expand(-1, 2, 1)
    with pytest.raises(ValueError, match=r"expand: the number of sizes \(1\)"):
        x.expand(2)


def test_t_and_transpose_aliases() -> None:
    x = ad_core.zeros(2, 3)
    assert x.t().shape == (3, 2) and x.swapaxes(0, 1).shape == (3, 2)
    v = ad_core.zeros(3)
    assert v.t() is v
    with pytest.raises(ValueError, match="t: expected a tensor of at most 2 dimensions"):
        ad_core.zeros(1, 2, 3).t()


def test_comparison_and_arithmetic_methods() -> None:
    x = ad_core.tensor([1.0, 2.0, 3.0])
    assert x.eq(2).tolist() == [False, True, False] and x.ne(2).tolist() == [True, False, True]
    assert x.lt(2).tolist() == [True, False, False] and x.ge(2).tolist() == [False, True, True]
    assert x.le(2).sum().item() == 2 and x.gt(2).sum().item() == 1
    assert x.add(x, alpha=2).tolist() == [3.0, 6.0, 9.0]
    assert x.sub(1, alpha=0.5).tolist() == [0.5, 1.5, 2.5]
    assert x.mul(2).tolist() == [2.0, 4.0, 6.0] and x.div(2).tolist() == [0.5, 1.0, 1.5]
    assert x.pow(2).tolist() == [1.0, 4.0, 9.0] and x.true_divide(4).tolist()[0] == 0.25
    with pytest.raises(ValueError, match=r"equal: shapes \(3,\) and \(2,\) cannot be broadcast"):
        x.eq(ad_core.tensor([1.0, 2.0]))


def test_logical_operators() -> None:
    a, b = ad_core.tensor([True, True, False]), ad_core.tensor([True, False, False])
    assert (a & b).tolist() == [True, False, False] and (a | b).tolist() == [True, True, False]
    assert (a ^ b).tolist() == [False, True, False] and (~a).tolist() == [False, False, True]
    assert (ad_core.tensor([6]) & 3).tolist() == [2]
    with pytest.raises(TypeError, match="bitwise_and: expected a bool or integer tensor"):
        ad_core.ones(2) & a
    with pytest.raises(TypeError, match="invert: expected a bool or integer tensor"):
        ~ad_core.ones(2)


def test_index_and_truth_value() -> None:
    assert [10, 20, 30][ad_core.tensor(1)] == 20 and range(ad_core.tensor([3]))[-1] == 2
    with pytest.raises(TypeError, match="__index__: only integer tensors of a single element"):
        [1, 2][ad_core.tensor(1.0)]
    assert bool(ad_core.tensor([1.0])) and not bool(ad_core.tensor(0))
    with pytest.raises(RuntimeError, match=r"bool: .*ambiguous; use \.any\(\) or \.all\(\)"):
        bool(ad_core.ones(2))
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(ad_core.tensor(1.0)).__next__()


def test_sum_and_mean_in_a_dtype() -> None:
    x = ad_core.tensor([1, 2, 3])
    assert x.sum(dtype=ad_core.float64).dtype == np.float64
    assert x.mean(dtype=ad_core.float32).item() == 2.0


def test_numpy_floating_point_warnings_are_silenced_only_in_our_code() -> None:
    # PyTorch gives inf and nan silently; a user's own NumPy code still warns.
    code = (
        "import numpy as np, ad_core\n"
        "x = ad_core.tensor([1.0, 0.0])\n"
        "print((x / 0.0).tolist(), (x * float('inf')).tolist(), (x ** -1.0).tolist())\n"
        "np.log(np.zeros(1))\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "[inf, nan] [inf, nan] [1.0, inf]"
    assert done.returncode != 0 and "divide by zero encountered in log" in done.stderr
