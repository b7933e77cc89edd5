"""Bad calls into ad_core, and values at the edges: each case states PyTorch's
behaviour (torch 2.13).

Each bad call must raise a built-in exception whose message names the function
and the offending argument, never NumPy's or Python's own message. (Where
PyTorch accepts a call, so do we: ``manual_seed(-1)`` wraps to 2**64 - 1, as
``test_core_generator.py`` checks.)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import ad_core


def bad(value: object) -> Any:
    """A value of the wrong type, passed on as the type checker is told to expect."""
    return value


X = ad_core.ones(2, 3)

BAD_CALLS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    # torch: ValueError "too many dimensions 'str'"
    (
        "tensor-of-strings",
        lambda: ad_core.tensor(["a", "b"]),
        TypeError,
        r"tensor: .*data.*(<U1|str)",
    ),
    # torch: RuntimeError "Could not infer dtype of object"
    ("tensor-of-objects", lambda: ad_core.tensor([object()]), TypeError, r"tensor: .*data.*object"),
    ("tensor-of-bytes", lambda: ad_core.tensor([b"a"]), TypeError, r"tensor: .*data.*(bytes|S1)"),
    ("tensor-of-none", lambda: ad_core.tensor(None), TypeError, r"tensor: .*data.*None"),
    ("tensor-of-dict", lambda: ad_core.tensor({"a": 1}), TypeError, r"tensor: .*data.*dict"),
    (
        "tensor-of-datetimes",
        lambda: ad_core.tensor(np.array(["2020-01-01"], dtype="datetime64[D]")),
        TypeError,
        r"tensor: .*data.*datetime64",
    ),
    ("Tensor-of-a-string", lambda: ad_core.Tensor("abc"), TypeError, r"Tensor: .*data.*str"),
    # torch: ValueError "expected sequence of length 2 at dim 1 (got 1)"
    (
        "ragged-nested-lists",
        lambda: ad_core.tensor([[1, 2], [3]]),
        ValueError,
        r"tensor: .*data.*(ragged|length)",
    ),
    # torch: TypeError "requires_grad_(): argument 'requires_grad' must be bool, not str"
    (
        "requires-grad-str",
        lambda: ad_core.zeros(2).requires_grad_(bad("yes")),
        TypeError,
        r"requires_grad_: .*requires_grad.*bool.*'yes'",
    ),
    # torch: TypeError "tensor(): argument 'requires_grad' must be bool, not int"
    (
        "requires-grad-int",
        lambda: ad_core.tensor([1.0], requires_grad=bad(1)),
        TypeError,
        r"requires_grad.*bool.*1",
    ),
    # torch: RuntimeError "n must be greater or equal to 0, got -1"
    ("eye-negative", lambda: ad_core.eye(-1), ValueError, r"eye: .*n.*-1"),
    # torch: TypeError "eye(): argument 'n' (position 1) must be int, not float"
    ("eye-float", lambda: ad_core.eye(bad(2.5)), TypeError, r"eye: .*n.*2.5"),
    # torch: TypeError "arange(): argument 'end' (position 1) must be Number, not str"
    ("arange-str", lambda: ad_core.arange(bad("3")), TypeError, r"arange: .*'3'"),
    # torch: TypeError "full(): argument 'fill_value' (position 2) must be Number, not str"
    ("full-str", lambda: ad_core.full((2,), bad("a")), TypeError, r"full: .*fill_value.*'a'"),
    (
        "set-default-dtype-str",
        lambda: ad_core.set_default_dtype("abc"),
        TypeError,
        r"set_default_dtype: .*'abc'",
    ),
    ("astype-str", lambda: X.astype("abc"), TypeError, r"astype: .*dtype.*'abc'"),
    # torch: TypeError "sum() received an invalid combination of arguments - got (float)"
    ("sum-dim-float", lambda: X.sum(bad(1.5)), TypeError, r"sum: .*dim.*1.5"),
    ("mean-dim-float", lambda: X.mean(bad(1.5)), TypeError, r"mean: .*dim.*1.5"),
    # torch: TypeError "sum(): argument 'keepdim' must be bool, not str"
    ("sum-keepdim-str", lambda: X.sum(0, keepdim=bad("yes")), TypeError, r"sum: .*keepdim.*'yes'"),
    # torch: RuntimeError "invalid shape dimension -2"
    ("reshape-minus-two", lambda: ad_core.ones(6).reshape(-2, 3), ValueError, r"reshape: .*-2"),
    # torch: TypeError "unsupported operand type(s) for +: 'Tensor' and 'str'"
    ("add-str", lambda: X + bad("a"), TypeError, r"add: .*str"),
    # torch: RuntimeError "Boolean value of Tensor with more than one value is ambiguous";
    # NumPy's message suggests a.any() / a.all(), which Tensor does not have.
    (
        "bool-of-many",
        lambda: bool(ad_core.ones(3)),
        RuntimeError,
        r"bool.* more than one (value|element)",
    ),
    (
        "gradcheck-eps-str",
        lambda: ad_core.gradcheck(
            lambda x: x * 2, (ad_core.ones(2, dtype=np.float64, requires_grad=True),), eps=bad("a")
        ),
        TypeError,
        r"gradcheck: .*eps.*'a'",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [pytest.param(call, error, message, id=name) for name, call, error, message in BAD_CALLS],
)
def test_bad_calls_name_the_function_and_the_argument(
    call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def _grads(f: Callable[..., ad_core.Tensor], *values: float) -> list[float]:
    """The gradient of ``f`` at ``values`` (float64), with NumPy warnings as errors."""
    leaves = [ad_core.tensor(v, dtype=np.float64, requires_grad=True) for v in values]
    with warnings.catch_warnings():
        f(*leaves).backward()
    return [float(leaf.grad.item()) if leaf.grad is not None else 0.0 for leaf in leaves]


@pytest.mark.parametrize(
    ("f", "at", "torch_grads"),
    [
        pytest.param(lambda x: x**0.0, (0.0,), [0.0], id="x**0.0-at-0"),
        pytest.param(lambda x: x**0, (0.0,), [0.0], id="x**0-at-0"),
        pytest.param(lambda x: x**x, (0.0,), [0.0], id="x**x-at-0"),
        pytest.param(lambda x, e: x**e, (0.0, 0.0), [0.0, 0.0], id="0**e-at-e=0"),
        pytest.param(lambda x, e: x**e, (0.0, 0.5), [np.inf, 0.0], id="0**e-at-e=0.5"),
        pytest.param(lambda e: 0.0**e, (-1.0,), [-np.inf], id="d(0**e)/de-at-e=-1"),
    ],
)
def test_power_gradients_at_zero_match_pytorch(
    f: Callable[..., ad_core.Tensor], at: tuple[float, ...], torch_grads: list[float]
) -> None:
    np.testing.assert_array_equal(_grads(f, *at), torch_grads)


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        pytest.param(
            lambda: ad_core.tensor([1.0, 0.0]) / 0.0,
            [np.inf, np.nan],
            id="divide-by-zero",
        ),
        pytest.param(lambda: ad_core.tensor([10.0]) ** 100.0, [np.inf], id="power-overflow"),
        pytest.param(lambda: ad_core.tensor([np.inf]) * 0.0, [np.nan], id="inf-times-zero"),
        pytest.param(lambda: ad_core.zeros(0).mean(), np.nan, id="mean-of-empty"),
    ],
)
def test_values_pytorch_gives_without_a_warning(
    f: Callable[[], ad_core.Tensor], expected: Any
) -> None:
    with warnings.catch_warnings():
        out = f()
    np.testing.assert_array_equal(out.array, expected)
