"""The named (values, indices) results."""

from __future__ import annotations

import ad_core
from ad_ops import return_types


def test_fields_unpacking_and_repr() -> None:
    values, indices = ad_core.tensor([2.0]), ad_core.tensor([0])
    out = return_types.topk(values, indices)
    assert out.values is values and out.indices is indices
    first, second = out
    assert first is values and second is indices
    assert out[1] is indices
    assert repr(out) == "ad_ops.return_types.topk(\nvalues=tensor([2.]),\nindices=tensor([0]))"
    assert isinstance(out, return_types.ValuesIndices) and isinstance(out, tuple)
    for kind in (return_types.max, return_types.min, return_types.sort):
        assert repr(kind(values, indices)).startswith(f"ad_ops.return_types.{kind.__name__}(")
