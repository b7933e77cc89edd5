"""ParameterList and ParameterDict: registration, state_dict keys, list and dict
operations, conversion of tensors, repr, errors."""

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def test_parameter_list() -> None:
    first = nn.Parameter(ad_core.zeros(2, 3))
    params = nn.ParameterList([first, ad_core.ones(4)])
    params.append(np.ones(1, dtype=np.float32))
    params += [ad_core.ones(2)]
    assert len(params) == 4 and params[0] is first and params[-1].shape == (2,)
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in params)
    assert list(params.state_dict()) == ["0", "1", "2", "3"]
    assert [p.shape for p in params[1:3]] == [(4,), (1,)]
    params[1] = ad_core.zeros(5)
    assert params[1].shape == (5,)
    holder = nn.Module()
    holder.weights = params
    names = [n for n, _ in holder.named_parameters()]
    assert names == ["weights.0", "weights.1", "weights.2", "weights.3"]
    assert repr(nn.ParameterList([ad_core.zeros(2, 3)])) == (
        "ParameterList(\n    (0): Parameter containing: [float32 of size 2x3]\n)"
    )
    with pytest.raises(IndexError, match="out of range"):
        params[4]
    with pytest.raises(TypeError, match="Parameter, Tensor or NumPy array"):
        params.append("weight")
    with pytest.raises(TypeError, match="iterable"):
        params.extend(ad_core.zeros(3))


def test_parameter_dict() -> None:
    params = nn.ParameterDict({"scale": ad_core.ones(3)})
    params["shift"] = nn.Parameter(ad_core.zeros(3))
    params.update([("gain", np.ones(1, dtype=np.float32))])
    assert params.keys() == ["scale", "shift", "gain"] and list(params) == params.keys()
    assert "gain" in params and len(params) == 3 and params.get("missing") is None
    assert [p.shape for p in params.values()] == [(3,), (3,), (1,)]
    assert params.items()[1][0] == "shift" and isinstance(params["scale"], nn.Parameter)
    assert list(params.state_dict()) == ["scale", "shift", "gain"]
    gain = params.pop("gain")
    assert gain.shape == (1,) and "gain" not in params
    del params["scale"]
    assert params.keys() == ["shift"]
    params.clear()
    assert len(params) == 0 and list(params.parameters()) == []
    with pytest.raises(KeyError):
        params["scale"]
    with pytest.raises(TypeError, match="ParameterDict"):
        params["x"] = 3.0
