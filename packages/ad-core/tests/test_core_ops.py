"""Every ad-core operator: values, and gradients of first and second order by
finite differences in float64, including broadcasting across ranks."""

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core
from ad_core import Tensor, gradcheck, gradgradcheck

rng = np.random.default_rng(0)


def leaf(*shape: int, positive: bool = False) -> Tensor:
    data = rng.standard_normal(shape)
    if positive:
        data = np.abs(data) + 0.5
    return Tensor(data, requires_grad=True)


def check(fn: Callable[..., Tensor], *inputs: Tensor) -> None:
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


BINARY_SHAPES = [
    ((3,), (3,)),
    ((2, 3, 4), (3, 1)),
    ((4, 1), (3, 4, 5)),
    ((2, 1, 3), (4, 1)),
    ((), (2, 3)),
]


@pytest.mark.parametrize(("sa", "sb"), BINARY_SHAPES)
@pytest.mark.parametrize(
    "op",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a * b,
        lambda a, b: a / b,
        lambda a, b: a**b,
    ],
    ids=["add", "sub", "mul", "div", "pow"],
)
def test_binary_operators_broadcast(
    op: Callable[[Tensor, Tensor], Tensor], sa: tuple[int, ...], sb: tuple[int, ...]
) -> None:
    a, b = leaf(*sa, positive=True), leaf(*sb, positive=True)
    out = op(a, b)
    assert np.allclose(out.array, op(a.array, b.array))  # type: ignore[arg-type]
    check(op, a, b)
    # Gradients come back in each operand's own shape.
    out.sum().backward()
    assert a.grad is not None and a.grad.shape == sa
    assert b.grad is not None and b.grad.shape == sb


@pytest.mark.parametrize(
    "op",
    [
        lambda a: a + 2.0,
        lambda a: 2.0 + a,
        lambda a: a - 3,
        lambda a: 3 - a,
        lambda a: a * 0.5,
        lambda a: 0.5 * a,
        lambda a: a / 4,
        lambda a: 4 / a,
        lambda a: a**3,
        lambda a: 2.0**a,
        lambda a: -a,
        lambda a: a + np.ones((2, 3)),
        lambda a: np.ones((2, 3)) * a,
    ],
)
def test_operators_with_scalars_and_arrays(op: Callable[[Tensor], Tensor]) -> None:
    a = leaf(2, 3, positive=True)
    assert np.allclose(op(a).array, op(a.array))  # type: ignore[arg-type]
    check(op, a)


def test_scalars_keep_the_tensor_dtype() -> None:
    x = ad_core.ones(3)
    assert (x * 2.0).dtype == np.float32
    assert (2 * x).dtype == np.float32
    assert (x**2).dtype == np.float32
    assert (ad_core.tensor([1, 2]) * 2).dtype == np.int64
    # Integer tensors with float scalars follow NumPy's promotion (PyTorch gives float32).
    assert (ad_core.tensor([1, 2]) * 2.5).dtype.kind == "f"


def test_square_at_zero_has_zero_gradient() -> None:
    x = Tensor(np.array([0.0, 1.0, -2.0]), requires_grad=True)
    (x**2).sum().backward()
    assert x.grad is not None
    assert np.array_equal(x.grad.array, [0.0, 2.0, -4.0])
    check(lambda t: t**2, x)


def test_pow_exponent_gradient_at_zero_base_is_zero() -> None:
    base = Tensor(np.array([0.0, 2.0]))
    e = Tensor(np.array([2.0, 3.0]), requires_grad=True)
    (base**e).sum().backward()
    assert e.grad is not None
    assert np.allclose(e.grad.array, [0.0, 8 * np.log(2)])


