"""What ``nox -s dist`` builds: a wheel and an sdist of each package, each with the
licence, the metadata a package index shows, and a constraints file that pins our
five names to those wheels."""

from __future__ import annotations

import email
import re
import tarfile
import tomllib
import zipfile
from email.message import Message
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
PACKAGES = ["ad-core", "ad-ops", "ad-nn", "ad-optim", "ad-data"]
LICENSE = (ROOT / "LICENSE").read_text()


def version(package: str) -> str:
    module = package.replace("-", "_")
    about = (ROOT / "packages" / package / "src" / module / "__about__.py").read_text()
    match = re.search(r'__version__ = "(.+)"', about)
    assert match is not None
    return match.group(1)


def artifact(package: str, suffix: str) -> Path:
    path = DIST / f"{package.replace('-', '_')}-{version(package)}{suffix}"
    assert path.exists(), f"{path.name} is missing: run `nox -s dist`"
    return path


def name_of(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]


def wheel_metadata(package: str) -> Message:
    dist_info = f"{package.replace('-', '_')}-{version(package)}.dist-info"
    with zipfile.ZipFile(artifact(package, "-py3-none-any.whl")) as wheel:
        return email.message_from_bytes(wheel.read(f"{dist_info}/METADATA"))


def test_the_root_license_is_mit_and_every_package_carries_it() -> None:
    assert LICENSE.startswith("MIT License")
    for package in PACKAGES:
        assert (ROOT / "packages" / package / "LICENSE").read_text() == LICENSE, package


@pytest.mark.parametrize("package", PACKAGES)
def test_the_wheel_carries_the_license_and_the_types(package: str) -> None:
    module = package.replace("-", "_")
    dist_info = f"{module}-{version(package)}.dist-info"
    with zipfile.ZipFile(artifact(package, "-py3-none-any.whl")) as wheel:
        assert wheel.read(f"{dist_info}/licenses/LICENSE").decode() == LICENSE
        assert f"{module}/py.typed" in wheel.namelist()
        assert not [n for n in wheel.namelist() if "/tests/" in n or n.startswith("tests/")]


@pytest.mark.parametrize("package", PACKAGES)
def test_the_sdist_carries_the_license_readme_and_tests(package: str) -> None:
    root = f"{package.replace('-', '_')}-{version(package)}"
    with tarfile.open(artifact(package, ".tar.gz")) as sdist:
        names = sdist.getnames()
        license_file = sdist.extractfile(f"{root}/LICENSE")
        assert license_file is not None
        assert license_file.read().decode() == LICENSE
    for name in ["README.md", "pyproject.toml", f"src/{package.replace('-', '_')}/py.typed"]:
        assert f"{root}/{name}" in names
    assert any(n.startswith(f"{root}/tests/test_") for n in names)


@pytest.mark.parametrize("package", PACKAGES)
def test_the_metadata_an_index_shows(package: str) -> None:
    meta = wheel_metadata(package)
    assert meta["Name"] == package
    assert meta["Version"] == version(package)
    assert meta["License-Expression"] == "MIT"
    assert meta["License-File"] == "LICENSE"
    assert meta["Author"] == "ad contributors"
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["Description-Content-Type"] == "text/markdown"
    assert str(meta.get_payload()).startswith(f"# {package}")  # the package's README
    classifiers = meta.get_all("Classifier", [])
    assert "Typing :: Typed" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    urls = dict(url.split(", ", 1) for url in meta.get_all("Project-URL", []))
    assert set(urls) == {"Homepage", "Documentation", "Source", "Issues"}
    assert len(meta["Keywords"].split(",")) >= 3
    project = tomllib.loads((ROOT / "packages" / package / "pyproject.toml").read_text())
    declared = project["project"]["dependencies"]
    required = [r for r in meta.get_all("Requires-Dist", []) if "extra ==" not in r]
    assert sorted(map(name_of, required)) == sorted(map(name_of, declared))


def test_the_constraints_pin_our_names_to_the_wheels() -> None:
    lines = (DIST / "constraints.txt").read_text().splitlines()
    assert len(lines) == len(PACKAGES)
    for package, line in zip(PACKAGES, lines, strict=True):
        name, url = line.split(" @ ")
        assert name == package
        assert url == artifact(package, "-py3-none-any.whl").as_uri()
