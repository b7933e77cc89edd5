"""The dtype rule for inputs: every module and functional takes NumPy arrays
wherever it takes Tensors (floating arrays cast to the parameters' dtype), and a
floating Tensor of another dtype than the parameters is refused, saying how to cast.

The two tables below cover every module in ``ad_nn.__all__`` and every function
in ``ad_nn.functional.__all__``: a new one fails ``test_every_module_is_listed``
(or the functional twin) until it has an entry.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import ad_core
import ad_nn as nn
import ad_nn.functional as F
from ad_core import Tensor

# --- inputs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Floats:
    """A float64 array of ``shape`` (uniform in [0, 1) with ``unit``, else normal)."""

    shape: tuple[int, ...]
    unit: bool = False


@dataclass(frozen=True)
class Ints:
    """An int64 array of ``shape`` with values in [0, high)."""

    shape: tuple[int, ...]
    high: int


@dataclass(frozen=True)
class Mask:
    """A bool array of ``shape``."""

    shape: tuple[int, ...]


Spec = Any  # Floats | Ints | Mask | tuples, lists and dicts of specs | a plain Python value


def make(spec: Spec, rng: np.random.Generator) -> Any:
    """The NumPy value of ``spec`` (tuples and lists element by element)."""
    if isinstance(spec, Floats):
        return rng.random(spec.shape) if spec.unit else rng.standard_normal(spec.shape)
    if isinstance(spec, Ints):
        return rng.integers(0, spec.high, spec.shape)
    if isinstance(spec, Mask):
        return rng.random(spec.shape) > 0.5
    if isinstance(spec, tuple | list):
        return type(spec)(make(s, rng) for s in spec)
    if isinstance(spec, dict):
        return {k: make(v, rng) for k, v in spec.items()}
    return spec


def as_tensors(value: Any, dtype: np.dtype[Any] | None) -> Any:
    """``value`` with every array a Tensor; floating ones cast to ``dtype`` when given."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and dtype is not None:
            value = value.astype(dtype)
        return ad_core.tensor(value)
    if isinstance(value, tuple | list):
        return type(value)(as_tensors(v, dtype) for v in value)
    if isinstance(value, dict):
        return {k: as_tensors(v, dtype) for k, v in value.items()}
    return value


def flat_outputs(out: Any) -> list[Any]:
    if isinstance(out, tuple | list):
        return [leaf for item in out for leaf in flat_outputs(item)]
    return [out]


def assert_same(got: Any, expected: Any) -> None:
    got_leaves, expected_leaves = flat_outputs(got), flat_outputs(expected)
    assert len(got_leaves) == len(expected_leaves)
    for g, e in zip(got_leaves, expected_leaves, strict=True):
        g_data = g.array if isinstance(g, Tensor) else np.asarray(g)
        e_data = e.array if isinstance(e, Tensor) else np.asarray(e)
        assert g_data.dtype == e_data.dtype
        np.testing.assert_allclose(g_data, e_data, rtol=1e-6, atol=1e-7)


# --- every module ------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """How to build a module and what to call it with."""

    build: Callable[[], nn.Module]
    inputs: tuple[Spec, ...]
    modes: tuple[str, ...] = ("train", "eval")


