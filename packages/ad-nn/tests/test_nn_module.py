"""Module: registration, traversal, modes, hooks, dtype casts and state dicts."""

from typing import Any

import numpy as np
import pytest

import ad_core
import ad_nn as nn
from ad_core import Tensor
from ad_nn import Module, Parameter


class Leaf(Module):
    def __init__(self, n: int = 2) -> None:
        super().__init__()
        self.weight = Parameter(np.arange(n, dtype=np.float32))
        self.register_buffer("stat", ad_core.zeros(n))

    def forward(self, x: Tensor) -> Tensor:
        return x * self.weight

    def extra_repr(self) -> str:
        return f"n={self.weight.shape[0]}"


class Tree(Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = Leaf()
        self.b = Leaf(3)
        self.scale = Parameter(np.ones(1, dtype=np.float32))

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.a(x) * self.scale
        return out


def test_registration_by_assignment() -> None:
    t = Tree()
    assert list(t._modules) == ["a", "b"]
    assert list(t._parameters) == ["scale"]
    assert [n for n, _ in t.named_parameters()] == ["scale", "a.weight", "b.weight"]
    assert [n for n, _ in t.named_buffers()] == ["a.stat", "b.stat"]
    assert [n for n, _ in t.named_modules()] == ["", "a", "b"]
    assert [n for n, _ in t.named_children()] == ["a", "b"]
    assert list(t.children()) == [t.a, t.b]
    assert len(list(t.modules())) == 3
    assert len(list(t.parameters())) == 3
    assert len(list(t.buffers())) == 2
    assert [n for n, _ in t.named_parameters(recurse=False)] == ["scale"]


def test_shared_parameter_and_module_listed_once() -> None:
    t = Tree()
    t.b.weight = t.a.weight
    assert [n for n, _ in t.named_parameters()] == ["scale", "a.weight"]
    t.c = t.a
    assert [n for n, _ in t.named_modules()] == ["", "a", "b"]
    assert list(t.state_dict()) == [
        "scale",
        "a.weight",
        "a.stat",
        "b.weight",
        "b.stat",
        "c.weight",
        "c.stat",
    ]


def test_reassignment_moves_between_registries() -> None:
    t: Module = Tree()
    t.scale = None
    assert t._parameters["scale"] is None and t.scale is None
    assert [n for n, _ in t.named_parameters(recurse=False)] == []
    t.a = None
    assert t.a is None
    assert [n for n, _ in t.named_modules()] == ["", "b"]
    t.b = Parameter(np.zeros(1))
    assert "b" not in t._modules and "b" in t._parameters
    del t.b
    assert "b" not in t._parameters
    with pytest.raises(AttributeError):
        _ = t.b


def test_wrong_types_for_registered_names() -> None:
    t: Module = Tree()
    with pytest.raises(TypeError, match="parameter 'scale'"):
        t.scale = ad_core.ones(1)
    with pytest.raises(TypeError, match="child module 'a'"):
        t.a = 3
    with pytest.raises(TypeError, match="buffer 'stat'"):
        t.a.stat = np.zeros(2)
    t.a.stat = ad_core.ones(2)
    assert t.a._buffers["stat"] is t.a.stat


def test_register_errors() -> None:
    m = Module()
    with pytest.raises(TypeError, match="register_parameter"):
        m.register_parameter("p", ad_core.ones(1))  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="register_buffer"):
        m.register_buffer("a.b", ad_core.ones(1))
    m.plain = 1
    with pytest.raises(KeyError, match="already exists"):
        m.register_buffer("plain", ad_core.ones(1))
    with pytest.raises(TypeError, match="add_module"):
        m.add_module("x", 3)  # type: ignore[arg-type]


def test_assign_before_init_is_refused() -> None:
    class Bad(Module):
        def __init__(self) -> None:
            self.w = Parameter(np.zeros(1))
            super().__init__()

    with pytest.raises(AttributeError, match="before Module"):
        Bad()


def test_forward_missing() -> None:
    with pytest.raises(NotImplementedError, match="forward"):
        Module()(1)


def test_train_eval_do_not_touch_grad_mode() -> None:
    t = Tree()
    assert ad_core.is_grad_enabled()
    assert t.eval() is t
    assert not t.training and not t.a.training and not t.b.training
    assert ad_core.is_grad_enabled()
    t.train()
    assert all(m.training for m in t.modules())
    with pytest.raises(ValueError, match="boolean"):
        t.train(1)  # type: ignore[arg-type]


