"""ad_ops shape, indexing and linear-algebra functions against PyTorch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from oracle_compare import compare, compare_double, noncontiguous, rng

import ad_core
import ad_ops as F


def test_reshape_transpose_permute() -> None:
    x = rng("shape").standard_normal((2, 3, 4))
    compare("reshape", lambda t: F.reshape(t, (4, -1)), lambda t: torch.reshape(t, (4, -1)), x)
    compare("transpose", lambda t: F.transpose(t, 0, -1), lambda t: torch.transpose(t, 0, -1), x)
    compare(
        "permute", lambda t: F.permute(t, (1, -1, 0)), lambda t: torch.permute(t, (1, -1, 0)), x
    )
    compare("matmul", lambda t: F.matmul(t, t.mT), lambda t: torch.matmul(t, t.mT), x)


@pytest.mark.parametrize("dim", [0, 1, -1, 3, -4])
def test_unsqueeze(dim: int) -> None:
    x = rng("unsqueeze").standard_normal((2, 3, 4))
    compare(f"unsqueeze {dim}", lambda t: F.unsqueeze(t, dim), lambda t: torch.unsqueeze(t, dim), x)


@pytest.mark.parametrize("dim", [None, 0, 2, -1, (0, 2), (1,)], ids=str)
def test_squeeze(dim: Any) -> None:
    x = rng("squeeze").standard_normal((1, 3, 1, 1))
    theirs = (lambda t: torch.squeeze(t)) if dim is None else (lambda t: torch.squeeze(t, dim))
    compare(f"squeeze {dim}", lambda t: F.squeeze(t, dim), theirs, x)


@pytest.mark.parametrize(("start", "end"), [(0, -1), (1, -1), (0, 1), (-2, -1), (2, 2)])
def test_flatten(start: int, end: int) -> None:
    x = rng("flatten").standard_normal((2, 3, 4, 5))
    compare(
        f"flatten {start} {end}",
        lambda t: F.flatten(t, start, end),
        lambda t: torch.flatten(t, start, end),
        x,
    )


@pytest.mark.parametrize("size", [(3, 4), (2, 3, 4), (-1, 4), (2, -1, -1)], ids=str)
def test_broadcast_to(size: tuple[int, ...]) -> None:
    x = rng("broadcast_to").standard_normal((3, 1))
    compare(
        f"broadcast_to {size}",
        lambda t: F.broadcast_to(t, size),
        lambda t: torch.broadcast_to(t, size),
        x,
    )


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cat_and_stack(dim: int) -> None:
    case = f"cat/stack dim={dim}"
    g = rng(case)
    a, b, c = (g.standard_normal((2, 3)) for _ in range(3))
    compare(case, lambda *t: F.cat(list(t), dim), lambda *t: torch.cat(list(t), dim), a, b, c)
    compare(case, lambda *t: F.stack(t, dim), lambda *t: torch.stack(t, dim), a, b, c)
    compare(
        case + " non-contiguous",
        lambda *t: F.cat(t, dim),
        lambda *t: torch.cat(t, dim),
        noncontiguous(a),
        b,
    )


def test_cat_uneven_sizes() -> None:
    g = rng("cat uneven")
    a, b = g.standard_normal((2, 3)), g.standard_normal((4, 3))
    compare("cat uneven", lambda x, y: F.cat([x, y], 0), lambda x, y: torch.cat([x, y], 0), a, b)


@pytest.mark.parametrize("split", [2, 3, [1, 4], [2, 0, 3]], ids=str)
@pytest.mark.parametrize("dim", [0, -1])
def test_split(split: Any, dim: int) -> None:
    case = f"split {split} dim={dim}"
    x = rng(case).standard_normal((5, 5))
    compare(case, lambda t: F.split(t, split, dim), lambda t: torch.split(t, split, dim), x)


@pytest.mark.parametrize("chunks", [1, 2, 3, 5])
def test_chunk(chunks: int) -> None:
    x = rng("chunk").standard_normal((2, 7))
    compare(
        f"chunk {chunks}",
        lambda t: F.chunk(t, chunks, 1),
        lambda t: torch.chunk(t, chunks, 1),
        x,
    )


@pytest.mark.parametrize(
    "pad", [(1, 2), (0, 0, 2, 1), (1, 1, 1, 1, 1, 0), (-1, 2), (2, -1, 0, 1)], ids=str
)
@pytest.mark.parametrize("value", [None, 0.0, -1.5])
def test_pad(pad: tuple[int, ...], value: Any) -> None:
    case = f"pad {pad} value={value}"
    x = rng(case).standard_normal((2, 3, 4))
    compare(
        case,
        lambda t: F.pad(t, pad, value=value),
        lambda t: TF.pad(t, pad, value=value if value is not None else 0.0),
        x,
    )


@pytest.mark.parametrize("dims", [0, -1, (0, 2), (1,)], ids=str)
def test_flip(dims: Any) -> None:
    x = rng("flip").standard_normal((2, 3, 4))
    td = (dims,) if isinstance(dims, int) else dims
    compare(f"flip {dims}", lambda t: F.flip(t, dims), lambda t: torch.flip(t, td), x)


@pytest.mark.parametrize("sizes", [(2, 1), (1, 3), (2, 2, 2), ((3, 1),)], ids=str)
def test_repeat(sizes: tuple[Any, ...]) -> None:
    x = rng("repeat").standard_normal((2, 3))
    compare(f"repeat {sizes}", lambda t: F.repeat(t, *sizes), lambda t: t.repeat(*sizes), x)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_gather(dim: int) -> None:
    case = f"gather dim={dim}"
    g = rng(case)
    x = g.standard_normal((3, 4))
    idx = g.integers(0, x.shape[dim], (3, 4) if dim == 0 else (3, 6))
    if dim == 0:
        idx = g.integers(0, 3, (5, 4))
    compare(
        case,
        lambda t: F.gather(t, dim, ad_core.Tensor(idx)),
        lambda t: torch.gather(t, dim, torch.from_numpy(idx)),
        x,
    )


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_index_select_repeats(dim: int) -> None:
    case = f"index_select dim={dim}"
    x = rng(case).standard_normal((3, 4))
    idx = np.array([2, 0, 2, 1])
    compare(
        case,
        lambda t: F.index_select(t, dim, ad_core.Tensor(idx)),
        lambda t: torch.index_select(t, dim, torch.from_numpy(idx)),
        x,
    )


@pytest.mark.parametrize("mask_shape", [(3, 4), (4,), (3, 1)], ids=str)
def test_masked_fill(mask_shape: tuple[int, ...]) -> None:
    case = f"masked_fill {mask_shape}"
    g = rng(case)
    x = g.standard_normal((3, 4))
    mask = g.random(mask_shape) > 0.5
    compare(
        case,
        lambda t: F.masked_fill(t, ad_core.Tensor(mask), -2.5),
        lambda t: t.masked_fill(torch.from_numpy(mask), -2.5),
        x,
    )


@pytest.mark.parametrize("num_classes", [-1, 6])
def test_one_hot(num_classes: int) -> None:
    idx = np.array([[0, 3], [2, 2]])
    compare(
        f"one_hot {num_classes}",
        lambda t: F.one_hot(t, num_classes),
        lambda t: TF.one_hot(t, num_classes),
        idx,
        grad=False,
    )


@pytest.mark.parametrize("padding_idx", [None, 1])
def test_embedding(padding_idx: Any) -> None:
    case = f"embedding padding_idx={padding_idx}"
    g = rng(case)
    w = g.standard_normal((5, 3))
    idx = np.array([[1, 4, 1], [0, 1, 2]])
    compare(
        case,
        lambda i, wt: F.embedding(i, wt, padding_idx),
        lambda i, wt: TF.embedding(i, wt, padding_idx),
        idx,
        w,
    )


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5,), (4, 5), (2, 3, 5)], ids=str)
def test_linear(bias: bool, shape: tuple[int, ...]) -> None:
    case = f"linear {shape} bias={bias}"
    g = rng(case)
    arrays = [g.standard_normal(shape), g.standard_normal((3, 5))]
    if bias:
        arrays.append(g.standard_normal(3))
    compare(case, F.linear, TF.linear, *arrays)


# Repeated letters within one operand (diagonals) are not supported by ad_ops.einsum.
EINSUMS: dict[str, list[tuple[int, ...]]] = {
    "ij,jk->ik": [(3, 4), (4, 5)],
    "bij,bjk->bik": [(2, 3, 4), (2, 4, 5)],
    "ij->": [(3, 4)],
    "ij->ji": [(3, 4)],
    "i,j->ij": [(3,), (4,)],
    "...ij,...jk": [(2, 3, 4), (4, 2)],
    "bhqd,bhkd->bhqk": [(2, 2, 3, 4), (2, 2, 5, 4)],
    "ij,ij->i": [(3, 4), (3, 4)],
}


@pytest.mark.parametrize("equation", sorted(EINSUMS))
def test_einsum(equation: str) -> None:
    g = rng(equation)
    arrays = [g.standard_normal(s) for s in EINSUMS[equation]]
    compare(
        f"einsum {equation}",
        lambda *t: F.einsum(equation, *t),
        lambda *t: torch.einsum(equation, *t),
        *arrays,
    )


def test_einsum_second_derivative() -> None:
    g = rng("einsum second")
    a, b = g.standard_normal((3, 4)), g.standard_normal((4, 2))
    compare_double(
        "einsum second derivative",
        lambda x, y: (F.einsum("ij,jk->ik", x, y) ** 2).sum(),
        lambda x, y: (torch.einsum("ij,jk->ik", x, y) ** 2).sum(),
        a,
        b,
    )


@pytest.mark.parametrize("name", ["tril", "triu"])
@pytest.mark.parametrize("diagonal", [-2, -1, 0, 1, 4])
def test_tril_triu(name: str, diagonal: int) -> None:
    case = f"{name} diagonal={diagonal}"
    x = rng(case).standard_normal((2, 3, 4))
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(case, lambda t: ours(t, diagonal), lambda t: theirs(t, diagonal), x)
    compare(
        case + " keyword",
        lambda t: ours(t, diagonal=diagonal),
        lambda t: theirs(t, diagonal=diagonal),
        noncontiguous(x),
    )


@pytest.mark.parametrize(
    ("shifts", "dims"),
    [(1, None), (-7, None), (2, 0), (1, -1), ((1, -2), (0, 2)), ((1, 1), (1, 1)), ((5,), (1,))],
    ids=str,
)
def test_roll(shifts: Any, dims: Any) -> None:
    case = f"roll {shifts} {dims}"
    x = rng(case).standard_normal((2, 3, 4))
    compare(case, lambda t: F.roll(t, shifts, dims), lambda t: torch.roll(t, shifts, dims), x)


@pytest.mark.parametrize(("dim", "start", "length"), [(0, 0, 1), (1, 1, 2), (-1, -3, 2), (2, 4, 0)])
def test_narrow(dim: int, start: int, length: int) -> None:
    case = f"narrow {dim} {start} {length}"
    x = rng(case).standard_normal((2, 3, 4))
    compare(
        case,
        lambda t: F.narrow(t, dim, start, length),
        lambda t: torch.narrow(t, dim, start, length),
        x,
    )


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_unbind(dim: int) -> None:
    case = f"unbind {dim}"
    x = rng(case).standard_normal((2, 3, 4))
    compare(case, lambda t: F.unbind(t, dim), lambda t: torch.unbind(t, dim), x)


@pytest.mark.parametrize(
    ("source", "destination"), [(0, -1), (-1, 0), ((0, 1), (2, 0)), ([2, 0], [0, 1])], ids=str
)
def test_movedim(source: Any, destination: Any) -> None:
    case = f"movedim {source} {destination}"
    x = rng(case).standard_normal((2, 3, 4))
    compare(
        case,
        lambda t: F.movedim(t, source, destination),
        lambda t: torch.movedim(t, source, destination),
        x,
    )


@pytest.mark.parametrize(("dim", "sizes"), [(2, (2, 2)), (-1, (4, 1)), (1, (-1, 1)), (0, (1, 2))])
def test_unflatten(dim: int, sizes: tuple[int, ...]) -> None:
    case = f"unflatten {dim} {sizes}"
    x = rng(case).standard_normal((2, 3, 4))
    compare(case, lambda t: F.unflatten(t, dim, sizes), lambda t: torch.unflatten(t, dim, sizes), x)


@pytest.mark.parametrize("dim", [0, 1])
def test_scatter(dim: int) -> None:
    case = f"scatter dim={dim}"
    g = rng(case)
    x = g.standard_normal((4, 5))
    # One permutation per column (dim 0) or row (dim 1): no place is written twice.
    perm = np.argsort(g.random((4, 5)), axis=dim)
    index = perm[:3] if dim == 0 else perm[:, :3]
    # PyTorch's backward fails for a src larger than index: equal shapes here.
    src = g.standard_normal(index.shape)
    i = torch.from_numpy(index)
    compare(
        case,
        lambda a, b: F.scatter(a, dim, index, b),
        lambda a, b: torch.scatter(a, dim, i, b),
        x,
        src,
    )
    compare(
        case + " value",
        lambda a: F.scatter(a, dim, index, value=2.5),
        lambda a: torch.scatter(a, dim, i, value=2.5),
        x,
    )


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_scatter_add(dim: int) -> None:
    case = f"scatter_add dim={dim}"
    g = rng(case)
    x, src = g.standard_normal((4, 5)), g.standard_normal((3, 4))
    index = g.integers(0, 4 if dim == 0 else 5, (3, 4))
    i = torch.from_numpy(index)
    compare(
        case,
        lambda a, b: F.scatter_add(a, dim, index, b),
        lambda a, b: torch.scatter_add(a, dim, i, b),
        x,
        src,
    )
    compare_double(
        case,
        lambda a, b: F.scatter_add(a * a, dim, index, b * b),
        lambda a, b: torch.scatter_add(a * a, dim, i, b * b),
        x,
        src,
    )


@pytest.mark.parametrize("mask_shape", [(3, 4), (4,), (3, 1), (2, 3, 4)], ids=str)
def test_masked_select(mask_shape: tuple[int, ...]) -> None:
    case = f"masked_select {mask_shape}"
    g = rng(case)
    x = g.standard_normal((3, 4))
    mask = g.random(mask_shape) > 0.4
    compare(case, F.masked_select, torch.masked_select, x, mask)


@pytest.mark.parametrize("dim", [None, 0, 1, -1], ids=str)
def test_take_along_dim(dim: Any) -> None:
    case = f"take_along_dim {dim}"
    g = rng(case)
    x = g.standard_normal((3, 4))
    if dim is None:
        # PyTorch refuses negative indices here (it wraps them when given a dim).
        index = g.integers(0, 12, (5,))
    else:
        index = g.integers(-x.shape[dim], x.shape[dim], (1, 4) if dim == 0 else (3, 1))
    i = torch.from_numpy(index)
    compare(
        case,
        lambda t: F.take_along_dim(t, index, dim),
        lambda t: torch.take_along_dim(t, i, dim),
        x,
    )


@pytest.mark.parametrize(
    ("repeats", "dim"), [(2, None), (3, 0), (2, -1), ([1, 0, 3, 2], 1), ([2], 0)], ids=str
)
def test_repeat_interleave(repeats: Any, dim: Any) -> None:
    case = f"repeat_interleave {repeats} {dim}"
    x = rng(case).standard_normal((3, 4))
    ours_r = repeats if isinstance(repeats, int) else ad_core.tensor(repeats)
    theirs_r = repeats if isinstance(repeats, int) else torch.tensor(repeats)
    compare(
        case,
        lambda t: F.repeat_interleave(t, ours_r, dim),
        lambda t: torch.repeat_interleave(t, theirs_r, dim),
        x,
    )
    compare_double(
        case,
        lambda t: F.repeat_interleave(t * t, ours_r, dim),
        lambda t: torch.repeat_interleave(t * t, theirs_r, dim),
        x,
    )