MODULES: dict[str, Case] = {
    "ELU": Case(nn.ELU, (Floats((4, 3)),)),
    "GELU": Case(nn.GELU, (Floats((4, 3)),)),
    "LeakyReLU": Case(nn.LeakyReLU, (Floats((4, 3)),)),
    "ReLU": Case(nn.ReLU, (Floats((4, 3)),)),
    "SiLU": Case(nn.SiLU, (Floats((4, 3)),)),
    "Sigmoid": Case(nn.Sigmoid, (Floats((4, 3)),)),
    "Tanh": Case(nn.Tanh, (Floats((4, 3)),)),
    "Softplus": Case(nn.Softplus, (Floats((4, 3)),)),
    "Softmax": Case(lambda: nn.Softmax(dim=1), (Floats((4, 3)),)),
    "LogSoftmax": Case(lambda: nn.LogSoftmax(dim=1), (Floats((4, 3)),)),
    "AdaptiveAvgPool1d": Case(lambda: nn.AdaptiveAvgPool1d(2), (Floats((2, 3, 5)),)),
    "AdaptiveAvgPool2d": Case(lambda: nn.AdaptiveAvgPool2d(2), (Floats((2, 3, 5, 4)),)),
    "AvgPool1d": Case(lambda: nn.AvgPool1d(2), (Floats((2, 3, 6)),)),
    "AvgPool2d": Case(lambda: nn.AvgPool2d(2), (Floats((2, 3, 4, 4)),)),
    "MaxPool1d": Case(lambda: nn.MaxPool1d(2), (Floats((2, 3, 6)),)),
    "MaxPool2d": Case(lambda: nn.MaxPool2d(2), (Floats((2, 3, 4, 4)),)),
    "BatchNorm1d": Case(lambda: nn.BatchNorm1d(3), (Floats((4, 3)),)),
    "BatchNorm2d": Case(lambda: nn.BatchNorm2d(3), (Floats((4, 3, 2, 2)),)),
    "GroupNorm": Case(lambda: nn.GroupNorm(2, 4), (Floats((3, 4, 5)),)),
    "LayerNorm": Case(lambda: nn.LayerNorm(5), (Floats((3, 4, 5)),)),
    "Conv1d": Case(lambda: nn.Conv1d(3, 4, 2), (Floats((2, 3, 6)),)),
    "Conv2d": Case(lambda: nn.Conv2d(3, 4, 2), (Floats((2, 3, 5, 5)),)),
    "Linear": Case(lambda: nn.Linear(3, 2), (Floats((4, 3)),)),
    "Embedding": Case(lambda: nn.Embedding(5, 3), (Ints((2, 4), 5),)),
    "Dropout": Case(lambda: nn.Dropout(0.5), (Floats((4, 3)),)),
    "Dropout1d": Case(lambda: nn.Dropout1d(0.5), (Floats((2, 4, 3)),)),
    "Dropout2d": Case(lambda: nn.Dropout2d(0.5), (Floats((2, 4, 3, 3)),)),
    "Flatten": Case(nn.Flatten, (Floats((2, 3, 4)),)),
    "Unflatten": Case(lambda: nn.Unflatten(1, (2, 3)), (Floats((4, 6)),)),
    "Identity": Case(nn.Identity, (Floats((4, 3)),)),
    "Sequential": Case(
        lambda: nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU()), (Floats((5, 3)),)
    ),
    "RNN": Case(lambda: nn.RNN(3, 4, num_layers=2), (Floats((5, 2, 3)), Floats((2, 2, 4)))),
    "GRU": Case(lambda: nn.GRU(3, 4, bidirectional=True), (Floats((5, 2, 3)),)),
    "LSTM": Case(
        lambda: nn.LSTM(3, 4, batch_first=True),
        (Floats((2, 5, 3)), (Floats((1, 2, 4)), Floats((1, 2, 4)))),
    ),
    "RNNCell": Case(lambda: nn.RNNCell(3, 4), (Floats((2, 3)), Floats((2, 4)))),
    "GRUCell": Case(lambda: nn.GRUCell(3, 4), (Floats((2, 3)),)),
    "LSTMCell": Case(lambda: nn.LSTMCell(3, 4), (Floats((2, 3)), (Floats((2, 4)), Floats((2, 4))))),
    "MSELoss": Case(nn.MSELoss, (Floats((4, 3)), Floats((4, 3)))),
    "L1Loss": Case(nn.L1Loss, (Floats((4, 3)), Floats((4, 3)))),
    "SmoothL1Loss": Case(nn.SmoothL1Loss, (Floats((4, 3)), Floats((4, 3)))),
    "HuberLoss": Case(nn.HuberLoss, (Floats((4, 3)), Floats((4, 3)))),
    "BCELoss": Case(nn.BCELoss, (Floats((4, 3), unit=True), Floats((4, 3), unit=True))),
    "BCEWithLogitsLoss": Case(nn.BCEWithLogitsLoss, (Floats((4, 3)), Floats((4, 3), unit=True))),
    "CrossEntropyLoss": Case(nn.CrossEntropyLoss, (Floats((4, 3)), Ints((4,), 3))),
    "NLLLoss": Case(nn.NLLLoss, (Floats((4, 3)), Ints((4,), 3))),
    "KLDivLoss": Case(nn.KLDivLoss, (Floats((4, 3)), Floats((4, 3), unit=True))),
    "MultiheadAttention": Case(
        lambda: nn.MultiheadAttention(4, 2, batch_first=True),
        (Floats((2, 3, 4)), Floats((2, 5, 4)), Floats((2, 5, 4))),
    ),
    "TransformerEncoderLayer": Case(
        lambda: nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), (Floats((3, 2, 4)),)
    ),
    "TransformerDecoderLayer": Case(
        lambda: nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0),
        (Floats((3, 2, 4)), Floats((5, 2, 4))),
    ),
    "TransformerEncoder": Case(
        lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), 2),
        (Floats((3, 2, 4)),),
    ),
    "TransformerDecoder": Case(
        lambda: nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0), 2),
        (Floats((3, 2, 4)), Floats((5, 2, 4))),
    ),
    "Transformer": Case(
        lambda: nn.Transformer(4, 2, 1, 1, 8, dropout=0.0),
        (Floats((5, 2, 4)), Floats((3, 2, 4))),
    ),
}