def test_zero_grad_and_requires_grad() -> None:
    t = Tree()
    x = ad_core.ones(2)
    t(x).sum().backward()
    assert t.a.weight.grad is not None
    t.zero_grad(set_to_none=False)
    assert t.a.weight.grad is not None
    np.testing.assert_array_equal(t.a.weight.grad.array, [0.0, 0.0])
    t.zero_grad()
    assert all(p.grad is None for p in t.parameters())
    t.requires_grad_(False)
    assert not any(p.requires_grad for p in t.parameters())


def test_apply_order() -> None:
    seen: list[str] = []
    Tree().apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Leaf", "Leaf", "Tree"]


def test_to_dtype_keeps_parameter_objects() -> None:
    t = Tree()
    weight = t.a.weight
    t(ad_core.ones(2)).sum().backward()
    assert t.double() is t
    assert t.a.weight is weight and weight.dtype == np.float64
    assert weight.grad is not None and weight.grad.dtype == np.float64
    assert t.a.stat.dtype == np.float64
    t.float()
    assert weight.dtype == np.float32
    t.to("cpu")
    t.to(dtype=np.float64, device="cpu")
    assert weight.dtype == np.float64
    t.to(ad_core.device("cpu"), ad_core.float32)
    assert weight.dtype == np.float32
    with pytest.raises(RuntimeError, match="to: cannot use device 'cuda': no CUDA backend"):
        t.to("cuda")
    with pytest.raises(RuntimeError, match="cuda: cannot use device 'cuda:1'"):
        t.cuda(1)
    with pytest.raises(TypeError, match="floating"):
        t.to(np.int32)


def test_forward_hooks() -> None:
    leaf = Leaf()
    calls: list[str] = []

    def pre(m: Module, args: tuple[Any, ...]) -> Any:
        calls.append("pre")
        return args[0] + 1

    def post(m: Module, args: tuple[Any, ...], out: Any) -> Any:
        calls.append("post")
        return out * 10

    h1 = leaf.register_forward_pre_hook(pre)
    h2 = leaf.register_forward_hook(post)
    out = leaf(ad_core.tensor([1.0, 1.0]))
    np.testing.assert_allclose(out.array, [0.0, 20.0])
    assert calls == ["pre", "post"]
    h1.remove()
    h2.remove()
    h2.remove()
    np.testing.assert_allclose(leaf(ad_core.tensor([1.0, 1.0])).array, [0.0, 1.0])


def test_hook_returning_none_keeps_output() -> None:
    leaf = Leaf()
    leaf.register_forward_hook(lambda m, a, o: None)
    leaf.register_forward_pre_hook(lambda m, a: None)
    np.testing.assert_allclose(leaf(ad_core.tensor([2.0, 2.0])).array, [0.0, 2.0])


def test_repr_tree() -> None:
    assert repr(Tree()) == "Tree(\n  (a): Leaf(n=2)\n  (b): Leaf(n=3)\n)"
    assert repr(Module()) == "Module()"


def test_get_submodule_and_parameter() -> None:
    t = Tree()
    assert t.get_submodule("a") is t.a
    assert t.get_parameter("b.weight") is t.b.weight
    with pytest.raises(AttributeError, match="no submodule 'z'"):
        t.get_submodule("z")
    with pytest.raises(AttributeError, match="not a parameter"):
        t.get_parameter("a.stat")


def test_state_dict_detached_and_shared() -> None:
    t = Tree()
    sd = t.state_dict()
    assert list(sd) == ["scale", "a.weight", "a.stat", "b.weight", "b.stat"]
    assert not sd["a.weight"].requires_grad
    assert sd["a.weight"].array is t.a.weight.array
    assert t.state_dict(keep_vars=True)["a.weight"] is t.a.weight


def test_non_persistent_buffer_not_in_state_dict() -> None:
    m = Module()
    m.register_buffer("tmp", ad_core.zeros(1), persistent=False)
    assert list(m.state_dict()) == [] and [n for n, _ in m.named_buffers()] == ["tmp"]


