"""is_tensor, is_floating_point, numel."""

from __future__ import annotations

import numpy as np

import ad_core
import ad_ops as F


def test_properties() -> None:
    x = ad_core.zeros(2, 3)
    assert F.is_tensor(x) and not F.is_tensor(np.zeros(2)) and not F.is_tensor(1.0)
    assert F.is_floating_point(x)
    assert F.is_floating_point(ad_core.zeros(2, dtype="float64"))
    assert not F.is_floating_point(ad_core.tensor([1, 2]))
    assert not F.is_floating_point(ad_core.tensor([True]))
    assert (
        F.numel(x) == 6 and F.numel(ad_core.tensor(1.0)) == 1 and F.numel(ad_core.zeros(0, 4)) == 0
    )
