"""Every docstring example in ad_data runs and prints what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import ad_data

MODULES = [info.name for info in pkgutil.walk_packages(ad_data.__path__, prefix="ad_data.")]


@pytest.mark.parametrize("name", ["ad_data", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
