"""Every Tensor method a PyTorch program calls, written once and run on both
frameworks: values, and gradients where the method has them (float64)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import compare, rng

import ad_core
import ad_ops

Method = Callable[..., Any]

A = (3, 4)  # the shape of the main input
POSITIVE = "positive"


def idx(*values: int) -> Callable[[Any], Any]:
    """An index tensor of the framework of ``like`` (int64)."""

    def make(like: Any) -> Any:
        if isinstance(like, torch.Tensor):
            return torch.tensor(values)
        return ad_core.tensor(values)

    return make


def lt(like: Any, array: np.ndarray) -> Any:
    """``array`` as a tensor of the framework of ``like``."""
    return torch.from_numpy(array) if isinstance(like, torch.Tensor) else ad_core.tensor(array)


MASK = np.array([[True, False, True, False], [False, False, True, True], [True, True, True, False]])
INDEX = np.array([[0, 2], [1, 1], [3, 0]])

# name -> (method of a tensor x of shape A, input kind)
UNARY: dict[str, Method] = {
    "exp": lambda x: x.exp(),
    "log": lambda x: x.abs().add(0.5).log(),
    "log1p": lambda x: x.abs().log1p(),
    "expm1": lambda x: x.expm1(),
    "sqrt": lambda x: (x * x + 0.1).sqrt(),
    "rsqrt": lambda x: (x * x + 0.1).rsqrt(),
    "square": lambda x: x.square(),
    "sin": lambda x: x.sin(),
    "cos": lambda x: x.cos(),
    "tan": lambda x: x.tan(),
    "abs": lambda x: x.abs(),
    "__abs__": lambda x: abs(x),
    "sign": lambda x: x.sign(),
    "reciprocal": lambda x: (x * x + 0.5).reciprocal(),
    "neg": lambda x: x.neg(),
    "floor": lambda x: (x * 3).floor(),
    "ceil": lambda x: (x * 3).ceil(),
    "round": lambda x: (x * 3).round(),
    "round decimals": lambda x: x.round(decimals=1),
    "trunc": lambda x: (x * 3).trunc(),
    "frac": lambda x: (x * 3).frac(),
    "erf": lambda x: x.erf(),
    "sigmoid": lambda x: x.sigmoid(),
    "tanh": lambda x: x.tanh(),
    "relu": lambda x: x.relu(),
    "clamp": lambda x: x.clamp(-0.5, 0.7),
    "clamp min": lambda x: x.clamp(min=0.1),
    "clip": lambda x: x.clip(max=0.3),
    "pow": lambda x: x.pow(2),
    "pow float": lambda x: x.abs().add(0.1).pow(1.7),
    "maximum": lambda x: x.maximum(x.flip(0)),
    "minimum": lambda x: x.minimum(x.flip(1)),
    "fmod": lambda x: x.fmod(0.3),
    "remainder": lambda x: x.remainder(0.3),
    "%": lambda x: x % 0.4,
    "//": lambda x: (x * 5) // 2,
    "lerp": lambda x: x.lerp(x.flip(0), 0.3),
    "add alpha": lambda x: x.add(x.flip(1), alpha=2.5),
    "sub alpha": lambda x: x.sub(x.flip(1), alpha=0.5),
    "mul": lambda x: x.mul(x.flip(0)),
    "div": lambda x: x.div(x.abs() + 1),
    "div floor": lambda x: x.div(0.3, rounding_mode="floor"),
    "true_divide": lambda x: x.true_divide(3.0),
    "softmax": lambda x: x.softmax(-1),
    "softmax dtype": lambda x: x.softmax(
        0, dtype=torch.float64 if isinstance(x, torch.Tensor) else ad_core.float64
    ),
    "log_softmax": lambda x: x.log_softmax(1),
    # reductions
    "sum": lambda x: x.sum(),
    "sum dim": lambda x: x.sum(1, keepdim=True),
    "mean": lambda x: x.mean(0),
    "std": lambda x: x.std(),
    "std dim unbiased": lambda x: x.std(1, False),
    "var": lambda x: x.var(0, keepdim=True),
    "var correction": lambda x: x.var(1, correction=0),
    "prod": lambda x: x.prod(1),
    "amax": lambda x: x.amax(1),
    "amin": lambda x: x.amin((0, 1)),
    "max": lambda x: x.max(),
    "max dim": lambda x: x.max(1),
    "max dim keepdim": lambda x: x.max(dim=0, keepdim=True),
    "max other": lambda x: x.max(x.flip(0)),
    "min": lambda x: x.min(),
    "min dim": lambda x: x.min(0),
    "argmax": lambda x: x.argmax(),
    "argmax dim": lambda x: x.argmax(1),
    "argmin": lambda x: x.argmin(0, keepdim=True),
    "logsumexp": lambda x: x.logsumexp(1),
    "norm": lambda x: x.norm(),
    "norm p dim": lambda x: x.norm(1, dim=0),
    "cumsum": lambda x: x.cumsum(1),
    "cumprod": lambda x: x.cumprod(0),
    "all": lambda x: (x > -5).all(),
    "any dim": lambda x: (x > 0.5).any(1),
    "count_nonzero": lambda x: (x > 0).count_nonzero(),
    "nonzero": lambda x: (x > 0).nonzero(),
    # comparisons and tests
    "eq": lambda x: x.eq(x.round()),
    "ne": lambda x: x.ne(0.5),
    "lt": lambda x: x.lt(0.1),
    "le": lambda x: x.le(x.flip(0)),
    "gt": lambda x: x.gt(0),
    "ge": lambda x: x.ge(-0.2),
    "isnan": lambda x: (x.log()).isnan(),
    "isinf": lambda x: (x / 0).isinf(),
    "isfinite": lambda x: (x / (x > 0)).isfinite(),
    "isclose": lambda x: x.isclose(x + 1e-9),
    "logical_not": lambda x: (x > 0).logical_not(),
    "logical_and": lambda x: (x > 0).logical_and(x < 0.5),
    "logical_or": lambda x: (x > 0).logical_or(x < -0.5),
    "logical_xor": lambda x: (x > 0).logical_xor(x < 0.5),
    "& | ~": lambda x: ((x > 0) & (x < 0.5)) | ~(x > -0.3),
    # shapes
    "view": lambda x: x.view(2, 6),
    "view -1": lambda x: x.view(-1),
    "view_as": lambda x: x.view_as(x.t().contiguous()),
    "reshape_as": lambda x: x.t().reshape_as(x),
    "reshape": lambda x: x.reshape(4, 3),
    "expand": lambda x: x[:, :1].expand(-1, 5),
    "expand new": lambda x: x.expand(2, 3, 4),
    "expand_as": lambda x: x[:1].expand_as(x),
    "repeat": lambda x: x.repeat(2, 1),
    "repeat 3d": lambda x: x.repeat(2, 1, 3),
    "repeat_interleave": lambda x: x.repeat_interleave(2, dim=0),
    "flatten": lambda x: x.flatten(),
    "unflatten": lambda x: x.unflatten(1, (2, 2)),
    "squeeze": lambda x: x[:1].squeeze(),
    "squeeze dim": lambda x: x[:, :1].squeeze(1),
    "unsqueeze": lambda x: x.unsqueeze(1),
    "split": lambda x: x.split(2, dim=1),
    "split sections": lambda x: x.split([1, 3], dim=1),
    "chunk": lambda x: x.chunk(2),
    "unbind": lambda x: x.unbind(1),
    "contiguous": lambda x: x.t().contiguous(),
    "flip": lambda x: x.flip(0),
    "flip dims": lambda x: x.flip(0, 1),
    "roll": lambda x: x.roll(1, 1),
    "narrow": lambda x: x.narrow(1, 1, 2),
    "t": lambda x: x.t(),
    "T": lambda x: x.T,
    "mT": lambda x: x.mT,
    "transpose": lambda x: x.transpose(0, 1),
    "permute": lambda x: x.permute(1, 0),
    "movedim": lambda x: x.unsqueeze(0).movedim(0, -1),
    "tril": lambda x: x.tril(),
    "triu": lambda x: x.triu(1),
    "clone": lambda x: x.clone(),
    "detach": lambda x: x.detach(),
    # indexing
    "getitem": lambda x: x[1:, ::2],
    "getitem int": lambda x: x[1],
    "getitem list": lambda x: x[[0, 2, 2]],
    "getitem mask": lambda x: x[x > 0],
    "masked_fill": lambda x: x.masked_fill(lt(x, MASK), -1.5),
    "masked_select": lambda x: x.masked_select(lt(x, MASK)),
    "gather": lambda x: x.gather(1, lt(x, INDEX)),
    "scatter": lambda x: x.scatter(1, lt(x, INDEX), x[:, :2] * 2),
    "scatter value": lambda x: x.scatter(1, lt(x, np.array([[0], [1], [3]])), 0.5),
    "scatter_add": lambda x: x.scatter_add(1, lt(x, INDEX), x[:, 1:3]),
    "index_select": lambda x: x.index_select(1, idx(3, 0, 0)(x)),
    "take_along_dim": lambda x: x.take_along_dim(lt(x, INDEX), 1),
    "where": lambda x: x.where(x > 0, x * 3),
    # sorting
    "sort": lambda x: x.sort(),
    "sort descending": lambda x: x.sort(0, descending=True),
    "argsort": lambda x: x.argsort(1),
    "topk": lambda x: x.topk(2),
    "topk smallest": lambda x: x.topk(2, dim=0, largest=False),
    # products
    "matmul": lambda x: x.matmul(x.t()),
    "@": lambda x: x @ x.t(),
    "mm": lambda x: x.mm(x.t()),
    "bmm": lambda x: x.unsqueeze(0).bmm(x.t().unsqueeze(0)),
    "dot": lambda x: x[0].dot(x[1]),
    "outer": lambda x: x[0].outer(x[1]),
    "addmm": lambda x: x[0, :3].addmm(x, x.t(), beta=0.5, alpha=2),
    "baddbmm": lambda x: (x.t() @ x).unsqueeze(0).baddbmm(x.t().unsqueeze(0), x.unsqueeze(0)),
    # dtypes
    "float": lambda x: (x * 4).long().float(),
    "double": lambda x: x.float().double(),
    "long": lambda x: (x * 4).long(),
    "int": lambda x: (x * 4).int(),
    "bool": lambda x: x.gt(0).long().bool(),
    "half": lambda x: x.half().double(),
    "type": lambda x: x.type(torch.float32 if isinstance(x, torch.Tensor) else ad_core.float32),
    "type_as": lambda x: (x * 4).long().type_as(x),
    "to dtype": lambda x: x.to(torch.float32 if isinstance(x, torch.Tensor) else ad_core.float32),
    "to device dtype": lambda x: x.to(
        "cpu", torch.float32 if isinstance(x, torch.Tensor) else ad_core.float32
    ),
    "new_zeros": lambda x: x.new_zeros(2, 3),
    "new_ones": lambda x: x.new_ones((2,)),
    "new_full": lambda x: x.new_full((2,), 7.0),
    "new_tensor": lambda x: x.new_tensor([1, 2]),
}


# PyTorch has no derivative for these: values only.
NO_TORCH_DERIVATIVE = {"//"}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_method(name: str) -> None:
    x = rng(f"method {name}").standard_normal(A)
    compare(f"Tensor.{name}", UNARY[name], None, x, grad=name not in NO_TORCH_DERIVATIVE)


def test_item_tolist_and_sizes() -> None:
    x = rng("sizes").standard_normal(A)
    ours, theirs = ad_core.tensor(x), torch.from_numpy(x)
    assert ours.size() == tuple(theirs.size()) and ours.size(1) == theirs.size(1)
    assert ours.dim() == theirs.dim() and ours.numel() == theirs.numel()
    assert ours.nelement() == theirs.nelement() and ours.element_size() == theirs.element_size()
    assert ours.tolist() == theirs.tolist() and ours[0, 1].item() == theirs[0, 1].item()
    assert ours.is_floating_point() == theirs.is_floating_point()
    assert ours.is_contiguous() == theirs.is_contiguous()
    assert ours.t().is_contiguous() == theirs.t().is_contiguous()
    assert ours.allclose(ours + 1e-12) == theirs.allclose(theirs + 1e-12)
    assert ours.equal(ours.clone()) == theirs.equal(theirs.clone())
    assert ours.type() == theirs.type() and ours.long().type() == theirs.long().type()
    assert str(ours.device) == str(theirs.device)


def test_views_that_pytorch_refuses_are_refused() -> None:
    ours, theirs = ad_core.zeros(3, 4), torch.zeros(3, 4)
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        theirs.t().view(-1)
    with pytest.raises(RuntimeError, match="is not compatible with the layout"):
        ours.t().view(-1)
    # Splitting a dimension of a transposed tensor needs no copy: both allow it.
    assert ours.t().view(2, 2, 3).shape == tuple(theirs.t().view(2, 2, 3).shape)


def test_functions_of_the_torch_namespace() -> None:
    for name in (
        "tril",
        "triu",
        "topk",
        "sort",
        "argsort",
        "multinomial",
        "bernoulli",
        "normal",
        "randint",
        "randperm",
        "rand_like",
        "randn_like",
        "full_like",
        "empty",
        "empty_like",
        "linspace",
        "roll",
        "cumsum",
        "cumprod",
        "bmm",
        "mm",
        "outer",
        "addmm",
        "baddbmm",
        "clamp",
        "where",
        "isclose",
        "allclose",
        "equal",
        "numel",
        "is_tensor",
        "from_numpy",
        "as_tensor",
        "inference_mode",
        "set_num_threads",
        "get_num_threads",
        "save",
        "load",
        "device",
        "Generator",
        "manual_seed",
        "no_grad",
        "float32",
        "long",
        "bool",
        "finfo",
        "iinfo",
        "is_floating_point",
    ):
        assert hasattr(ad_ops, name), name
    assert ad_ops.cuda.is_available() is torch.cuda.is_available() is False
    assert ad_ops.backends.mps.is_available() is torch.backends.mps.is_available() is False
    assert ad_ops.linspace(0, 1, 5).tolist() == torch.linspace(0, 1, 5).tolist()
    assert ad_ops.full((2,), 3).dtype == ad_ops.int64 and torch.full((2,), 3).dtype == torch.int64
