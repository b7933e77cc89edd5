"""The safetensors format, read and written with NumPy alone: an 8-byte header
length, a JSON header (dtype, shape and byte offsets of each tensor, and a
``__metadata__`` map of strings), then the raw little-endian data.

Reading checks every offset and never executes anything; it also reads the
dtypes NumPy lacks (bfloat16 and the float8 variants PyTorch writes), widened
to float32. Files interchange with PyTorch's ``safetensors.torch``. Writing
is atomic (a temporary file in the same folder, flushed, then renamed).
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import struct
from collections.abc import Callable, Mapping
from typing import IO, Any

import numpy as np

from .types import NDArray

PathLike = str | os.PathLike[str]

# safetensors' dtype names for the NumPy dtypes stored as they are.
_NATIVE: dict[str, np.dtype[Any]] = {
    "F64": np.dtype("<f8"),
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"),
    "U64": np.dtype("<u8"),
    "I32": np.dtype("<i4"),
    "U32": np.dtype("<u4"),
    "I16": np.dtype("<i2"),
    "U16": np.dtype("<u2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
    "C64": np.dtype("<c8"),
}
_SAVABLE = {dtype.newbyteorder("="): name for name, dtype in _NATIVE.items()}
_MAX_HEADER = 100_000_000  # safetensors' own limit


def _bfloat16(raw: NDArray) -> NDArray:
    """bfloat16 is the upper half of a float32: shift it back into place. NaNs
    are made quiet, so that no later arithmetic on them warns."""
    shifted: NDArray = raw.astype(np.uint32) << 16
    widened: NDArray = shifted.view(np.float32)
    widened[np.isnan(widened)] = np.nan
    return widened


def _float8_table(exponent_bits: int, bias: int, nan: str) -> NDArray:
    """The float32 value of each of the 256 codes of a float8 with
    ``exponent_bits`` exponent bits (the rest mantissa, one sign bit). ``nan``
    says where NaN lives: ``"ieee"``, the top exponent holds inf and NaN
    (E5M2); ``"fn"``, only the all-ones codes are NaN and there is no inf
    (E4M3, PyTorch's ``float8_e4m3fn``); ``"fnuz"``, only 0x80 (the negative
    zero) is NaN (PyTorch's ``float8_*fnuz``)."""
    mantissa_bits = 7 - exponent_bits
    codes = np.arange(256)
    sign = np.where(codes & 0x80, -1.0, 1.0)
    exponent = (codes >> mantissa_bits) & (2**exponent_bits - 1)
    fraction = (codes & (2**mantissa_bits - 1)) / 2.0**mantissa_bits
    normal = (1 + fraction) * np.exp2(exponent - bias)
    subnormal = fraction * 2.0 ** (1 - bias)
    values = sign * np.where(exponent == 0, subnormal, normal)
    if nan == "ieee":
        top = exponent == 2**exponent_bits - 1
        values[top] = np.where(fraction[top] == 0, sign[top] * np.inf, np.nan)
    elif nan == "fn":
        values[(codes & 0x7F) == 0x7F] = np.nan
    else:
        values[0x80] = np.nan
    table: NDArray = values.astype(np.float32)
    return table


def _lookup(table: NDArray) -> Callable[[NDArray], NDArray]:
    def decode(raw: NDArray) -> NDArray:
        values: NDArray = table[raw]
        return values

    return decode


# E8M0 (PyTorch's float8_e8m0fnu): an unsigned power of two, 0xFF is NaN.
_E8M0 = np.where(np.arange(256) == 255, np.nan, np.exp2(np.arange(256) - 127.0)).astype(np.float32)

# Dtypes NumPy lacks: (stored as, widened to float32 by).
_WIDENED: dict[str, tuple[np.dtype[Any], Callable[[NDArray], NDArray]]] = {
    "BF16": (np.dtype("<u2"), _bfloat16),
    "F8_E4M3": (np.dtype("u1"), _lookup(_float8_table(4, 7, "fn"))),
    "F8_E5M2": (np.dtype("u1"), _lookup(_float8_table(5, 15, "ieee"))),
    "F8_E4M3FNUZ": (np.dtype("u1"), _lookup(_float8_table(4, 8, "fnuz"))),
    "F8_E5M2FNUZ": (np.dtype("u1"), _lookup(_float8_table(5, 16, "fnuz"))),
    "F8_E8M0": (np.dtype("u1"), _lookup(_E8M0)),
}


def encode(arrays: Mapping[str, NDArray], metadata: Mapping[str, str] | None = None) -> bytes:
    """``arrays`` (C-contiguous, of dtypes the format holds) as the bytes of a
    safetensors file, with ``metadata`` in its header.

    >>> data = encode({"w": np.arange(3.0)})
    >>> decode("example", data)[0]["w"]
    array([0., 1., 2.])
    """
    header: dict[str, Any] = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    offset = 0
    for key, array in arrays.items():
        header[key] = {
            "dtype": _SAVABLE[array.dtype.newbyteorder("=")],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + array.nbytes],
        }
        offset += array.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data starts 8-byte aligned, as safetensors writes it
    parts = [struct.pack("<Q", len(text)), text]
    parts += [np.ascontiguousarray(a, a.dtype.newbyteorder("<")).tobytes() for a in arrays.values()]
    return b"".join(parts)


