"""``default_collate`` and ``default_convert``: samples into ``ad_core`` Tensors, as in PyTorch."""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ad_core import Tensor

# Dtype kinds that no Tensor holds: objects, byte and unicode strings, void.
_NOT_NUMERIC = "OSUV"


def default_collate(batch: Sequence[Any]) -> Any:
    """Merge a list of samples into a batch of ``ad_core.Tensor``, recursing into containers.

    Follows ``torch.utils.data.default_collate``:

    - Tensors and NumPy arrays (and anything with ``__array__``) are stacked
      along a new first dimension into one Tensor of their dtype; Tensors are
      stacked as data, outside any graph (PyTorch's ``torch.stack`` would record
      one);
    - NumPy scalars become a 1-d Tensor of their dtype, Python ``float`` a
      float64 Tensor (as in PyTorch, not the default dtype), ``int`` an int64
      Tensor, ``bool`` a bool Tensor;
    - ``str`` and ``bytes`` are returned as they came: the list given, or inside
      a sequence sample the tuple of that position, as in PyTorch;
    - a mapping becomes a mapping of the same type (a ``dict`` when that type
      cannot be built from one) with each key's values collated;
    - a namedtuple becomes the same namedtuple of collated fields;
    - a tuple becomes a list of collated positions (as in PyTorch), a list a list,
      another sequence the same type when it can be built from a list;
    - anything else is refused with a ``TypeError``, as in PyTorch.

    Parameters
    ----------
    batch : sequence
        The samples, all of the same structure.

    Returns
    -------
    The batch, with the structure of one sample.

    Examples
    --------
    >>> default_collate([np.array([1.0, 2.0]), np.array([3.0, 4.0])])
    tensor([[1., 2.],
            [3., 4.]], dtype=float64)
    >>> default_collate([(np.zeros(2, dtype=np.float32), 0), (np.ones(2, dtype=np.float32), 1)])
    [tensor([[0., 0.],
            [1., 1.]]), tensor([0, 1])]
    >>> default_collate([{"x": 1.5, "name": "a"}, {"x": 2.5, "name": "b"}])
    {'x': tensor([1.5000, 2.5000], dtype=float64), 'name': ['a', 'b']}
    """
    if len(batch) == 0:
        raise ValueError("default_collate: expected at least one sample, got an empty batch")
    elem = batch[0]
    if isinstance(elem, np.ndarray | Tensor) or (
        hasattr(elem, "__array__") and not isinstance(elem, np.generic)
    ):
        return Tensor._wrap(_stack(batch))
    if isinstance(elem, np.generic):
        if elem.dtype.kind in _NOT_NUMERIC:
            raise TypeError(f"default_collate: cannot collate NumPy scalars of dtype {elem.dtype}")
        return Tensor._wrap(np.array(batch))
    if isinstance(elem, bool):
        return Tensor._wrap(np.array(batch, dtype=np.bool_))
    if isinstance(elem, int):
        return Tensor._wrap(np.array(batch, dtype=np.int64))
    if isinstance(elem, float):
        return Tensor._wrap(np.array(batch, dtype=np.float64))
    if isinstance(elem, str | bytes):
        return batch
    if isinstance(elem, Mapping):
        for sample in batch:
            if not isinstance(sample, Mapping) or sample.keys() != elem.keys():
                got = sorted(sample) if isinstance(sample, Mapping) else type(sample).__name__
                raise RuntimeError(
                    f"default_collate: each dict in the batch should have the keys "
                    f"{sorted(elem)}, got {got}"
                )
        merged = {key: default_collate([sample[key] for sample in batch]) for key in elem}
        try:
            return type(elem)(merged)  # type: ignore[call-arg]
        except TypeError:
            return merged
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(field) for field in zip(*batch, strict=True)))
    if isinstance(elem, Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError(
                f"default_collate: each sequence in the batch should have the same length, "
                f"got lengths {sorted({len(sample) for sample in batch})}"
            )
        collated = [default_collate(position) for position in zip(*batch, strict=True)]
        if isinstance(elem, tuple | list):
            return collated
        try:
            return type(elem)(collated)  # type: ignore[call-arg]
        except TypeError:
            return collated
    raise TypeError(
        "default_collate: expected samples that are tensors, arrays, numbers, strings, dicts, "
        f"namedtuples, tuples or lists, got {type(elem).__name__}"
    )


def default_convert(data: Any) -> Any:
    """Turn the NumPy arrays and scalars in one sample into ``ad_core.Tensor``.

    What a :class:`~ad_data.DataLoader` with ``batch_size=None`` applies to each
    sample, as ``torch.utils.data.default_convert``: arrays and NumPy scalars of
    numeric dtype become Tensors sharing their data, mappings, namedtuples and
    sequences are converted inside (a tuple becomes a list, as in PyTorch), and
    everything else, Python numbers and strings included, is returned as it is.

    Parameters
    ----------
    data : any
        One sample.

    Examples
    --------
    >>> default_convert({"x": np.array([1, 2]), "label": 3, "name": "a"})
    {'x': tensor([1, 2]), 'label': 3, 'name': 'a'}
    >>> default_convert((np.float32(0.5), "b"))
    [tensor(0.5000), 'b']
    """
    if isinstance(data, np.ndarray | np.generic):
        if data.dtype.kind in _NOT_NUMERIC:
            return data
        return Tensor._wrap(np.asarray(data))
    if isinstance(data, Tensor | str | bytes):
        return data
    if isinstance(data, Mapping):
        converted = {key: default_convert(value) for key, value in data.items()}
        try:
            return type(data)(converted)  # type: ignore[call-arg]
        except TypeError:
            return converted
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(field) for field in data))
    if isinstance(data, Sequence):
        items = [default_convert(item) for item in data]
        if isinstance(data, tuple | list):
            return items
        try:
            return type(data)(items)  # type: ignore[call-arg]
        except TypeError:
            return items
    return data


def _stack(batch: Sequence[Any]) -> np.ndarray[Any, Any]:
    # A Tensor's __array__ gives its data without a copy.
    arrays = [np.asarray(sample) for sample in batch]
    dtype = arrays[0].dtype
    if dtype.kind in _NOT_NUMERIC:
        raise TypeError(f"default_collate: cannot collate arrays of dtype {dtype}")
    shapes = {a.shape for a in arrays}
    if len(shapes) > 1:
        raise RuntimeError(
            f"default_collate: arrays in a batch must all have the same shape, "
            f"got shapes {sorted(shapes)}"
        )
    return np.stack(arrays)
