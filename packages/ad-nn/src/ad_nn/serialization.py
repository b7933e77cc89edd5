"""``save`` and ``load``: state dicts in the safetensors format.

Files interchange with PyTorch's ``safetensors.torch`` and loading never
executes code (no pickle).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from typing import Any

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load_file, save_file

from ad_core import Tensor

PathLike = str | os.PathLike[str]


def save(state_dict: Mapping[str, Any], path: PathLike) -> None:
    """Write ``state_dict`` (names to Tensors or NumPy arrays) to ``path`` as
    safetensors, atomically: a temporary file in the same folder replaces
    ``path`` only once fully written.

    Examples
    --------
    >>> import os, tempfile, ad_nn as nn
    >>> path = os.path.join(tempfile.mkdtemp(), "model.safetensors")
    >>> nn.save(nn.Linear(2, 3).state_dict(), path)
    >>> sorted(nn.load(path))
    ['bias', 'weight']
    """
    if not isinstance(state_dict, Mapping):
        raise TypeError(
            f"save: expected a mapping of names to tensors, got {type(state_dict).__name__}"
        )
    arrays: dict[str, np.ndarray[Any, Any]] = {}
    for key, value in state_dict.items():
        if not isinstance(key, str):
            raise TypeError(f"save: keys must be strings, got {key!r}")
        array = value.array if isinstance(value, Tensor) else value
        if not isinstance(array, np.ndarray | np.generic):
            raise TypeError(
                f"save: value for {key!r} must be a Tensor or a NumPy array, "
                f"got {type(value).__name__}"
            )
        arrays[key] = np.require(array, requirements="C")
    folder = os.path.dirname(os.path.abspath(os.fspath(path)))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".safetensors")
    os.close(fd)
    try:
        save_file(arrays, tmp)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load(path: PathLike) -> dict[str, np.ndarray[Any, Any]]:
    """Read a safetensors file into a dict of NumPy arrays (pass it to
    ``Module.load_state_dict``). A truncated, corrupted or non-safetensors
    file raises ``ValueError``; nothing in the file is ever executed.

    Examples
    --------
    >>> import os, tempfile, numpy as np, ad_nn as nn
    >>> path = os.path.join(tempfile.mkdtemp(), "w.safetensors")
    >>> nn.save({"w": np.arange(3.0)}, path)
    >>> nn.load(path)["w"]
    array([0., 1., 2.])
    """
    if not os.path.isfile(path):
        raise FileNotFoundError(f"load: no such file: {os.fspath(path)!r}")
    try:
        return dict(load_file(os.fspath(path)))
    except (SafetensorError, ValueError, OSError) as err:
        raise ValueError(
            f"load: {os.fspath(path)!r} is not a valid safetensors file "
            f"(truncated, corrupted or another format): {err}"
        ) from None