def savable(op: str, key: str, value: Any) -> NDArray:
    """``value`` (a Tensor's array or a NumPy array) ready for ``encode``, or a
    ``TypeError`` naming ``op`` and ``key``."""
    array = getattr(value, "array", value)
    if not isinstance(array, np.ndarray | np.generic):
        raise TypeError(
            f"{op}: value for {key!r} must be a Tensor or a NumPy array, got {type(value).__name__}"
        )
    if array.dtype.newbyteorder("=") not in _SAVABLE:
        raise TypeError(
            f"{op}: value for {key!r} has dtype {array.dtype}, which safetensors cannot "
            f"hold (supported: {', '.join(str(d) for d in _SAVABLE)})"
        )
    return np.require(array, array.dtype.newbyteorder("<"), requirements="C")


def write_atomically(op: str, data: bytes, path: str) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring); a new file
    gets the permissions the umask allows, an existing one keeps its own, and a
    symbolic link stays, its target replaced."""
    target = os.path.realpath(path)
    if os.path.isdir(target):
        raise IsADirectoryError(f"{op}: {path!r} is a directory, not a file")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{op}: the folder {folder!r} of {path!r} does not exist")
    tmp = os.path.join(folder, f".{os.path.basename(target)}.{secrets.token_hex(6)}.tmp")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        mode = None
    else:
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{op}: {path!r} is a {_kind(info.st_mode)}, not a regular file")
        mode = stat.S_IMODE(info.st_mode)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    """Flush the folder's entry for the renamed file (where the OS allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read(op: str, path: str | os.PathLike[str]) -> tuple[dict[str, NDArray], dict[str, str]]:
    """The arrays and metadata of the safetensors file at ``path``; a directory or
    a FIFO is named as what it is, a damaged file raises ``ValueError``."""
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileNotFoundError(f"{op}: no such file: {name!r}") from None
    except IsADirectoryError:
        raise IsADirectoryError(f"{op}: {name!r} is a directory, not a safetensors file") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(f"{op}: {name!r} is a directory, not a safetensors file")
        raise ValueError(f"{op}: {name!r} is a {_kind(info.st_mode)}, not a regular file")
    with os.fdopen(fd, "rb") as file:
        return _read(name, file, info.st_size)


def decode(name: str, data: bytes) -> tuple[dict[str, NDArray], dict[str, str]]:
    """The arrays and metadata of a safetensors file held in ``data`` (read from
    a file object); ``name`` names it in errors."""
    import io

    return _read(name, io.BytesIO(data), len(data))


