"""ad-core works alone: it declares only NumPy and, in its own nox session,
the other packages are not even installed."""

import importlib.metadata
import importlib.util
import os

import pytest


def test_declares_only_numpy() -> None:
    requirements = importlib.metadata.requires("ad-core") or []
    assert [r.split(">")[0].split("=")[0].strip() for r in requirements] == ["numpy"]


@pytest.mark.skipif(
    os.environ.get("AD_CORE_ALONE") != "1", reason="only in the tests(ad-core) nox session"
)
def test_siblings_cannot_be_imported() -> None:
    for name in ("ad_ops", "ad_nn", "ad_optim", "ad_data"):
        assert importlib.util.find_spec(name) is None, f"{name} is installed next to ad-core"