# Modules that are not called on a batch themselves.
NO_FORWARD = {
    "Module": "the base class",
    "ModuleList": "a container without forward",
    "ModuleDict": "a container without forward",
    "RNNBase": "the base of RNN, LSTM and GRU (they are listed)",
    "RNNCellBase": "the base of the cells (they are listed)",
    "ParameterList": "a container of parameters",
    "ParameterDict": "a container of parameters",
}

MODULE_NAMES = sorted(
    name
    for name in nn.__all__
    if inspect.isclass(getattr(nn, name)) and issubclass(getattr(nn, name), nn.Module)
)


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_every_module_is_listed(name: str) -> None:
    if name not in MODULES and name not in NO_FORWARD:
        pytest.fail(
            f"nn.{name} is a Module in ad_nn.__all__ without an entry in MODULES of "
            f"{__file__}: add `{name!r}: Case(lambda: nn.{name}(<constructor args>), "
            "(<inputs>,))`, the inputs given as Floats(shape), Ints(shape, high), Mask(shape) "
            "or tuples of them (or list it in NO_FORWARD with the reason it takes no batch)"
        )


def _parameter_dtype(module: nn.Module) -> np.dtype[Any] | None:
    return next((p.dtype for p in module.parameters()), None)


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_take_numpy_batches(name: str, mode: str) -> None:
    """A float64 NumPy batch gives what the same batch as Tensors of the
    parameters' dtype gives (the module's state afterwards included)."""
    case = MODULES[name]
    ad_core.manual_seed(0)
    module = case.build().train(mode == "train")
    twin = copy.deepcopy(module)
    inputs = make(case.inputs, np.random.default_rng(1))
    ad_core.manual_seed(2)
    got = module(*inputs)
    ad_core.manual_seed(2)
    expected = twin(*as_tensors(inputs, _parameter_dtype(twin)))
    assert all(isinstance(leaf, Tensor) or name == "Identity" for leaf in flat_outputs(got))
    assert_same(got, expected)
    for (key, value), (_, twin_value) in zip(
        module.state_dict().items(), twin.state_dict().items(), strict=True
    ):
        np.testing.assert_array_equal(value.array, twin_value.array, err_msg=key)


def test_a_module_without_parameters_keeps_the_array_dtype() -> None:
    out = nn.ReLU()(np.array([-1.0, 2.0]))
    assert out.dtype == np.float64 and out.tolist() == [0.0, 2.0]


def test_a_backward_through_a_numpy_batch_reaches_the_parameters() -> None:
    model = nn.Sequential(nn.Linear(3, 2), nn.Tanh())
    model(np.ones((4, 3))).sum().backward()
    assert model[0].weight.grad is not None and model[0].weight.grad.dtype == np.float32


# --- every functional --------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """Positional and keyword arguments of a functional."""

    args: tuple[Spec, ...]
    kwargs: dict[str, Spec] = field(default_factory=dict)


X = Floats((2, 3))
POSITIVE = Floats((2, 3), unit=True)

