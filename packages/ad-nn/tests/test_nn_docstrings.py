"""Every docstring example in ad_nn runs and prints what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import ad_nn

MODULES = [info.name for info in pkgutil.walk_packages(ad_nn.__path__, prefix="ad_nn.")]


@pytest.mark.parametrize("name", ["ad_nn", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