@pytest.mark.parametrize("exponent", [2.0, 3.0, -2.0, 0.5, -0.5, -1.0, 1.0, 0.0, 4.0, 2.5, -3.0])
def test_pow_with_a_scalar_exponent(exponent: float) -> None:
    x = leaf(2, 3, positive=True)
    np.testing.assert_allclose((x**exponent).array, x.array**exponent, rtol=1e-15)
    check(lambda t: t**exponent, x)
    x32 = Tensor(x.array.astype(np.float32))
    assert (x32**exponent).dtype == np.float32


def test_pow_fast_exponents_are_exact_products() -> None:
    # PyTorch's CPU kernels compute these exponents with products, not pow().
    x = Tensor(rng.standard_normal(1000).astype(np.float32))
    a = x.array
    assert np.array_equal((x**2.0).array, a * a)
    assert np.array_equal((x**3.0).array, a * a * a)
    assert np.array_equal((x**-2.0).array, 1 / (a * a))
    assert np.array_equal((x**-1.0).array, 1 / a)


def test_pow_gradients_at_zero_follow_pytorch() -> None:
    x = Tensor(np.array([0.0, 1.5]), requires_grad=True)
    (x**0.0).sum().backward()
    assert x.grad is not None and x.grad.tolist() == [0.0, 0.0]
    (g,) = ad_core.grad((x**x).sum(), x)  # d/dx x**x = x**x (log x + 1); PyTorch gives 0 at 0
    assert g is not None and g.array[0] == 0.0
    np.testing.assert_allclose(g.array[1], 1.5**1.5 * (np.log(1.5) + 1))
    e = Tensor(np.array([0.0, 2.0]), requires_grad=True)
    b = Tensor(np.array([2.0, 0.0]), requires_grad=True)
    (b**e).sum().backward()  # 0 ** 2: the exponent's gradient is 0
    assert e.grad is not None and e.grad.array[1] == 0.0
    assert b.grad is not None and b.grad.tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    ("sa", "sb"),
    [
        ((3,), (3,)),
        ((2, 3), (3,)),
        ((3,), (3, 4)),
        ((2, 3), (3, 4)),
        ((5, 2, 3), (3, 4)),
        ((5, 2, 3), (1, 3, 4)),
        ((3,), (5, 3, 2)),
        ((5, 2, 3), (3,)),
    ],
)
def test_matmul(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    a, b = leaf(*sa), leaf(*sb)
    assert np.allclose((a @ b).array, np.matmul(a.array, b.array))
    check(lambda x, y: x @ y, a, b)
    reflected: Tensor = a.array @ b  # type: ignore[assignment]  # Tensor.__rmatmul__
    assert np.allclose(reflected.array, np.matmul(a.array, b.array))


def test_matmul_errors_name_the_shapes() -> None:
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 3\) and \(4, 5\)"):
        leaf(2, 3) @ leaf(4, 5)


def test_broadcast_error_names_operation_and_shapes() -> None:
    with pytest.raises(ValueError, match=r"add: shapes \(2, 3\) and \(4, 5\) cannot be broadcast"):
        leaf(2, 3) + leaf(4, 5)
    with pytest.raises(ValueError, match=r"^mul: shapes"):
        leaf(2, 3) * leaf(3, 2)


@pytest.mark.parametrize(
    "index",
    [
        1,
        -1,
        slice(None, None, 2),
        (slice(1, 3), 0),
        (Ellipsis, 1),
        (None, 0),
        [0, 0, 2, 0],
        np.array([[1, 1], [3, 0]]),
        ([0, 2, 2], [1, 1, 1]),
        (slice(None), [2, 2]),
        np.array([True, False, True, True]),
    ],
)
def test_indexing(index: Any) -> None:
    x = leaf(4, 3)
    assert np.array_equal(x[index].array, x.array[index])
    check(lambda t: t[index], x)


def test_repeated_indices_accumulate() -> None:
    x = Tensor(np.zeros(3), requires_grad=True)
    x[[0, 0, 2, 0]].sum().backward()
    assert x.grad is not None
    assert np.array_equal(x.grad.array, [3.0, 0.0, 1.0])