FUNCTIONALS: dict[str, Call] = {
    **{
        name: Call((X,))
        for name in (
            "abs",
            "cos",
            "exp",
            "expm1",
            "relu",
            "sigmoid",
            "sign",
            "silu",
            "sin",
            "square",
            "tan",
            "tanh",
            "elu",
            "gelu",
            "leaky_relu",
            "softplus",
        )
    },
    **{name: Call((POSITIVE,)) for name in ("log", "log1p", "reciprocal", "rsqrt", "sqrt")},
    **{name: Call((X,), {"dim": 1}) for name in ("softmax", "log_softmax", "logsumexp")},
    **{name: Call((X,)) for name in ("sum", "mean", "max", "min", "prod", "norm", "std", "var")},
    **{name: Call((X,), {"dim": 1}) for name in ("argmax", "argmin")},
    "maximum": Call((X, X)),
    "minimum": Call((X, X)),
    "clamp": Call((X,), {"min": Floats((3,)), "max": 1.0}),
    "where": Call((Mask((2, 3)), X, X)),
    "masked_fill": Call((X, Mask((2, 3)), 0.5)),
    "gather": Call((X, 1, Ints((2, 2), 3))),
    "index_select": Call((X, 1, Ints((2,), 3))),
    "one_hot": Call((Ints((4,), 3), 3)),
    "embedding": Call((Ints((2, 4), 5), Floats((5, 3)))),
    "matmul": Call((X, Floats((3, 4)))),
    "linear": Call((X, Floats((4, 3)), Floats((4,)))),
    "einsum": Call(("ij,jk->ik", X, Floats((3, 4)))),
    "broadcast_to": Call((Floats((1, 3)), (2, 3))),
    "cat": Call(([X, X],), {"dim": 1}),
    "stack": Call(([X, X],)),
    "chunk": Call((X, 2), {"dim": 1}),
    "split": Call((X, 1)),
    "flatten": Call((Floats((2, 3, 4)),), {"start_dim": 1}),
    "flip": Call((X, (0,))),
    "pad": Call((X, (1, 1))),
    "permute": Call((X, (1, 0))),
    "repeat": Call((X, 2, 1)),
    "reshape": Call((X, (3, 2))),
    "squeeze": Call((Floats((2, 1, 3)),)),
    "transpose": Call((X, 0, 1)),
    "unsqueeze": Call((X, 0)),
    "conv1d": Call((Floats((2, 3, 6)), Floats((4, 3, 2)), Floats((4,)))),
    "conv2d": Call((Floats((2, 3, 5, 5)), Floats((4, 3, 2, 2)))),
    "avg_pool1d": Call((Floats((2, 3, 6)), 2)),
    "avg_pool2d": Call((Floats((2, 3, 4, 4)), 2)),
    "max_pool1d": Call((Floats((2, 3, 6)), 2)),
    "max_pool2d": Call((Floats((2, 3, 4, 4)), 2)),
    "unfold": Call((Floats((2, 3, 4, 4)), 2)),
    "fold": Call((Floats((2, 12, 9)), (4, 4), 2)),
    "dropout": Call((X, 0.5)),
    "dropout1d": Call((Floats((2, 4, 3)), 0.5)),
    "dropout2d": Call((Floats((2, 4, 3, 3)), 0.5)),
    "batch_norm": Call(
        (Floats((4, 3)), Floats((3,)), Floats((3,), unit=True), Floats((3,)), Floats((3,))),
        {"training": True},
    ),
    "layer_norm": Call((Floats((2, 4, 3)), (3,), Floats((3,)), Floats((3,)))),
    "group_norm": Call((Floats((2, 4, 3)), 2, Floats((4,)), Floats((4,)))),
    "mse_loss": Call((X, X)),
    "l1_loss": Call((X, X)),
    "smooth_l1_loss": Call((X, X)),
    "huber_loss": Call((X, X)),
    "binary_cross_entropy": Call((POSITIVE, POSITIVE), {"weight": Floats((2, 3))}),
    "binary_cross_entropy_with_logits": Call((X, POSITIVE), {"pos_weight": Floats((3,))}),
    "cross_entropy": Call((X, Ints((2,), 3)), {"weight": Floats((3,), unit=True)}),
    "nll_loss": Call((X, Ints((2,), 3)), {"weight": Floats((3,), unit=True)}),
    "kl_div": Call((X, POSITIVE)),
    **{
        name: Call((X,))
        for name in (
            "ceil",
            "floor",
            "trunc",
            "frac",
            "round",
            "erf",
            "neg",
            "isnan",
            "isinf",
            "isfinite",
            "is_floating_point",
            "is_tensor",
            "numel",
            "count_nonzero",
            "nonzero",
            "amax",
            "amin",
            "sort",
            "argsort",
            "tril",
            "triu",
            "unbind",
        )
    },
    **{
        name: Call((X, POSITIVE))
        for name in (
            "add",
            "sub",
            "mul",
            "div",
            "true_divide",
            "fmod",
            "remainder",
            "pow",
            "eq",
            "ne",
            "lt",
            "le",
            "gt",
            "ge",
            "greater",
            "greater_equal",
            "less",
            "less_equal",
            "not_equal",
            "isclose",
            "allclose",
            "equal",
        )
    },
    **{name: Call((Mask((2, 3)),)) for name in ("all", "any", "logical_not")},
    **{
        name: Call((Mask((2, 3)), Mask((2, 3))))
        for name in ("logical_and", "logical_or", "logical_xor")
    },
    **{name: Call((X,), {"dim": 1}) for name in ("cumsum", "cumprod")},
    "clip": Call((X,), {"min": -0.5, "max": Floats((3,))}),
    "lerp": Call((X, POSITIVE, Floats((3,)))),
    "topk": Call((X, 2)),
    "roll": Call((X, 1, 1)),
    "narrow": Call((X, 1, 1, 2)),
    "movedim": Call((X, 0, 1)),
    "unflatten": Call((Floats((2, 6)), 1, (2, 3))),
    "repeat_interleave": Call((X, Ints((3,), 3)), {"dim": 1}),
    "masked_select": Call((X, Mask((2, 3)))),
    "take_along_dim": Call((X, Ints((2, 2), 3), 1)),
    "scatter": Call((X, 1, Ints((2, 2), 3), Floats((2, 2)))),
    "scatter_add": Call((X, 1, Ints((2, 2), 3), Floats((2, 2)))),
    "index_add": Call((X, 1, Ints((2,), 3), Floats((2, 2)))),
    "mm": Call((X, Floats((3, 4)))),
    "bmm": Call((Floats((2, 2, 3)), Floats((2, 3, 4)))),
    "dot": Call((Floats((3,)), Floats((3,)))),
    "outer": Call((Floats((3,)), Floats((2,)))),
    "addmm": Call((Floats((4,)), X, Floats((3, 4)))),
    "baddbmm": Call((Floats((2, 2, 4)), Floats((2, 2, 3)), Floats((2, 3, 4)))),
    "multinomial": Call((POSITIVE, 2)),
    "bernoulli": Call((POSITIVE,)),
    "normal": Call((X, POSITIVE)),
    "scaled_dot_product_attention": Call(
        (Floats((2, 3, 4)), Floats((2, 5, 4)), Floats((2, 5, 4))), {"attn_mask": Mask((3, 5))}
    ),
}