def test_load_state_dict_copies_and_keeps_dtype() -> None:
    t = Tree()
    weight = t.a.weight
    state = {k: np.full(v.shape, 7.0, dtype=np.float64) for k, v in t.state_dict().items()}
    result = t.load_state_dict(state)
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert t.a.weight is weight and weight.dtype == np.float32
    np.testing.assert_array_equal(weight.array, [7.0, 7.0])
    np.testing.assert_array_equal(t.b.stat.array, [7.0, 7.0, 7.0])
    state["a.weight"] = np.zeros(2)
    t.load_state_dict({k: Tensor(v) for k, v in state.items()})
    np.testing.assert_array_equal(weight.array, [0.0, 0.0])


def test_load_state_dict_lists_every_problem_and_changes_nothing() -> None:
    t = Tree()
    before = {k: v.array.copy() for k, v in t.state_dict().items()}
    state: dict[str, Any] = {k: np.full(v.shape, 5.0) for k, v in t.state_dict().items()}
    del state["a.stat"]
    del state["scale"]
    state["extra"] = np.zeros(1)
    state["junk"] = np.zeros(1)
    state["b.weight"] = np.zeros(4)
    with pytest.raises(RuntimeError) as info:
        t.load_state_dict(state)
    message = str(info.value)
    for key in ('"a.stat"', '"scale"', '"extra"', '"junk"', '"b.weight"'):
        assert key in message
    assert "Missing key(s)" in message and "Unexpected key(s)" in message
    assert "size mismatch" in message
    for k, v in t.state_dict().items():
        np.testing.assert_array_equal(v.array, before[k])


def test_load_state_dict_non_strict() -> None:
    t = Tree()
    result = t.load_state_dict({"scale": np.array([3.0]), "extra": np.zeros(1)}, strict=False)
    assert result.unexpected_keys == ["extra"]
    assert set(result.missing_keys) == {"a.weight", "a.stat", "b.weight", "b.stat"}
    np.testing.assert_array_equal(t.scale.array, [3.0])
    with pytest.raises(RuntimeError, match="size mismatch"):
        t.load_state_dict({"scale": np.zeros(2)}, strict=False)


def test_load_state_dict_bad_values() -> None:
    t = Tree()
    with pytest.raises(TypeError, match="mapping"):
        t.load_state_dict([1, 2])  # type: ignore[arg-type]
    state: dict[str, Any] = dict(t.state_dict())
    state["scale"] = "text"
    with pytest.raises(RuntimeError, match='"scale" must be a Tensor or a NumPy array'):
        t.load_state_dict(state)


@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize(
    ("bad", "dtype"),
    [
        (np.array(["a", "b"]), "<U1"),
        (np.array([b"a", b"b"]), "|S1"),
        (np.array([object(), object()]), "object"),
        (np.array(["2020-01-01", "2020-01-02"], dtype="datetime64[D]"), r"datetime64\[D\]"),
        (np.array([1 + 2j, 3j]), "complex128"),
    ],
)
def test_load_state_dict_refuses_non_numbers_before_writing(
    bad: np.ndarray, dtype: str, strict: bool
) -> None:
    layer = nn.Linear(2, 2)
    weight = layer.weight.array.copy()
    with pytest.raises(RuntimeError, match=rf'value for "bias" has dtype {dtype}'):
        layer.load_state_dict({"weight": np.full((2, 2), 7.0), "bias": bad}, strict=strict)
    np.testing.assert_array_equal(layer.weight.array, weight)


def test_load_state_dict_converts_every_value_to_the_target_dtype() -> None:
    bn = nn.BatchNorm1d(2)
    bn.load_state_dict(
        {
            "weight": np.array([1, 2]),
            "bias": np.array([True, False]),
            "running_mean": ad_core.tensor(np.array([0.5, 1.5])),
            "running_var": np.array([2.0, 3.0], dtype=np.float16),
            "num_batches_tracked": np.float64(7.0),
        }
    )
    assert bn.weight is not None and bn.bias is not None
    assert bn.weight.dtype == np.float32 and bn.weight.array.tolist() == [1.0, 2.0]
    assert bn.bias.array.tolist() == [1.0, 0.0]
    assert bn.running_mean is not None and bn.running_mean.array.tolist() == [0.5, 1.5]
    assert bn.num_batches_tracked is not None and bn.num_batches_tracked.item() == 7
    assert bn.num_batches_tracked.dtype == np.int64
    with pytest.raises(RuntimeError, match='"num_batches_tracked" holds non-finite values'):
        bn.load_state_dict({"num_batches_tracked": np.float64("nan")}, strict=False)
    assert bn.num_batches_tracked.item() == 7
