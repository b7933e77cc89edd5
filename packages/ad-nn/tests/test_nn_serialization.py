"""save/load: safetensors round trips, atomic writes, bad files."""

import json
import os
import re
import stat
import struct
from pathlib import Path
from typing import Any

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


def _safetensors_file(path: Path, tensors: dict[str, tuple[str, list[int], bytes]]) -> None:
    """A safetensors file written by hand: header length, JSON header, data."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    data = b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {
            "dtype": dtype,
            "shape": shape,
            "data_offsets": [len(data), len(data) + len(raw)],
        }
        data += raw
    text = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(text)) + text + data)


def test_bfloat16_and_float8_are_widened_to_float32(tmp_path: Path) -> None:
    path = tmp_path / "narrow.safetensors"
    bf16 = np.array([0x3F80, 0xC020, 0x7F80, 0x0001, 0x7FC0], dtype="<u2").tobytes()
    _safetensors_file(
        path,
        {
            "bf16": ("BF16", [5], bf16),
            "e4m3": ("F8_E4M3", [5], bytes([0x38, 0x7E, 0xC0, 0x01, 0x7F])),
            "e5m2": ("F8_E5M2", [5], bytes([0x3C, 0x7C, 0xFC, 0x01, 0x7E])),
            "e4m3fnuz": ("F8_E4M3FNUZ", [3], bytes([0x40, 0x00, 0x80])),
            "e5m2fnuz": ("F8_E5M2FNUZ", [2], bytes([0x40, 0x80])),
            "e8m0": ("F8_E8M0", [3], bytes([0x7F, 0x80, 0xFF])),
            "f32": ("F32", [2], np.array([1.5, -2.0], dtype="<f4").tobytes()),
        },
    )
    loaded = nn.load(path)
    assert all(loaded[k].dtype == np.float32 for k in loaded)
    nan = np.nan
    np.testing.assert_array_equal(loaded["bf16"], [1.0, -2.5, np.inf, 2.0**-133, nan])
    np.testing.assert_array_equal(loaded["e4m3"], [1.0, 448.0, -2.0, 2.0**-9, nan])
    np.testing.assert_array_equal(loaded["e5m2"], [1.0, np.inf, -np.inf, 2.0**-16, nan])
    np.testing.assert_array_equal(loaded["e4m3fnuz"], [1.0, 0.0, nan])
    np.testing.assert_array_equal(loaded["e5m2fnuz"], [1.0, nan])
    np.testing.assert_array_equal(loaded["e8m0"], [1.0, 2.0, nan])
    np.testing.assert_array_equal(loaded["f32"], [1.5, -2.0])
    layer = nn.Linear(4, 1)
    layer.load_state_dict({"weight": loaded["bf16"][None, :4], "bias": loaded["e4m3"][:1]})
    assert layer.weight.dtype == np.float32 and layer.weight.array[0, 2] == np.inf


def test_files_written_by_safetensors_itself(tmp_path: Path) -> None:
    safetensors = pytest.importorskip("safetensors")
    spec = getattr(safetensors, "TensorSpec", None)
    if spec is None:
        pytest.skip("this safetensors cannot write bfloat16 from NumPy")
    bf16 = np.array([0x4040, 0xBF80], dtype=np.uint16)  # 3.0, -1.0
    e5m2 = np.array([0x40, 0xC4], dtype=np.uint8)  # 2.0, -4.0
    specs = {
        "b": spec(dtype="bfloat16", shape=[2], data_ptr=bf16.ctypes.data, data_len=bf16.nbytes),
        "e": spec(dtype="float8_e5m2", shape=[2], data_ptr=e5m2.ctypes.data, data_len=2),
    }
    path = tmp_path / "st.safetensors"
    path.write_bytes(safetensors.serialize(specs, None))
    loaded = nn.load(path)
    assert loaded["b"].tolist() == [3.0, -1.0] and loaded["e"].tolist() == [2.0, -4.0]


@pytest.mark.parametrize(
    ("dtype", "shape", "raw"),
    [("F4", [4], b"\x38\x7f"), ("F6_E2M3", [1], b"\x01"), ("BF8", [1], b"\x01")],
)
def test_dtypes_that_cannot_be_read_are_named(
    tmp_path: Path, dtype: str, shape: list[int], raw: bytes
) -> None:
    path = tmp_path / "odd.safetensors"
    _safetensors_file(path, {"w": (dtype, shape, raw)})
    with pytest.raises(
        ValueError, match=rf"load: '.*odd.safetensors': tensor 'w' has dtype '{dtype}'"
    ):
        nn.load(path)


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}, "needs 8 bytes"),
        ({"dtype": "F32", "shape": [-1], "data_offsets": [0, 8]}, r"has shape \[-1\]"),
        ({"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}, "has data_offsets"),
        ({"dtype": "F32", "shape": [2]}, "lacks dtype, shape or data_offsets"),
    ],
)
def test_inconsistent_headers_are_refused(
    tmp_path: Path, entry: dict[str, Any], reason: str
) -> None:
    text = json.dumps({"w": entry}).encode()
    path = tmp_path / "bad.safetensors"
    path.write_bytes(struct.pack("<Q", len(text)) + text + bytes(8))
    with pytest.raises(ValueError, match=f"not a valid safetensors file.*{reason}"):
        nn.load(path)


def test_a_directory_or_a_fifo_is_named(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match=r"load: .* is a directory, not a safetensors file"):
        nn.load(tmp_path)
    with pytest.raises(IsADirectoryError, match=r"save: .* is a directory, not a file"):
        nn.save({"w": np.ones(1)}, tmp_path)
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match=r"load: .*pipe' is a FIFO \(named pipe\), not a regular"):
        nn.load(fifo)
    with pytest.raises(ValueError, match=r"save: .*pipe' is a FIFO \(named pipe\), not a regular"):
        nn.save({"w": np.ones(1)}, fifo)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_save_uses_the_umask_and_keeps_an_existing_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        path = tmp_path / "m.safetensors"
        nn.save({"w": np.ones(2)}, path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        path.chmod(0o604)
        nn.save({"w": np.zeros(2)}, path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o604
    finally:
        os.umask(old)


def test_save_syncs_before_renaming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    nn.save({"w": np.ones(2)}, tmp_path / "s.safetensors")
    assert events[:2] == ["fsync", "replace"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_save_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.safetensors"
    nn.save({"old": np.ones(1)}, target)
    link = tmp_path / "link.safetensors"
    link.symlink_to(target)
    nn.save({"new": np.zeros(2)}, link)
    assert link.is_symlink() and list(nn.load(target)) == ["new"]
    assert sorted(os.listdir(tmp_path)) == ["link.safetensors", "real.safetensors"]


@pytest.mark.parametrize(
    "value",
    [
        np.array(["a"]),
        np.array([object()]),
        np.array(["2020-01-01"], dtype="datetime64[D]"),
        np.ones(2, dtype=np.complex128),
    ],
)
def test_saving_an_unsupported_value_names_its_key(tmp_path: Path, value: np.ndarray) -> None:
    path = tmp_path / "x.safetensors"
    nn.save({"kept": np.ones(1)}, path)
    with pytest.raises(
        TypeError, match=re.escape(f"save: value for 'odd' has dtype {value.dtype}")
    ):
        nn.save({"fine": np.ones(1), "odd": value}, path)
    with pytest.raises(ValueError, match="save: the key '__metadata__' is reserved"):
        nn.save({"__metadata__": np.ones(1)}, path)
    assert list(nn.load(path)) == ["kept"] and os.listdir(tmp_path) == ["x.safetensors"]


def test_safetensors_itself_reads_what_we_write(tmp_path: Path) -> None:
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    path = tmp_path / "ours.safetensors"
    values = {
        "f32": np.arange(6, dtype=np.float32).reshape(2, 3),
        "i64": np.array([-1, 2**40]),
        "b": np.array([True, False]),
        "empty": np.zeros((0, 3), dtype=np.float16),
        "scalar": np.array(2.5),
    }
    nn.save(values, path)
    theirs = safetensors_numpy.load_file(str(path))
    assert sorted(theirs) == sorted(values)
    for key, value in values.items():
        assert theirs[key].dtype == value.dtype and np.array_equal(theirs[key], value)
