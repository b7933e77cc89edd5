"""``default_collate``: merge a list of samples into one batch, as PyTorch does."""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np


def default_collate(batch: Sequence[Any]) -> Any:
    """Merge a list of samples into a batch, recursing into containers.

    Follows ``torch.utils.data.default_collate``, with NumPy arrays in place of
    tensors:

    - arrays (and anything with ``__array__``, such as ``ad_core.Tensor``) are
      stacked along a new first dimension into one ``np.ndarray``;
    - NumPy scalars become a 1-d array of their dtype, Python ``float`` a float64
      array, ``int`` an int64 array, ``bool`` a bool array;
    - ``str`` and ``bytes`` are returned as they came: the list given, or inside
      a sequence sample the tuple of that position, as in PyTorch;
    - a mapping becomes a mapping of the same type (a ``dict`` when that type
      cannot be built from one) with each key's values collated;
    - a namedtuple becomes the same namedtuple of collated fields;
    - a tuple becomes a list of collated positions (as in PyTorch), a list a list,
      another sequence the same type when it can be built from a list.

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
    array([[1., 2.],
           [3., 4.]])
    >>> default_collate([(np.zeros(2), 0), (np.ones(2), 1)])
    [array([[0., 0.],
           [1., 1.]]), array([0, 1])]
    >>> default_collate([{"x": 1.5, "name": "a"}, {"x": 2.5, "name": "b"}])
    {'x': array([1.5, 2.5]), 'name': ['a', 'b']}
    """
    if len(batch) == 0:
        raise ValueError("default_collate: expected at least one sample, got an empty batch")
    elem = batch[0]
    if isinstance(elem, np.ndarray) or (
        hasattr(elem, "__array__") and not isinstance(elem, np.generic)
    ):
        return _stack(batch)
    if isinstance(elem, np.generic):
        if elem.dtype.kind in "OSUV":
            raise TypeError(f"default_collate: cannot collate NumPy scalars of dtype {elem.dtype}")
        return np.array(batch)
    if isinstance(elem, bool):
        return np.array(batch, dtype=np.bool_)
    if isinstance(elem, int):
        return np.array(batch, dtype=np.int64)
    if isinstance(elem, float):
        return np.array(batch, dtype=np.float64)
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
        "default_collate: expected samples that are arrays, numbers, strings, dicts, "
        f"namedtuples, tuples or lists, got {type(elem).__name__}"
    )


def _stack(batch: Sequence[Any]) -> np.ndarray[Any, Any]:
    arrays = [np.asarray(sample) for sample in batch]
    dtype = arrays[0].dtype
    if dtype.kind in "OSUV":
        raise TypeError(f"default_collate: cannot collate arrays of dtype {dtype}")
    shapes = {a.shape for a in arrays}
    if len(shapes) > 1:
        raise RuntimeError(
            f"default_collate: arrays in a batch must all have the same shape, "
            f"got shapes {sorted(shapes)}"
        )
    return np.stack(arrays)
