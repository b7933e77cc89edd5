"""Every docstring example in ad_optim runs and prints what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import ad_optim

MODULES = [info.name for info in pkgutil.walk_packages(ad_optim.__path__, prefix="ad_optim.")]


@pytest.mark.parametrize("name", ["ad_optim", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
