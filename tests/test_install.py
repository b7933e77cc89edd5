"""The install commands the README documents, run as a user would: each in a fresh
virtual environment, with pip, from the checkout.

Our names (ad-core, ad-ops, ...) are not ours on any package index, so every
command must take them from this repository only. To prove it, each install also
sees a folder of impostors: wheels named like ours, at a higher version that our
version ranges accept, whose import fails. If pip ever looked one of our names up
beyond the checkout, it would pick the impostor.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
PACKAGES = ["ad-core", "ad-ops", "ad-nn", "ad-optim", "ad-data"]
IMPOSTOR_VERSION = "0.1.99"

# The commands exactly as the README's Installation section writes them.
FROM_SOURCE_CORE = "pip install ./packages/ad-core"
FROM_SOURCE_ALL = (
    "pip install ./packages/ad-core ./packages/ad-ops ./packages/ad-nn ./packages/ad-optim "
    "./packages/ad-data"
)
FROM_DIST_CORE = "pip install -c dist/constraints.txt ad-core"
FROM_DIST_ALL = "pip install -c dist/constraints.txt ad-nn ad-optim ad-data"
EXAMPLES = "pip install -r examples/requirements.txt"


def siblings(package: str) -> set[str]:
    """``package`` and every package of ours it needs, directly or not."""
    text = (ROOT / "packages" / package / "pyproject.toml").read_text()
    requirements = tomllib.loads(text)["project"]["dependencies"]
    names = {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0] for r in requirements}
    return {package}.union(*(siblings(name) for name in names & set(PACKAGES)))


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.DOTALL)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


@pytest.fixture(scope="module")
def impostors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A find-links folder with a wheel for each of our names that fails on import."""
    folder = tmp_path_factory.mktemp("impostors")
    for package in PACKAGES:
        module = package.replace("-", "_")
        dist_info = f"{module}-{IMPOSTOR_VERSION}.dist-info"
        files = {
            f"{module}/__init__.py": f'raise ImportError("an impostor {package}")\n'.encode(),
            f"{dist_info}/METADATA": (
                f"Metadata-Version: 2.1\nName: {package}\nVersion: {IMPOSTOR_VERSION}\n"
            ).encode(),
            f"{dist_info}/WHEEL": (
                b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
            ),
        }
        record = [_record_line(name, data) for name, data in files.items()]
        files[f"{dist_info}/RECORD"] = "\n".join([*record, f"{dist_info}/RECORD,,", ""]).encode()
        with zipfile.ZipFile(folder / f"{module}-{IMPOSTOR_VERSION}-py3-none-any.whl", "w") as whl:
            for name, data in files.items():
                whl.writestr(name, data)
    return folder


def fresh_venv(path: Path) -> Path:
    """A new virtual environment with pip; its Python."""
    subprocess.run([sys.executable, "-m", "virtualenv", "-q", str(path)], check=True)
    return path / ("Scripts" if os.name == "nt" else "bin") / "python"


def run(python: Path, *args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [str(python), *args], capture_output=True, text=True, cwd=cwd, timeout=900
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def pip_install(python: Path, command: str, impostors: Path) -> None:
    """Run a documented ``pip install ...`` with the venv's pip, the impostors in sight."""
    assert command in README, f"the README no longer documents `{command}`"
    (pip, install, *args) = shlex.split(command)
    run(python, "-m", pip, install, "--quiet", *args, "--find-links", str(impostors))


def installed(python: Path) -> dict[str, str]:
    lines = run(python, "-m", "pip", "list", "--format", "freeze").splitlines()
    return dict(line.split("==") for line in lines)


def ours(python: Path, *packages: str) -> None:
    versions = installed(python)
    for package in packages:
        assert versions[package] != IMPOSTOR_VERSION, f"an impostor {package} was installed"
    modules = [package.replace("-", "_") for package in packages]
    run(python, "-c", f"import {', '.join(modules)}")


@pytest.mark.parametrize(
    "readme", ["README.md", *(f"packages/{p}/README.md" for p in PACKAGES)], ids=str
)
def test_every_install_from_the_source_folders_names_the_siblings(readme: str) -> None:
    """A `pip install ./packages/...` line that left a sibling out would send pip to the
    index for it; each package's README has such a line for itself."""
    lines = [
        line
        for line in (ROOT / readme).read_text().splitlines()
        if line.startswith("pip install ./packages/")
    ]
    named_in = [set(re.findall(r"\./packages/([\w-]+)", line)) for line in lines]
    for line, named in zip(lines, named_in, strict=True):
        needed = set().union(*(siblings(package) for package in named))
        assert needed <= named, f"{readme}: `{line}` leaves out {sorted(needed - named)}"
    if readme != "README.md":
        package = readme.split("/")[1]
        assert any(package in named for named in named_in), f"{readme}: no install line"


@pytest.fixture(scope="module")
def source_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fresh_venv(tmp_path_factory.mktemp("source") / "venv")


def test_a_sibling_left_out_would_take_the_impostor(source_venv: Path, impostors: Path) -> None:
    """The hazard the documented commands avoid: `pip install ./packages/ad-ops` alone
    looks ad-core up, and would install the impostor (so the checks below can fail)."""
    report = run(
        source_venv,
        *("-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet", "--report", "-"),
        *("./packages/ad-ops", "--find-links", str(impostors)),
    )
    chosen = {
        item["metadata"]["name"]: item["metadata"]["version"]
        for item in json.loads(report)["install"]
    }
    assert chosen["ad-ops"] != IMPOSTOR_VERSION
    assert chosen["ad-core"] == IMPOSTOR_VERSION


def test_from_the_source_folders(source_venv: Path, impostors: Path, tmp_path: Path) -> None:
    """ad-core alone, then the stack; every package's README example runs."""
    pip_install(source_venv, FROM_SOURCE_CORE, impostors)
    ours(source_venv, "ad-core")
    assert not set(PACKAGES[1:]) & set(installed(source_venv))
    pip_install(source_venv, FROM_SOURCE_ALL, impostors)
    ours(source_venv, *PACKAGES)
    for package in PACKAGES:
        (example, *_) = python_blocks(ROOT / "packages" / package / "README.md")
        run(source_venv, "-c", example, cwd=tmp_path)


def test_from_the_wheels_with_the_examples(impostors: Path, tmp_path: Path) -> None:
    """ad-core alone, then the stack and the examples' extras; the README's opening
    example and an example script run."""
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, FROM_DIST_CORE, impostors)
    ours(python, "ad-core")
    assert not set(PACKAGES[1:]) & set(installed(python))
    pip_install(python, FROM_DIST_ALL, impostors)
    ours(python, *PACKAGES)
    pip_install(python, EXAMPLES, impostors)
    (opening, *_) = python_blocks(ROOT / "README.md")
    stdout = run(python, "-c", opening, cwd=tmp_path)
    assert len(stdout.splitlines()) == 10  # a line per epoch
    run(python, str(ROOT / "examples" / "dnn.py"), "--epochs", "1", "--out", str(tmp_path))
    assert (tmp_path / "dnn.png").exists()
