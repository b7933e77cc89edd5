"""In-place operations against PyTorch: each one applied to a non-leaf copy of
the input (so the graph is rebased), then values and gradients compared; and
PyTorch's refusals, raised the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import compare, rng

import ad_core
import ad_ops  # noqa: F401  (gives Tensor its named methods)

MASK = np.array([[True, False, True, False], [False, False, True, True], [True, True, True, False]])
INDEX = np.array([[0, 2], [1, 1], [3, 0]])


def lt(like: Any, array: np.ndarray) -> Any:
    """``array`` as a tensor of the framework of ``like``."""
    return torch.from_numpy(array) if isinstance(like, torch.Tensor) else ad_core.tensor(array)


def inplace(change: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``y = x * 1; change(y); return y * y``: a rebased chain whose gradient
    passes through the in-place operation and what came before it."""

    def run(x: Any) -> Any:
        y = x * 1
        change(y)
        return y * y

    return run


def setitem(index: Any, value: Callable[[Any], Any]) -> Callable[[Any], None]:
    def change(y: Any) -> None:
        y[index(y) if callable(index) else index] = value(y)

    return change


CHANGES: dict[str, Callable[[Any], Any]] = {
    "add_": lambda y: y.add_(y.detach().flip(0)),
    "add_ alpha": lambda y: y.add_(2.0, alpha=3),
    "sub_": lambda y: y.sub_(0.5),
    "mul_": lambda y: y.mul_(3),
    "mul_ tensor": lambda y: y.mul_(y.detach().abs() + 1),
    "div_": lambda y: y.div_(4),
    "pow_": lambda y: y.pow_(2),
    "clamp_": lambda y: y.clamp_(-0.3, 0.4),
    "clip_": lambda y: y.clip_(min=0.0),
    "exp_": lambda y: y.exp_(),
    "neg_": lambda y: y.neg_(),
    "sigmoid_": lambda y: y.sigmoid_(),
    "tanh_": lambda y: y.tanh_(),
    "relu_": lambda y: y.relu_(),
    "masked_fill_": lambda y: y.masked_fill_(lt(y, MASK), 0.25),
    "fill_": lambda y: y[0].fill_(2.0),
    "zero_": lambda y: y[:, 1].zero_(),
    "copy_": lambda y: y[1].copy_(lt(y, np.arange(4.0))),
    "scatter_": lambda y: y.scatter_(1, lt(y, INDEX), 1.5),
    "scatter_ src": lambda y: y.scatter_(1, lt(y, INDEX), y.detach()[:, :2] * 3),
    "index_add_": lambda y: y.index_add_(0, lt(y, np.array([2, 0])), y.detach()[:2] + 1),
    "+=": lambda y: y.__iadd__(1.5),
    "-=": lambda y: y.__isub__(y.detach()),
    "*=": lambda y: y.__imul__(2.0),
    "/=": lambda y: y.__itruediv__(3.0),
    "setitem int": setitem(1, lambda y: 5.0),
    "setitem slice": setitem((slice(None), slice(1, 3)), lambda y: lt(y, np.array([1.0, 2.0]))),
    "setitem list": setitem(([0, 2], [1, 3]), lambda y: 7.0),
    "setitem mask": setitem(lambda y: lt(y, MASK), lambda y: -1.0),
    "setitem compare": setitem(lambda y: y > 0.2, lambda y: 0.0),
    "view mul_": lambda y: y[1:, 1:].mul_(2),
    "view add_ twice": lambda y: (y[0].add_(1), y.view(-1)[3:7].sub_(2)),
    "transpose view": lambda y: y.t()[0].mul_(-1),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_in_place_change(name: str) -> None:
    x = rng(f"inplace {name}").standard_normal((3, 4))
    compare(f"in-place {name}", inplace(CHANGES[name]), None, x)


def test_a_value_that_requires_grad_written_into_a_buffer() -> None:
    def run(x: Any) -> Any:
        buffer = x.new_zeros(3, 4)
        buffer[1] = x[0] * 2
        buffer[:, 0] += x[:, 1]
        return buffer.sum(0)

    compare("buffer setitem", run, None, rng("buffer").standard_normal((3, 4)))


def test_the_classic_pytorch_sgd_step_through_data() -> None:
    a = rng("sgd").standard_normal(4)
    values = []
    for make in (
        lambda v: ad_core.tensor(v, requires_grad=True),
        lambda v: torch.tensor(v, requires_grad=True),
    ):
        p: Any = make(a)
        for _ in range(3):
            loss = (p * p).sum()
            loss.backward()
            p.data.add_(p.grad, alpha=-0.1)
            p.grad.zero_()
        values.append(p.detach().numpy().copy())
    np.testing.assert_allclose(values[0], values[1], rtol=1e-15)


MODIFIED = "modified by an inplace operation"


@pytest.mark.parametrize(
    "case",
    [
        "saved input",
        "saved output",
        "view of saved",
        "no_grad after",
    ],
)
def test_both_refuse_a_modified_saved_value(case: str) -> None:
    for make, no_grad in (
        (lambda v: ad_core.tensor(v, requires_grad=True), ad_core.no_grad),
        (lambda v: torch.tensor(v, requires_grad=True), torch.no_grad),
    ):
        x: Any = make(np.array([1.0, 2.0]))
        if case == "saved input":
            a = x.detach().clone()
            y = (x * a).sum()
            a.add_(1)
        elif case == "saved output":
            y = x.exp()
            y.add_(1)
            y = y.sum()
        elif case == "view of saved":
            a = x.detach().clone()
            y = (x * a).sum()
            a[0] = 5.0
        else:
            z = x * 1
            y = (z * z).sum()
            with no_grad():
                z.exp_()
        with pytest.raises(RuntimeError, match=MODIFIED):
            y.backward()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda x: x.add_(1), "a leaf Variable that requires grad is being used in an in-place"),
        (lambda x: x[0].mul_(2), "a view of a leaf Variable that requires grad"),
    ],
)
def test_both_refuse_in_place_changes_to_leaves(change: Callable[[Any], Any], message: str) -> None:
    leaves: list[Any] = [
        ad_core.tensor([1.0, 2.0], requires_grad=True),
        torch.tensor([1.0, 2.0], requires_grad=True),
    ]
    for x in leaves:
        with pytest.raises(RuntimeError, match=message):
            change(x)
