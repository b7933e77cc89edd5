"""``save`` and ``load`` of state dicts in the safetensors format.

Files interchange with PyTorch's ``safetensors.torch``, and loading never
executes code (no pickle). The format itself (including the bfloat16 and
float8 tensors PyTorch writes, widened to float32 on reading) is
``ad_core.safetensors``; ``ad_ops.save`` / ``ad_ops.load`` (``torch.save`` and
``torch.load`` in a port) store whole checkpoints the same way.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ad_core import NDArray, safetensors

PathLike = str | os.PathLike[str]


def save(state_dict: Mapping[str, Any], path: PathLike) -> None:
    """Write ``state_dict`` (names to Tensors or NumPy arrays) to ``path`` as
    safetensors, atomically: a temporary file in the same folder, flushed to
    disk (``fsync``), replaces ``path`` only once fully written.

    A new file gets the permissions the user's umask allows (as ``open``
    would); an existing file keeps its own. When ``path`` is a symbolic
    link, the file it points to is replaced and the link stays. Values of
    a dtype safetensors cannot hold (strings, objects, float128...) are
    refused with their key named, before anything is written.

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
    arrays: dict[str, NDArray] = {}
    for key, value in state_dict.items():
        if not isinstance(key, str):
            raise TypeError(f"save: keys must be strings, got {key!r}")
        if key == "__metadata__":
            raise ValueError("save: the key '__metadata__' is reserved by the safetensors format")
        arrays[key] = safetensors.savable("save", key, value)
    safetensors.write_atomically("save", safetensors.encode(arrays), os.fspath(path))


def load(path: PathLike) -> dict[str, NDArray]:
    """Read a safetensors file into a dict of NumPy arrays (pass it to
    ``Module.load_state_dict``). Nothing in the file is ever executed.

    bfloat16 (``BF16``) and float8 (``F8_E4M3``, ``F8_E5M2``, their ``FNUZ``
    variants and ``F8_E8M0``) tensors, which NumPy has no dtype for, are
    widened to float32 exactly (``ml_dtypes`` would keep them narrow, at the
    price of a dependency);
    ``load_state_dict`` then casts them to the parameters' dtype. A truncated,
    corrupted or non-safetensors file, and a tensor of a dtype that cannot be
    read (``F4``, ``F6_*``...), raise ``ValueError`` naming the file (and the
    tensor and dtype); a directory or a FIFO is named as what it is.

    Examples
    --------
    >>> import os, tempfile, numpy as np, ad_nn as nn
    >>> path = os.path.join(tempfile.mkdtemp(), "w.safetensors")
    >>> nn.save({"w": np.arange(3.0)}, path)
    >>> nn.load(path)["w"]
    array([0., 1., 2.])
    """
    arrays, _ = safetensors.read("load", path)
    return arrays
