"""Sequential, ModuleList, ModuleDict."""

from collections import OrderedDict

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def test_sequential_forward_indexing_slicing_append() -> None:
    a, b, c = nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)
    seq = nn.Sequential(a, b, c)
    x = ad_core.randn(4, 2)
    np.testing.assert_allclose(seq(x).array, c(b(a(x))).array)
    assert len(seq) == 3 and seq[0] is a and seq[-1] is c and list(seq) == [a, b, c]
    head = seq[:2]
    assert isinstance(head, nn.Sequential) and list(head) == [a, b]
    assert [n for n, _ in seq.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    seq.append(nn.Sigmoid())
    assert len(seq) == 4 and list(seq._modules) == ["0", "1", "2", "3"]
    seq[1] = nn.Tanh()
    assert isinstance(seq[1], nn.Tanh)
    del seq[1]
    second: nn.Module = seq[1]
    assert list(seq._modules) == ["0", "1", "2"] and second is c
    seq.insert(0, nn.Identity())
    assert isinstance(seq[0], nn.Identity) and len(seq) == 4
    with pytest.raises(IndexError, match="out of range"):
        seq[7]
    with pytest.raises(TypeError, match="Module"):
        nn.Sequential(nn.ReLU(), 3)  # type: ignore[arg-type]


def test_sequential_from_ordered_dict_and_repr() -> None:
    seq = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.ReLU())]))
    assert seq.fc is seq[0]
    assert repr(seq) == (
        "Sequential(\n  (fc): Linear(in_features=2, out_features=2, bias=True)\n  (act): ReLU()\n)"
    )


def test_module_list() -> None:
    layers = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2)])
    layers.append(nn.ReLU())
    layers += [nn.Tanh()]
    assert len(layers) == 4 and len(list(layers.parameters())) == 4
    assert isinstance(layers[-1], nn.Tanh) and len(layers[1:]) == 3
    layers.insert(0, nn.Identity())
    assert isinstance(layers[0], nn.Identity) and len(layers) == 5
    del layers[0]
    assert list(layers._modules) == ["0", "1", "2", "3"]
    with pytest.raises(TypeError, match="iterable"):
        layers.extend(nn.ReLU())
    with pytest.raises(NotImplementedError):
        layers(1)


def test_module_dict() -> None:
    d = nn.ModuleDict({"a": nn.Linear(1, 1)})
    d["b"] = nn.ReLU()
    d.update([("c", nn.Tanh())])
    assert d.keys() == ["a", "b", "c"] and "b" in d and len(d) == 3
    assert isinstance(d.pop("b"), nn.ReLU) and list(d) == ["a", "c"]
    assert [k for k, _ in d.items()] == ["a", "c"] and len(d.values()) == 2
    with pytest.raises(KeyError, match="no module named 'z'"):
        d["z"]
    d.clear()
    assert len(d) == 0


def test_flatten_unflatten_identity() -> None:
    x = ad_core.tensor(np.arange(24.0).reshape(2, 3, 4), requires_grad=True)
    y = nn.Flatten()(x)
    assert y.shape == (2, 12)
    z = nn.Unflatten(1, (3, -1))(y)
    assert z.shape == (2, 3, 4)
    z.sum().backward()
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.array, np.ones((2, 3, 4)))
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"
    with pytest.raises(ValueError, match="does not match"):
        nn.Unflatten(1, (5, 5))(y)
    with pytest.raises(ValueError, match="start_dim"):
        nn.Flatten(2, 1)(x)
