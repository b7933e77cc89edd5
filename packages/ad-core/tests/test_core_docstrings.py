"""Every docstring example in ad_core runs and prints what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import ad_core

# The methods that ad_ops implements are shown with ad_ops imported: their
# examples run in ad-ops' tests (test_ops_docstrings.py).
NEEDS_AD_OPS = [
    "ad_core.dispatch",
    "ad_core.tensor_inplace",
    "ad_core.tensor_math",
    "ad_core.tensor_shape",
]
MODULES = [
    info.name
    for info in pkgutil.walk_packages(ad_core.__path__, prefix="ad_core.")
    if info.name not in NEEDS_AD_OPS
]


@pytest.mark.parametrize("name", ["ad_core", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