def _read(name: str, file: IO[bytes], size: int) -> tuple[dict[str, NDArray], dict[str, str]]:
    entries, start, metadata = _header(name, file, size)
    return {key: _tensor(name, file, key, start, entry) for key, entry in entries}, metadata


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISFIFO, "FIFO (named pipe)"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return kind
    return "special file"


def _invalid(name: str, reason: str) -> ValueError:
    return ValueError(
        f"load: {name!r} is not a valid safetensors file (truncated, corrupted or another "
        f"format): {reason}"
    )


def _header(
    name: str, file: Any, size: int
) -> tuple[list[tuple[str, dict[str, Any]]], int, dict[str, str]]:
    """The checked ``(key, entry)`` pairs of the header and where the data starts."""
    if size < 8:
        raise _invalid(name, f"{size} bytes, fewer than the 8 of a header length")
    (length,) = struct.unpack("<Q", file.read(8))
    if length > min(_MAX_HEADER, size - 8):
        raise _invalid(name, f"a header of {length} bytes in a file of {size}")
    try:
        header = json.loads(file.read(length).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise _invalid(name, f"the header is not JSON ({err})") from None
    if not isinstance(header, dict):
        raise _invalid(name, "the header is not a JSON object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise _invalid(name, "__metadata__ is not a map of strings")
    entries = list(header.items())
    spans = []
    for key, entry in entries:
        _check_entry(name, key, entry)
        spans.append(tuple(entry["data_offsets"]))
    end = 0
    for begin, stop in sorted(spans):
        if begin != end:
            raise _invalid(name, f"the tensors' data do not follow one another at byte {begin}")
        end = stop
    if 8 + length + end != size:
        raise _invalid(name, f"the tensors take {end} bytes, the file holds {size - 8 - length}")
    return entries, 8 + length, metadata


def _check_entry(name: str, key: str, entry: Any) -> None:
    if not isinstance(entry, dict) or not {"dtype", "shape", "data_offsets"} <= entry.keys():
        raise _invalid(name, f"the entry of tensor {key!r} lacks dtype, shape or data_offsets")
    dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
    if not isinstance(shape, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise _invalid(name, f"tensor {key!r} has shape {shape!r}")
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in offsets)
        or not 0 <= offsets[0] <= offsets[1]
    ):
        raise _invalid(name, f"tensor {key!r} has data_offsets {offsets!r}")
    stored = (
        _NATIVE[dtype] if dtype in _NATIVE else _WIDENED[dtype][0] if dtype in _WIDENED else None
    )
    if stored is None:
        raise ValueError(
            f"load: {name!r}: tensor {key!r} has dtype {dtype!r}, which cannot be read "
            f"(readable: {', '.join([*_NATIVE, *_WIDENED])})"
        )
    expected = int(np.prod(shape, dtype=np.int64)) * stored.itemsize
    if offsets[1] - offsets[0] != expected:
        raise _invalid(
            name,
            f"tensor {key!r} of dtype {dtype} and shape {tuple(shape)} needs {expected} bytes, "
            f"its offsets span {offsets[1] - offsets[0]}",
        )


def _tensor(name: str, file: Any, key: str, start: int, entry: dict[str, Any]) -> NDArray:
    dtype, shape = entry["dtype"], tuple(entry["shape"])
    stored = _NATIVE[dtype] if dtype in _NATIVE else _WIDENED[dtype][0]
    array = np.empty(shape, dtype=stored)
    if array.nbytes:
        file.seek(start + entry["data_offsets"][0])
        if file.readinto(array.reshape(-1).view(np.uint8).data) != array.nbytes:
            raise _invalid(name, f"tensor {key!r} is cut short")
    if dtype in _WIDENED:
        return _WIDENED[dtype][1](array)
    return array.astype(stored.newbyteorder("="), copy=False)