def test_boolean_mask_tensor_and_index_errors() -> None:
    x = leaf(4)
    mask = x > 0
    assert np.array_equal(x[mask].array, x.array[x.array > 0])
    with pytest.raises(IndexError, match="index"):
        x[np.array([0.5])]
    with pytest.raises(IndexError, match="index"):
        x[7]


@pytest.mark.parametrize("dim", [None, 0, -1, (0, 2), (-1, -3), 1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_sum_and_mean(dim: int | tuple[int, ...] | None, keepdim: bool) -> None:
    x = leaf(2, 3, 4)
    axis = dim if not isinstance(dim, tuple) else tuple(d % 3 for d in dim)
    assert np.allclose(x.sum(dim, keepdim).array, x.array.sum(axis=axis, keepdims=keepdim))
    assert np.allclose(x.mean(dim, keepdim).array, x.array.mean(axis=axis, keepdims=keepdim))
    check(lambda t: t.sum(dim, keepdim), x)
    check(lambda t: t.mean(dim, keepdim), x)


def test_empty_dim_tuple_reduces_everything() -> None:
    x = leaf(2, 3)
    assert x.sum(()).shape == () and x.mean([], keepdim=True).shape == (1, 1)
    assert np.isclose(x.sum(()).item(), x.array.sum())


def test_reduction_dim_errors() -> None:
    with pytest.raises(IndexError, match="sum: dim 3 is out of range"):
        leaf(2, 3).sum(3)
    with pytest.raises(ValueError, match="mean: dim"):
        leaf(2, 3).mean((0, -2))


def test_shape_operations() -> None:
    x = leaf(2, 3, 4)
    assert x.reshape(6, 4).shape == (6, 4)
    assert x.reshape((4, -1)).shape == (4, 6)
    assert x.view(-1).shape == (24,)
    assert np.array_equal(x.transpose(0, 2).array, x.array.transpose(2, 1, 0))
    assert np.array_equal(x.permute(1, 2, 0).array, x.array.transpose(1, 2, 0))
    assert np.array_equal(x.T.array, x.array.T)
    assert np.array_equal(x.mT.array, np.swapaxes(x.array, -1, -2))
    check(lambda t: t.reshape(4, 6) * 2, x)
    check(lambda t: t.transpose(-1, 0), x)
    check(lambda t: t.permute(2, 0, 1), x)
    check(lambda t: t.T, x)
    with pytest.raises(ValueError, match=r"reshape: cannot reshape a tensor of shape \(2, 3, 4\)"):
        x.reshape(5, 5)
    with pytest.raises(ValueError, match="permute"):
        x.permute(0, 1)


def test_non_contiguous_inputs() -> None:
    x = Tensor(rng.standard_normal((4, 3)).T, requires_grad=True)
    assert not x.array.flags.c_contiguous
    check(lambda t: (t * t).sum(0) @ t.T, x)


def test_astype_is_differentiable_between_floats() -> None:
    x = leaf(3)
    y = x.astype(np.float32)
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad is not None and x.grad.dtype == np.float64
    assert x.float().dtype == np.float32 and x.double().dtype == np.float64
    assert not x.astype(np.int64).requires_grad


def test_comparisons_are_boolean_and_not_differentiable() -> None:
    x = leaf(3)
    for result in (x < 0, x <= 0, x > 0, x >= 0, x == x, x != 0):
        assert result.dtype == np.bool_
        assert not result.requires_grad
    assert np.array_equal((x > 0).array, x.array > 0)


def test_sum_to_and_broadcast_to() -> None:
    x = leaf(3, 1)
    check(lambda t: ad_core.broadcast_to(t, (2, 3, 4)), x)
    y = leaf(2, 3, 4)
    check(lambda t: ad_core.sum_to(t, (3, 1)), y)
    with pytest.raises(ValueError, match="broadcast_to"):
        ad_core.broadcast_to(x, (2, 2))