# Functions that answer with a Python value, not a tensor.
PYTHON_VALUES = {"allclose", "equal", "is_floating_point", "numel"}

# Settings of the process, not operations on arrays.
SETTINGS = {"get_num_threads", "keep_freed_memory", "set_num_threads"}

FUNCTIONAL_NAMES = sorted(
    name
    for name in F.__all__
    if callable(getattr(F, name)) and name not in SETTINGS and name not in ad_core.__all__
)


@pytest.mark.parametrize("name", FUNCTIONAL_NAMES)
def test_every_functional_is_listed(name: str) -> None:
    if name not in FUNCTIONALS:
        pytest.fail(
            f"ad_nn.functional.{name} has no entry in FUNCTIONALS of {__file__}: add "
            f"`{name!r}: Call((<args>,), {{<kwargs>}})`, with arrays given as Floats(shape), "
            "Ints(shape, high) or Mask(shape), so that it is checked to take NumPy arrays "
            "wherever it takes Tensors"
        )


@pytest.mark.parametrize("name", sorted(FUNCTIONALS))
def test_functionals_take_numpy_arrays(name: str) -> None:
    """Every array argument may be a NumPy array: the result is the one for
    Tensors, and arrays updated in place (running statistics) are updated."""
    call = FUNCTIONALS[name]
    rng = np.random.default_rng(3)
    args, kwargs = make(call.args, rng), make(call.kwargs, rng)
    tensor_args, tensor_kwargs = as_tensors(args, None), as_tensors(kwargs, None)
    ad_core.manual_seed(4)
    got = getattr(F, name)(*args, **kwargs)
    ad_core.manual_seed(4)
    expected = getattr(F, name)(*tensor_args, **tensor_kwargs)
    if name == "is_tensor":  # the one question whose answer differs, by definition
        assert got is False and expected is True
        return
    if name in PYTHON_VALUES:
        assert got == expected
        return
    assert all(isinstance(leaf, Tensor) for leaf in flat_outputs(got))
    assert_same(got, expected)
    if name == "batch_norm":
        np.testing.assert_allclose(args[1], tensor_args[1].array)
        np.testing.assert_allclose(args[2], tensor_args[2].array)


