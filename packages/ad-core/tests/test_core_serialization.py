"""save/load of checkpoints (torch.save / torch.load in a port): structures
around tensors, state dicts readable by safetensors, refusals."""

import io
from pathlib import Path

import numpy as np
import pytest

import ad_core


def round_trip(obj: object) -> object:
    buffer = io.BytesIO()
    ad_core.save(obj, buffer)
    buffer.seek(0)
    return ad_core.load(buffer)


def test_checkpoint_structure_round_trips() -> None:
    w = ad_core.tensor([[1.0, 2.0]], requires_grad=True)
    checkpoint = {
        "model": {"weight": w, "step": ad_core.tensor(3)},
        "optimizer": {"state": {0: {"exp_avg": np.zeros(2)}}, "param_groups": [{"lr": 0.1}]},
        "iter_num": 12,
        "best": float("inf"),
        "names": ("a", None, True),
    }
    loaded = round_trip(checkpoint)
    assert isinstance(loaded, dict)
    assert loaded["iter_num"] == 12 and loaded["best"] == float("inf")
    assert loaded["names"] == ("a", None, True)
    weight = loaded["model"]["weight"]
    assert (
        isinstance(weight, ad_core.Tensor)
        and weight.requires_grad
        and weight.tolist() == [[1.0, 2.0]]
    )
    assert loaded["model"]["step"].dtype == np.int64
    state = loaded["optimizer"]["state"][0]["exp_avg"]
    assert isinstance(state, np.ndarray) and state.tolist() == [0.0, 0.0]
    assert loaded["optimizer"]["param_groups"] == [{"lr": 0.1}]


def test_a_state_dict_is_a_plain_safetensors_file(tmp_path: Path) -> None:
    path = tmp_path / "model.pt"
    state = {"weight": ad_core.ones(2, 3), "bias": ad_core.zeros(2, dtype=np.float64)}
    ad_core.save(state, path)
    arrays, _ = ad_core.safetensors.read("test", path)
    assert sorted(arrays) == ["bias", "weight"] and arrays["bias"].dtype == np.float64
    loaded = ad_core.load(str(path))
    assert list(loaded) == ["weight", "bias"]  # in the order saved
    assert all(isinstance(v, ad_core.Tensor) for v in loaded.values())


def test_paths_and_file_objects(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    ad_core.save([ad_core.arange(3)], path)
    with open(path, "rb") as f:
        assert ad_core.load(f)[0].tolist() == [0, 1, 2]
    assert ad_core.load(path, map_location=ad_core.device("cpu"), weights_only=True)[
        0
    ].tolist() == [
        0,
        1,
        2,
    ]


def test_what_only_pickle_could_store_is_refused_by_name() -> None:
    class Model:
        pass

    with pytest.raises(
        TypeError, match=r"save: cannot save obj\['model'\], an object of type Model"
    ):
        ad_core.save({"model": Model()}, io.BytesIO())
    with pytest.raises(TypeError, match=r"saving a whole module.*is not supported"):
        ad_core.save(lambda: 0, io.BytesIO())
    with pytest.raises(TypeError, match=r"save: value for 'obj\[0\]' has dtype <U1"):
        ad_core.save([np.array(["a"])], io.BytesIO())
    with pytest.raises(TypeError, match="save: expected a path or a binary file object"):
        ad_core.save([1], 3)  # type: ignore[arg-type]


def test_loading_refuses_other_devices_and_damaged_files(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    ad_core.save({"w": ad_core.ones(1)}, buffer)
    buffer.seek(0)
    with pytest.raises(RuntimeError, match="load: cannot use device 'cuda'"):
        ad_core.load(buffer, map_location="cuda")
    with pytest.raises(ValueError, match="not a valid safetensors file"):
        ad_core.load(io.BytesIO(b"\x00" * 4))
    with pytest.raises(FileNotFoundError, match="load: no such file"):
        ad_core.load(tmp_path / "missing.pt")
