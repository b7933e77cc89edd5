"""save/load: safetensors round trips, atomic writes, bad files."""

import os
from pathlib import Path

import numpy as np
import pytest

import ad_core
import ad_nn as nn


def test_round_trip_into_a_model(tmp_path: Path) -> None:
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    model(ad_core.randn(5, 3))
    path = tmp_path / "model.safetensors"
    nn.save(model.state_dict(), path)
    loaded = nn.load(path)
    assert set(loaded) == set(model.state_dict())
    assert loaded["1.num_batches_tracked"].dtype == np.int64
    other = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    other.load_state_dict(loaded)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(other.state_dict()[key].array, value.array)
    assert os.listdir(tmp_path) == ["model.safetensors"]


def test_arrays_keep_dtype_and_overwrite_is_atomic(tmp_path: Path) -> None:
    path = str(tmp_path / "w.safetensors")
    nn.save({"a": np.arange(4, dtype=np.float64).reshape(2, 2)}, path)
    nn.save({"b": np.ones(3, dtype=np.float32)}, path)
    loaded = nn.load(path)
    assert list(loaded) == ["b"] and loaded["b"].dtype == np.float32
    with pytest.raises(TypeError, match="must be a Tensor or a NumPy array"):
        nn.save({"c": [1, 2]}, path)
    assert list(nn.load(path)) == ["b"]
    assert sorted(os.listdir(tmp_path)) == ["w.safetensors"]


@pytest.mark.parametrize("damage", ["truncate", "corrupt", "foreign", "empty"])
def test_bad_files_raise_clear_errors(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "x.safetensors"
    nn.save({"w": np.arange(100.0)}, path)
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "corrupt":
        path.write_bytes(b"\xff" * 8 + raw[8:])
    elif damage == "foreign":
        np.save(path.open("wb"), np.arange(3))
    else:
        path.write_bytes(b"")
    with pytest.raises(ValueError, match="not a valid safetensors file"):
        nn.load(path)


def test_missing_file_and_bad_state(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        nn.load(tmp_path / "nothing.safetensors")
    with pytest.raises(TypeError, match="mapping"):
        nn.save([1], tmp_path / "x.safetensors")  # type: ignore[arg-type]