# --- mismatched dtypes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "inputs"),
    [
        (lambda: nn.Linear(3, 2), lambda t: (t((4, 3)),)),
        (lambda: nn.Conv2d(1, 2, 2), lambda t: (t((1, 1, 3, 3)),)),
        (lambda: nn.BatchNorm1d(3), lambda t: (t((4, 3)),)),
        (lambda: nn.LayerNorm(3), lambda t: (t((4, 3)),)),
        (lambda: nn.GroupNorm(1, 3), lambda t: (t((4, 3)),)),
        (lambda: nn.RNN(3, 2), lambda t: (t((5, 1, 3)),)),
        (lambda: nn.LSTMCell(3, 2), lambda t: (t((1, 3)).float(), (t((1, 2)), t((1, 2))))),
        (lambda: nn.Sequential(nn.Linear(3, 2)), lambda t: (t((4, 3)),)),
    ],
)
def test_a_float64_tensor_into_float32_parameters_is_refused(
    build: Callable[[], nn.Module], inputs: Callable[..., tuple[Any, ...]]
) -> None:
    module = build()
    before = {k: v.array.copy() for k, v in module.state_dict().items()}
    name = type(module[0] if isinstance(module, nn.Sequential) else module).__name__
    with pytest.raises(
        TypeError,
        match=rf"{name}: expected an input of dtype float32 \(the dtype of its parameters\), "
        r"got float64; cast the input with `input.float\(\)` or the module with "
        r"`module.double\(\)`",
    ):
        module(*inputs(lambda shape: ad_core.tensor(np.ones(shape))))
    for key, value in module.state_dict().items():
        np.testing.assert_array_equal(value.array, before[key])


def test_float16_and_double_modules_say_how_to_cast() -> None:
    with pytest.raises(TypeError, match=r"cast the input with `input.double\(\)`"):
        nn.Linear(2, 1).double()(ad_core.ones(1, 2))
    with pytest.raises(TypeError, match=r"or the module with `module.to\(np.float16\)`"):
        nn.Linear(2, 1)(ad_core.ones(1, 2, dtype=np.float16))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: F.linear(ad_core.tensor(np.ones((1, 2))), ad_core.ones(1, 2)),
            r"linear: expected an input of dtype float32 \(the dtype of weight\), got float64",
        ),
        (
            lambda: F.conv1d(ad_core.ones(1, 1, 3), ad_core.tensor(np.ones((1, 1, 2)))),
            r"conv1d: expected an input of dtype float64 \(the dtype of weight\), got float32",
        ),
        (
            lambda: F.layer_norm(ad_core.tensor(np.ones((1, 2))), (2,), ad_core.ones(2)),
            r"layer_norm: expected an input of dtype float32 \(the dtype of weight\)",
        ),
        (
            lambda: F.batch_norm(ad_core.ones(2, 2), ad_core.zeros(2, dtype=np.float64), None),
            r"batch_norm: expected an input of dtype float64",
        ),
        (
            lambda: F.linear(ad_core.tensor([[1, 2]]), ad_core.ones(1, 2)),
            "linear: expected a floating input, got dtype int64",
        ),
        (
            lambda: nn.Linear(2, 1)(ad_core.tensor([[1, 2]])),
            "linear: expected a floating input, got dtype int64",
        ),
    ],
)
def test_functionals_refuse_mismatched_dtypes(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call()


def test_integer_and_bool_arrays_are_left_alone() -> None:
    emb = nn.Embedding(4, 2)
    np.testing.assert_array_equal(emb(np.array([3, 0])).array, emb.weight.array[[3, 0]])
    loss = nn.CrossEntropyLoss()(np.zeros((2, 3)), np.array([0, 2]))
    assert loss.dtype == np.float64
    np.testing.assert_allclose(loss.item(), np.log(3))
