"""ad_ops reductions and the softmax family against PyTorch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import compare, compare_double, noncontiguous, rng

import ad_ops as F

DIMS: list[Any] = [None, 0, -1, 1, (0, 2), (-1, -3), [1]]


def _torch_dim(dim: Any) -> Any:
    return tuple(dim) if isinstance(dim, list) else dim


@pytest.mark.parametrize("name", ["sum", "mean", "logsumexp", "prod"])
@pytest.mark.parametrize("dim", DIMS, ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_reduction(name: str, dim: Any, keepdim: bool) -> None:
    case = f"{name} dim={dim} keepdim={keepdim}"
    x = rng(case).standard_normal((2, 3, 4))
    ours = getattr(F, name)
    theirs = getattr(torch, name)
    td = _torch_dim(dim)
    if name == "prod" and (dim is None or not isinstance(td, int)):
        # torch.prod takes one int dim (or none): reduce one dimension at a time.
        dims = range(3) if dim is None else sorted((d % 3 for d in td), reverse=True)

        def torch_prod(t: torch.Tensor) -> torch.Tensor:
            for d in dims:
                t = torch.prod(t, d, keepdim=True)
            return t if keepdim else t.squeeze(tuple(dims))

        compare(case, lambda t: ours(t, dim, keepdim), torch_prod, x)
        return
    if dim is None and name == "logsumexp":
        td = (0, 1, 2)
    if dim is None and keepdim:
        td = (0, 1, 2)
    compare(case, lambda t: ours(t, dim, keepdim), lambda t: theirs(t, td, keepdim=keepdim), x)


@pytest.mark.parametrize("name", ["amax", "amin"])
@pytest.mark.parametrize("dim", DIMS, ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_amax_amin(name: str, dim: Any, keepdim: bool) -> None:
    case = f"{name} dim={dim} keepdim={keepdim}"
    x = rng(case).standard_normal((2, 3, 4))
    td = () if dim is None else _torch_dim(dim)
    compare(
        case,
        lambda t: getattr(F, name)(t, td, keepdim),
        lambda t: getattr(torch, name)(t, td, keepdim=keepdim),
        x,
    )


@pytest.mark.parametrize("name", ["amax", "amin"])
@pytest.mark.parametrize("dim", [(), 0, 1, (0, 1)], ids=str)
def test_amax_amin_ties(name: str, dim: Any) -> None:
    case = f"{name} ties dim={dim}"
    x = np.array([[1.0, 3.0, 3.0, -2.0], [-2.0, 0.5, 3.0, -2.0], [0.0, 0.0, 0.0, 0.0]])
    compare(case, lambda t: getattr(F, name)(t, dim), lambda t: getattr(torch, name)(t, dim), x)


@pytest.mark.parametrize("name", ["max", "min"])
@pytest.mark.parametrize("dim", [0, 1, -1], ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_max_min_along_dim_values_indices(name: str, dim: int, keepdim: bool) -> None:
    case = f"{name}(dim={dim}, keepdim={keepdim})"
    # Small integers: many ties, where the index (and so the gradient) is the first.
    x = rng(case).integers(-2, 3, (3, 4, 5)).astype(np.float64)
    compare(
        case,
        lambda t: tuple(getattr(F, name)(t, dim, keepdim)),
        lambda t: tuple(getattr(torch, name)(t, dim, keepdim)),
        x,
    )
    compare(
        case + " keywords",
        lambda t: getattr(F, name)(t, dim=dim, keepdim=keepdim).values,
        lambda t: getattr(torch, name)(t, dim=dim, keepdim=keepdim).values,
        x,
    )


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_of_two_tensors(name: str) -> None:
    case = f"{name}(input, other)"
    g = rng(case)
    a, b = g.standard_normal((3, 4)), g.standard_normal((4,))
    b[1] = a[0, 1]
    compare(case, getattr(F, name), getattr(torch, name), a, b)
    compare(
        case + " keyword",
        lambda s, t: getattr(F, name)(s, other=t),
        lambda s, t: getattr(torch, name)(s, other=t),
        a,
        b,
    )


def test_full_max_equals_torch_max() -> None:
    x = np.array([[1.0, 3.0], [3.0, -1.0]])
    compare("max() with a tie", F.max, torch.max, x)
    compare("min() with a tie", F.min, torch.min, -x)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@pytest.mark.parametrize("dim", [None, 0, 1, -1], ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_argmax_argmin_first_of_ties(name: str, dim: Any, keepdim: bool) -> None:
    case = f"{name} dim={dim} keepdim={keepdim}"
    x = rng(case).integers(-2, 2, (4, 5)).astype(np.float64)
    if dim is None and keepdim:
        # torch keeps every dimension for dim=None, keepdim=True.
        compare(
            case,
            lambda t: getattr(F, name)(t, None, True),
            lambda t: getattr(torch, name)(t, None, True),
            x,
            grad=False,
        )
        return
    compare(
        case,
        lambda t: getattr(F, name)(t, dim, keepdim),
        lambda t: getattr(torch, name)(t, dim, keepdim),
        x,
        grad=False,
    )


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("dim", DIMS, ids=str)
@pytest.mark.parametrize("correction", [0, 1, 2])
def test_var_std(name: str, dim: Any, correction: int) -> None:
    case = f"{name} dim={dim} correction={correction}"
    x = rng(case).standard_normal((2, 3, 4))
    td = _torch_dim(dim)
    compare(
        case,
        lambda t: getattr(F, name)(t, dim, correction=correction),
        lambda t: getattr(torch, name)(t, td, correction=correction),
        x,
    )
    compare(
        case + " keepdim",
        lambda t: getattr(F, name)(t, dim, correction=correction, keepdim=True),
        lambda t: getattr(torch, name)(t, td, correction=correction, keepdim=True),
        x,
    )


@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_unbiased(name: str) -> None:
    case = f"{name} unbiased"
    x = rng(case).standard_normal((3, 4))
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(case + " positional", lambda t: ours(t, False), lambda t: theirs(t, False), x)
    compare(case + " dim", lambda t: ours(t, 1, False), lambda t: theirs(t, 1, False), x)
    compare(
        case + " keepdim",
        lambda t: ours(t, (0, 1), True, True),
        lambda t: theirs(t, (0, 1), True, True),
        x,
    )
    compare(
        case + " keyword",
        lambda t: ours(t, 0, unbiased=False),
        lambda t: theirs(t, 0, unbiased=False),
        x,
    )


@pytest.mark.parametrize("name", ["sum", "mean", "prod"])
def test_dtype_keyword(name: str) -> None:
    case = f"{name} dtype"
    x = rng(case).integers(1, 4, (3, 4))
    ours, theirs = getattr(F, name), getattr(torch, name)
    compare(
        case,
        lambda t: ours(t, 1, dtype=np.float64),
        lambda t: theirs(t, 1, dtype=torch.float64),
        x,
        grad=False,
    )
    y = rng(case + " float").standard_normal((3, 4))
    compare(
        case + " float32 of float64",
        lambda t: ours(t, 0, dtype=np.float32),
        lambda t: theirs(t, 0, dtype=torch.float32),
        y,
        rtol=1e-5,
    )


def test_norm_defaults() -> None:
    x = rng("norm defaults").standard_normal((3, 4))
    compare("norm()", F.norm, torch.norm, x)
    compare("norm(dim=1)", lambda t: F.norm(t, dim=1), lambda t: torch.norm(t, dim=1), x)
    compare("norm(None, 0)", lambda t: F.norm(t, None, 0), lambda t: torch.norm(t, None, 0), x)


def test_prod_with_zeros() -> None:
    x = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 1.5], [1.0, -2.0, 4.0]])
    compare("prod with zeros dim=1", lambda t: F.prod(t, 1), lambda t: torch.prod(t, 1), x)
    compare("prod with zeros dim=0", lambda t: F.prod(t, 0), lambda t: torch.prod(t, 0), x)
    compare("prod with one zero, all", F.prod, torch.prod, x[0])


# torch.norm's 'fro' takes two dims or none.
NORMS = [
    (p, dim)
    for p in (2, 1, 3, 0.5, float("inf"), float("-inf"), "fro")
    for dim in (None, 1, (0, 1))
    if not (p == "fro" and dim == 1)
]


@pytest.mark.parametrize(("p", "dim"), NORMS, ids=str)
def test_norm(p: Any, dim: Any) -> None:
    case = f"norm p={p} dim={dim}"
    x = rng(case).standard_normal((3, 4))
    compare(case, lambda t: F.norm(t, p, dim), lambda t: torch.norm(t, p, dim), x)
    compare(
        case + " keepdim",
        lambda t: F.norm(t, p, dim, keepdim=True),
        lambda t: torch.norm(t, p, dim, keepdim=True),
        x,
    )


def test_norm_p0_counts_nonzeros_and_zero_vector() -> None:
    x = np.array([[0.0, 1.5, -2.0], [0.0, 0.0, 0.0]])
    compare("norm p=0", lambda t: F.norm(t, 0, 1), lambda t: torch.norm(t, 0, 1), x)
    compare("norm of a zero row", lambda t: F.norm(t, 2, 1), lambda t: torch.norm(t, 2, 1), x)


def test_reductions_noncontiguous() -> None:
    case = "reductions non-contiguous"
    x = noncontiguous(rng(case).standard_normal((3, 5)))
    compare(case + " amax", lambda t: F.amax(t, 1), lambda t: torch.amax(t, 1), x)
    compare(case + " max(dim)", lambda t: F.max(t, 1)[0], lambda t: torch.max(t, 1)[0], x)
    compare(case + " logsumexp", lambda t: F.logsumexp(t, 0), lambda t: torch.logsumexp(t, 0), x)
    compare(case + " var", lambda t: F.var(t, 1), lambda t: torch.var(t, 1), x)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("dim", [0, 1, -1, -3], ids=str)
def test_softmax_family(name: str, dim: int) -> None:
    case = f"{name} dim={dim}"
    x = rng(case).standard_normal((2, 3, 4)) * 3
    compare(case, lambda t: getattr(F, name)(t, dim), lambda t: getattr(torch, name)(t, dim), x)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "logsumexp"])
def test_extreme_logits(name: str) -> None:
    case = f"{name} extreme logits"
    x = np.array(
        [
            [1000.0, 0.0, -1000.0],
            [-1e4, -1e4, -1e4],
            [1e4, 1e4 - 1.0, -1e4],
            [0.0, 745.0, -745.0],
            [-800.0, 800.0, 0.0],
        ]
    )
    compare(case, lambda t: getattr(F, name)(t, 1), lambda t: getattr(torch, name)(t, 1), x)
    compare(
        case + " dim 0", lambda t: getattr(F, name)(t, 0), lambda t: getattr(torch, name)(t, 0), x
    )


def test_logsumexp_all_minus_inf_row() -> None:
    x = np.array([[-np.inf, -np.inf], [0.0, -np.inf]])
    compare(
        "logsumexp with -inf",
        lambda t: F.logsumexp(t, 1),
        lambda t: torch.logsumexp(t, 1),
        x,
        grad=False,
    )


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "logsumexp", "var", "prod", "norm"])
def test_second_derivative(name: str) -> None:
    case = f"second derivative of {name}"
    x = rng(case).standard_normal((3, 4))
    w = rng(case + " w").standard_normal((3, 4))
    if name in ("softmax", "log_softmax"):
        ours = lambda t: (getattr(F, name)(t, 1) * F.sin(t) * w).sum()  # noqa: E731
        theirs = lambda t: (getattr(torch, name)(t, 1) * torch.sin(t) * torch.from_numpy(w)).sum()  # noqa: E731
    elif name == "norm":
        ours = lambda t: (F.norm(t, 2, 1) * F.norm(t, 3, 0).sum()).sum()  # noqa: E731
        theirs = lambda t: (torch.norm(t, 2, 1) * torch.norm(t, 3, 0).sum()).sum()  # noqa: E731
    else:
        ours = lambda t: getattr(F, name)(t, 1).sum()  # noqa: E731
        theirs = lambda t: getattr(torch, name)(t, 1).sum()  # noqa: E731
    compare_double(case, ours, theirs, x)
