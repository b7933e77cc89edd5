"""ad_core's Tensor operators against PyTorch: values and input gradients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import assert_close, compare, compare_double, noncontiguous, rng, transposed

import ad_core

Fn = Callable[..., Any]

# Pairs of shapes that broadcast in every way NumPy allows.
BROADCAST = [
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),
    ((3, 1), (1, 4)),
    ((2, 3, 4), (3, 1)),
    ((5,), (2, 1, 5)),
    ((), (2, 3)),
    ((2, 3), ()),
    ((1, 1, 3), (4, 2, 1)),
]

BINARY: dict[str, Fn] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


@pytest.mark.parametrize("op", sorted(BINARY))
@pytest.mark.parametrize("shapes", BROADCAST, ids=str)
def test_binary_broadcasting(op: str, shapes: tuple[tuple[int, ...], ...]) -> None:
    case = f"{op} {shapes}"
    g = rng(case)
    a = g.standard_normal(shapes[0])
    b = g.standard_normal(shapes[1])
    if op == "div":
        b = np.sign(b) * (np.abs(b) + 0.5)
    compare(case, BINARY[op], None, a, b)


@pytest.mark.parametrize("op", sorted(BINARY))
def test_binary_noncontiguous(op: str) -> None:
    case = f"{op} non-contiguous"
    g = rng(case)
    a = noncontiguous(g.standard_normal((4, 5)))
    b = transposed(g.standard_normal((4, 5)) + 3.0)
    compare(case, BINARY[op], None, a, b)


@pytest.mark.parametrize("op", sorted(BINARY))
@pytest.mark.parametrize("scalar", [2.5, -3, 0.5])
def test_binary_with_python_scalar(op: str, scalar: float) -> None:
    case = f"{op} scalar {scalar}"
    a = rng(case).standard_normal((3, 4)) + 4.0
    fn = BINARY[op]
    compare(case + " right", lambda x: fn(x, scalar), None, a)
    compare(case + " left", lambda x: fn(scalar, x), None, a)


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -1.5, 0, 1])
def test_pow_scalar_exponent(exponent: float) -> None:
    case = f"pow x**{exponent}"
    a = np.abs(rng(case).standard_normal((3, 4))) + 0.3
    compare(case, lambda x: x**exponent, None, a)


@pytest.mark.parametrize("exponent", [2, 3])
def test_pow_integer_exponent_negative_base(exponent: int) -> None:
    case = f"pow negative base **{exponent}"
    a = rng(case).standard_normal((3, 4))
    compare(case, lambda x: x**exponent, None, a)


@pytest.mark.parametrize("shapes", BROADCAST, ids=str)
def test_pow_tensor_exponent(shapes: tuple[tuple[int, ...], ...]) -> None:
    case = f"pow tensor {shapes}"
    g = rng(case)
    a = np.abs(g.standard_normal(shapes[0])) + 0.5
    b = g.standard_normal(shapes[1])
    compare(case, lambda x, y: x**y, None, a, b)


def test_rpow() -> None:
    case = "2**x"
    a = rng(case).standard_normal((3, 4))
    compare(case, lambda x: 2.0**x, None, a)


def test_neg_and_pos() -> None:
    a = rng("neg").standard_normal((3, 4))
    compare("neg", lambda x: -x, None, a)
    compare("pos", lambda x: +x * 1.0, None, a)


MATMUL_SHAPES = [
    ((3, 4), (4, 5)),
    ((4,), (4,)),
    ((4,), (4, 5)),
    ((3, 4), (4,)),
    ((2, 3, 4), (4, 5)),
    ((3, 4), (2, 4, 5)),
    ((2, 1, 3, 4), (5, 4, 2)),
    ((2, 3, 4), (4,)),
    ((4,), (2, 4, 5)),
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul(shapes: tuple[tuple[int, ...], ...]) -> None:
    case = f"matmul {shapes}"
    g = rng(case)
    compare(
        case, lambda a, b: a @ b, None, g.standard_normal(shapes[0]), g.standard_normal(shapes[1])
    )


def test_matmul_noncontiguous() -> None:
    case = "matmul non-contiguous"
    g = rng(case)
    a = noncontiguous(g.standard_normal((3, 4)))
    b = transposed(g.standard_normal((4, 5)))
    compare(case, lambda x, y: x @ y, None, a, b)


def test_rmatmul_with_array() -> None:
    case = "array @ tensor"
    g = rng(case)
    a = g.standard_normal((3, 4))
    w = g.standard_normal((2, 3))
    compare(case, lambda x: w @ x, lambda x: torch.from_numpy(w) @ x, a)


REDUCE_DIMS: list[Any] = [None, 0, 1, -1, -2, (0, 2), (-1, 0), (0, 1, 2), [1, 2]]


@pytest.mark.parametrize("name", ["sum", "mean"])
@pytest.mark.parametrize("dim", REDUCE_DIMS, ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_reductions(name: str, dim: Any, keepdim: bool) -> None:
    case = f"{name} dim={dim} keepdim={keepdim}"
    a = rng(case).standard_normal((2, 3, 4))
    if dim is None:
        compare(
            case,
            lambda x: getattr(x, name)(None, keepdim=keepdim),
            lambda x: getattr(x, name)((0, 1, 2), keepdim=keepdim),
            a,
        )
        return
    compare(case, lambda x: getattr(x, name)(dim, keepdim=keepdim), None, a)


@pytest.mark.parametrize("name", ["sum", "mean"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_reductions_empty_dim_tuple(name: str, keepdim: bool) -> None:
    case = f"{name} dim=() keepdim={keepdim}"
    a = rng(case).standard_normal((2, 3, 4))
    compare(case, lambda x: getattr(x, name)((), keepdim=keepdim), None, a)


@pytest.mark.parametrize("name", ["sum", "mean"])
def test_reductions_noncontiguous_and_0d(name: str) -> None:
    case = f"{name} non-contiguous"
    a = noncontiguous(rng(case).standard_normal((3, 4)))
    compare(case, lambda x: getattr(x, name)(0), None, a)
    compare(f"{name} 0-d", lambda x: getattr(x, name)(), None, np.array(1.5))


RESHAPES: list[tuple[tuple[int, ...], tuple[int, ...]]] = [
    ((2, 3, 4), (6, 4)),
    ((2, 3, 4), (-1,)),
    ((2, 3, 4), (4, -1, 2)),
    ((6,), (1, 6, 1)),
    ((1,), ()),
]


@pytest.mark.parametrize("shapes", RESHAPES, ids=str)
def test_reshape_and_view(shapes: tuple[tuple[int, ...], tuple[int, ...]]) -> None:
    case = f"reshape {shapes}"
    a = rng(case).standard_normal(shapes[0])
    compare(case, lambda x: x.reshape(shapes[1]) * 2.0, None, a)
    if shapes[1]:
        compare(case + " varargs", lambda x: x.reshape(*shapes[1]) * 2.0, None, a)
    compare(case + " view", lambda x: x.view(shapes[1]) * 2.0, None, np.ascontiguousarray(a))


def test_reshape_noncontiguous() -> None:
    case = "reshape non-contiguous"
    a = noncontiguous(rng(case).standard_normal((3, 4)))
    compare(case, lambda x: x.reshape(4, 3) * 2.0, None, a)


@pytest.mark.parametrize("dims", [(0, 1), (-1, 0), (1, -1), (2, 2)], ids=str)
def test_transpose(dims: tuple[int, int]) -> None:
    case = f"transpose {dims}"
    a = rng(case).standard_normal((2, 3, 4))
    compare(case, lambda x: x.transpose(*dims) * 2.0, None, a)


@pytest.mark.parametrize("dims", [(2, 0, 1), (0, 1, 2), (-1, -3, -2)], ids=str)
def test_permute(dims: tuple[int, ...]) -> None:
    case = f"permute {dims}"
    a = rng(case).standard_normal((2, 3, 4))
    compare(case, lambda x: x.permute(dims) * 2.0, None, a)
    compare(case + " varargs", lambda x: x.permute(*dims) * 2.0, None, a)


def test_T_and_mT() -> None:
    g = rng("T")
    compare("T 2-d", lambda x: x.T * 2.0, None, g.standard_normal((3, 4)))
    compare("mT 3-d", lambda x: x.mT * 2.0, None, g.standard_normal((2, 3, 4)))
    # torch deprecates .T on more than 2 dimensions; ours reverses all of them as NumPy.
    a = g.standard_normal((2, 3, 4))
    compare("T 3-d", lambda x: x.T * 2.0, lambda x: x.permute(2, 1, 0) * 2.0, a)


INDICES: list[Any] = [
    1,
    -1,
    (slice(None), 2),
    (slice(1, None), slice(None, None, 2)),
    (Ellipsis, -1),
    (None, 0),
    (slice(None), None, slice(0, 2)),
    (0, slice(None), -2),
    (slice(None, None, -1),),
]


@pytest.mark.parametrize("index", INDICES, ids=str)
def test_basic_indexing(index: Any) -> None:
    case = f"index {index}"
    a = rng(case).standard_normal((3, 4, 5))
    if isinstance(index, tuple) and any(
        isinstance(p, slice) and p.step is not None and p.step < 0 for p in index
    ):
        # torch has no negative steps; flip is the same selection.
        compare(case, lambda x: x[index] * 2.0, lambda x: x.flip(0) * 2.0, a)
        return
    compare(case, lambda x: x[index] * 2.0, None, a)


@pytest.mark.parametrize(
    "index",
    [
        np.array([0, 2, 2, 1]),
        np.array([[0, 1], [1, 1]]),
        (np.array([0, 2, 0]), np.array([1, 1, 1])),
        (slice(None), np.array([3, 0, 3])),
        (np.array([1, 1]), slice(None), np.array([4, 4])),
        np.array([-1, -3]),
    ],
    ids=lambda i: repr(i).replace("\n", ""),
)
def test_advanced_indexing_with_repeats(index: Any) -> None:
    case = f"advanced index {index!r}"
    a = rng(case).standard_normal((3, 4, 5))
    if isinstance(index, tuple):
        t_index: Any = tuple(torch.from_numpy(i) if isinstance(i, np.ndarray) else i for i in index)
    else:
        t_index = torch.from_numpy(index)
    compare(case, lambda x: x[index] * 2.0, lambda x: x[t_index] * 2.0, a)


def test_index_with_tensor_and_list() -> None:
    case = "index with an ad_core tensor and a list"
    a = rng(case).standard_normal((4, 3))
    idx = np.array([3, 0, 3])
    compare(case, lambda x: x[ad_core.Tensor(idx)], lambda x: x[torch.from_numpy(idx)], a)
    compare(case + " list", lambda x: x[[1, 1, 2]], lambda x: x[[1, 1, 2]], a)


def test_boolean_mask_indexing() -> None:
    case = "boolean mask"
    a = rng(case).standard_normal((3, 4))
    mask = a > 0.2
    compare(case, lambda x: x[mask] * 2.0, lambda x: x[torch.from_numpy(mask)] * 2.0, a)
    row = np.array([True, False, True])
    compare(case + " rows", lambda x: x[row], lambda x: x[torch.from_numpy(row)], a)


def test_index_noncontiguous() -> None:
    case = "index non-contiguous"
    a = noncontiguous(rng(case).standard_normal((4, 6)))
    compare(case, lambda x: x[1:, np.array([0, 0, 5])], lambda x: x[1:, [0, 0, 5]], a)


@pytest.mark.parametrize("op", ["lt", "le", "gt", "ge", "eq", "ne"])
def test_comparisons(op: str) -> None:
    case = f"compare {op}"
    g = rng(case)
    a = g.integers(0, 3, (3, 4)).astype(np.float64)
    b = g.integers(0, 3, (4,)).astype(np.float64)
    fn: Fn = lambda x, y: getattr(x, f"__{op}__")(y)  # noqa: E731
    compare(case, fn, None, a, b, grad=False)
    compare(case + " scalar", lambda x: getattr(x, f"__{op}__")(1.0), None, a, grad=False)


def test_astype_roundtrip_gradient() -> None:
    case = "astype float32 and back"
    a = rng(case).standard_normal((3, 4))
    compare(
        case,
        lambda x: x.astype(np.float32).astype(np.float64) * 3.0,
        lambda x: x.float().double() * 3.0,
        a,
        rtol=1e-6,
        atol=1e-6,
    )
    compare(case + " float/double", lambda x: x.float().double() * 3.0, None, a, atol=1e-6)


@pytest.mark.parametrize(
    "shapes", [((3,), (2, 3)), ((3, 1), (3, 4)), ((1,), (2, 2, 1)), ((), (3,))], ids=str
)
def test_broadcast_to(shapes: tuple[tuple[int, ...], tuple[int, ...]]) -> None:
    case = f"broadcast_to {shapes}"
    a = rng(case).standard_normal(shapes[0])
    compare(
        case,
        lambda x: ad_core.broadcast_to(x, shapes[1]) * 2.0,
        lambda x: torch.broadcast_to(x, shapes[1]) * 2.0,
        a,
    )


def test_sum_to() -> None:
    case = "sum_to (3, 1)"
    a = rng(case).standard_normal((2, 3, 4))
    compare(
        case,
        lambda x: ad_core.sum_to(x, (3, 1)),
        lambda x: x.sum(0).sum(-1, keepdim=True),
        a,
    )


def test_reused_input_accumulates() -> None:
    case = "x used three times"
    a = rng(case).standard_normal((3, 4))
    compare(case, lambda x: x * x + x @ x.T @ x - x[0], None, a)


def test_backward_into_leaf_grad() -> None:
    case = "Tensor.backward accumulates twice"
    a = rng(case).standard_normal((3, 4))
    ours = ad_core.Tensor(a, requires_grad=True)
    theirs = torch.from_numpy(a).requires_grad_(True)
    for _ in range(2):
        ((ours * ours).sum() / 3.0).backward()
        ((theirs * theirs).sum() / 3.0).backward()  # type: ignore[no-untyped-call]
    assert ours.grad is not None and theirs.grad is not None
    assert_close(case, ours.grad, theirs.grad)


SECOND_ORDER: dict[str, tuple[Fn, list[tuple[int, ...]]]] = {
    "x**3 * y": (lambda x, y: (x**3 * y).sum(), [(3, 4), (4,)]),
    "(x @ y)**2 / x.mean()": (
        lambda x, y: ((x @ y) ** 2).sum() / (x.mean() + 5.0),
        [(3, 4), (4, 2)],
    ),
    "x**y": (lambda x, y: (x**y).sum(), [(3,), (3,)]),
    "1 / (1 + x*x) indexed": (lambda x: (1.0 / (1.0 + x * x))[1:, ::2].sum(), [(3, 4)]),
    "vector": (lambda x, y: (x * y / (y + 3.0)) @ x.T, [(2, 3), (2, 3)]),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_second_derivatives(name: str) -> None:
    fn, shapes = SECOND_ORDER[name]
    g = rng(name)
    arrays = [np.abs(g.standard_normal(s)) + 0.5 for s in shapes]
    compare_double(f"second derivative of {name}", fn, None, *arrays)
