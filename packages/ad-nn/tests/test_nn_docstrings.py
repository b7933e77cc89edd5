"""Every docstring example in ad_nn runs and prints what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import ad_nn

MODULES = [info.name for info in pkgutil.walk_packages(ad_nn.__path__, prefix="ad_nn.")]


@pytest.mark.parametrize("name", ["ad_nn", *MODULES])
def test_docstring_examples(name: str) -> None:
    if name.startswith("ad_nn.parallel"):
        # They run a job of one MPI process: in the mpi session, where mpi4py is installed.
        pytest.importorskip("mpi4py.MPI", reason="needs mpi4py and an MPI library")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
