"""Every docstring example in ad_ops runs and prints what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import ad_ops

MODULES = [info.name for info in pkgutil.walk_packages(ad_ops.__path__, prefix="ad_ops.")]
# ad_core's Tensor methods that ad_ops implements: their examples need ad_ops.
TENSOR_METHODS = [
    "ad_core.dispatch",
    "ad_core.tensor_inplace",
    "ad_core.tensor_math",
    "ad_core.tensor_shape",
]


@pytest.mark.parametrize("name", ["ad_ops", *MODULES, *TENSOR_METHODS])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_ad_ops_re_exports_all_of_ad_core() -> None:
    import ad_core

    assert set(ad_core.__all__) <= set(ad_ops.__all__)
    for name in set(ad_core.__all__) - {"__version__"}:
        assert getattr(ad_ops, name) is getattr(ad_core, name), name
