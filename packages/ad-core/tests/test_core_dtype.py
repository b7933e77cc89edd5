"""Dtypes: PyTorch's names are NumPy's dtypes."""

import numpy as np
import pytest

import ad_core
from ad_core.dtype import resolve_dtype


def test_names_are_numpy_dtypes() -> None:
    pairs = {
        ad_core.float32: np.float32,
        ad_core.float: np.float32,
        ad_core.float64: np.float64,
        ad_core.double: np.float64,
        ad_core.float16: np.float16,
        ad_core.half: np.float16,
        ad_core.int64: np.int64,
        ad_core.long: np.int64,
        ad_core.int32: np.int32,
        ad_core.int: np.int32,
        ad_core.int16: np.int16,
        ad_core.short: np.int16,
        ad_core.int8: np.int8,
        ad_core.uint8: np.uint8,
        ad_core.bool: np.bool_,
        ad_core.complex64: np.complex64,
    }
    for ours, numpy_type in pairs.items():
        assert isinstance(ours, np.dtype) and ours == numpy_type
    assert ad_core.ones(1).dtype is ad_core.float32
    assert {ad_core.float32: 1}[ad_core.ones(1).dtype] == 1


def test_dtypes_are_accepted_everywhere() -> None:
    assert ad_core.zeros(2, dtype=ad_core.float64).dtype == np.float64
    assert ad_core.tensor([1, 2], dtype=ad_core.float).dtype == np.float32
    assert ad_core.ones(2).to(ad_core.long).dtype == np.int64
    assert ad_core.arange(3, dtype=ad_core.float16).dtype == np.float16
    assert ad_core.full((1,), 2, dtype=ad_core.uint8).dtype == np.uint8


def test_resolve_dtype_names_the_operation() -> None:
    assert resolve_dtype("x", "float64") == np.float64 and resolve_dtype("x", float) == np.float64
    with pytest.raises(TypeError, match=r"to: expected a dtype .* got 'cuda'"):
        resolve_dtype("to", "cuda")


def test_floating_point_and_info() -> None:
    assert ad_core.ones(1).is_floating_point()
    assert not ad_core.tensor([1]).is_floating_point()
    assert ad_core.finfo(ad_core.float32).eps == np.finfo(np.float32).eps
    assert ad_core.iinfo(ad_core.int64).max == 2**63 - 1


def test_default_dtype() -> None:
    ad_core.set_default_dtype(ad_core.float64)
    try:
        assert ad_core.tensor([1.5]).dtype == np.float64 and ad_core.randn(2).dtype == np.float64
    finally:
        ad_core.set_default_dtype(ad_core.float32)
    with pytest.raises(TypeError, match=r"set_default_dtype: expected a floating dtype"):
        ad_core.set_default_dtype(ad_core.int64)
