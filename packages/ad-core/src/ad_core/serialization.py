"""``save`` and ``load`` of tensors and the containers around them, as
``torch.save`` / ``torch.load`` are used: state dicts, optimizer states and
checkpoints such as ``{"model": ..., "optimizer": ..., "step": 10}``.

The file is a safetensors file: the tensors as its entries, and the
structure around them (dicts, lists, tuples, numbers, strings, None) as JSON
in its metadata. No pickle is involved, so loading never runs code; a flat
dict of tensors (a state dict) is named as it is, so ``safetensors`` and
PyTorch read it too. Objects that only pickle could store (a whole module, an
optimizer object, a lambda) are refused: save their ``state_dict()``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import IO, Any

import numpy as np

from . import safetensors
from .device import as_device
from .tensor import Tensor
from .types import NDArray

PathOrFile = str | os.PathLike[str] | IO[bytes]

_STRUCTURE = "ad.structure"  # the metadata key of the JSON structure


def save(obj: Any, f: PathOrFile, **kwargs: Any) -> None:
    """Write ``obj`` to ``f`` (a path, written atomically, or a binary file
    object), as ``torch.save`` (PyTorch's pickling options are accepted and
    ignored).

    Examples
    --------
    >>> import io, ad_core
    >>> buffer = io.BytesIO()
    >>> ad_core.save({"w": ad_core.ones(2), "step": 3, "lr": [0.1, 0.01]}, buffer)
    >>> _ = buffer.seek(0)
    >>> ad_core.load(buffer)
    {'w': tensor([1., 1.]), 'step': 3, 'lr': [0.1, 0.01]}
    """
    arrays: dict[str, NDArray] = {}
    if _is_state_dict(obj):
        for key, value in obj.items():
            arrays[key] = safetensors.savable("save", key, value)
        structure = {"state_dict": list(obj)}
    else:
        structure = _describe(obj, arrays, "obj")
    data = safetensors.encode(arrays, {_STRUCTURE: json.dumps(structure)})
    if isinstance(f, str | os.PathLike):
        safetensors.write_atomically("save", data, os.fspath(f))
    elif hasattr(f, "write"):
        f.write(data)
    else:
        raise TypeError(f"save: expected a path or a binary file object, got {type(f).__name__}")


def load(
    f: PathOrFile,
    map_location: Any = None,
    *,
    weights_only: bool | None = None,
    mmap: bool | None = None,
    **kwargs: Any,
) -> Any:
    """Read what ``save`` wrote to ``f`` (a path or a binary file object), as
    ``torch.load``; tensors come back as Tensors. A plain safetensors file
    (from ``safetensors`` or ``ad_nn.save``) loads as a dict of Tensors.
    ``map_location`` may only name the CPU; ``weights_only`` and ``mmap`` are
    accepted (loading is always weights-only: nothing is unpickled).

    Examples
    --------
    >>> import io, ad_core
    >>> buffer = io.BytesIO()
    >>> ad_core.save([ad_core.tensor([1, 2]), (None, "a")], buffer)
    >>> _ = buffer.seek(0)
    >>> ad_core.load(buffer, map_location="cpu")
    [tensor([1, 2]), (None, 'a')]
    """
    if map_location is not None and not callable(map_location):
        as_device("load", map_location)
    if isinstance(f, str | os.PathLike):
        arrays, metadata = safetensors.read("load", f)
    elif hasattr(f, "read"):
        arrays, metadata = safetensors.decode(getattr(f, "name", "<file>"), f.read())
    else:
        raise TypeError(f"load: expected a path or a binary file object, got {type(f).__name__}")
    tensors = {key: Tensor._wrap(array) for key, array in arrays.items()}
    if _STRUCTURE not in metadata:
        return tensors
    structure = json.loads(metadata[_STRUCTURE])
    if "state_dict" in structure:
        return {key: tensors[key] for key in structure["state_dict"]}
    return _rebuild(structure, tensors)


def _is_state_dict(obj: Any) -> bool:
    return isinstance(obj, Mapping) and all(
        isinstance(k, str) and isinstance(v, Tensor | np.ndarray) for k, v in obj.items()
    )


def _describe(obj: Any, arrays: dict[str, NDArray], where: str) -> Any:
    """``obj`` as JSON, its tensors and arrays put in ``arrays`` under new names."""
    if obj is None or isinstance(obj, bool | int | float | str):
        return {"value": obj}
    if isinstance(obj, np.generic):
        return {"value": obj.item()}
    if isinstance(obj, Tensor | np.ndarray):
        name = str(len(arrays))
        arrays[name] = safetensors.savable("save", where, obj)
        if isinstance(obj, np.ndarray):
            return {"ndarray": name}
        return {"tensor": name, "requires_grad": obj.requires_grad}
    if isinstance(obj, Mapping):
        return {
            "dict": [
                [_describe(k, arrays, where), _describe(v, arrays, f"{where}[{k!r}]")]
                for k, v in obj.items()
            ]
        }
    if isinstance(obj, list | tuple):
        kind = "list" if isinstance(obj, list) else "tuple"
        return {kind: [_describe(v, arrays, f"{where}[{i}]") for i, v in enumerate(obj)]}
    raise TypeError(
        f"save: cannot save {where}, an object of type {type(obj).__name__}, without pickle "
        "(which this format never uses): save tensors, arrays, numbers, strings and "
        "containers of them, such as a module's or optimizer's state_dict() (saving a "
        "whole module, as torch.save(model) does, is not supported)"
    )


def _rebuild(node: Any, tensors: Mapping[str, Tensor]) -> Any:
    if not isinstance(node, dict) or len(node) < 1:
        raise ValueError(f"load: the structure in the file is damaged near {node!r}")
    kind = next(iter(node))
    if kind == "value":
        return node["value"]
    if kind == "tensor":
        t = tensors[node["tensor"]]
        return t.requires_grad_(True) if node.get("requires_grad") else t
    if kind == "ndarray":
        return tensors[node["ndarray"]].array
    if kind == "dict":
        return {_rebuild(k, tensors): _rebuild(v, tensors) for k, v in node["dict"]}
    if kind == "list":
        return [_rebuild(v, tensors) for v in node["list"]]
    if kind == "tuple":
        return tuple(_rebuild(v, tensors) for v in node["tuple"])
    raise ValueError(f"load: the structure in the file has an unknown entry {kind!r}")
