"""The Python examples of the README, of every package's README and of the
documentation site's pages run as written (those that need PyTorch are left to the
oracle session's users)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READMES = [ROOT / "README.md", *sorted(ROOT.glob("packages/*/README.md"))]
PAGES = sorted((ROOT / "docs").glob("*.md"))


def python_blocks(path: Path) -> list[str]:
    # A block inside a list item is indented: the fence's indentation is the code's.
    blocks = re.findall(r"^( *)```python\n(.*?)^\1```", path.read_text(), flags=re.M | re.S)
    code = [textwrap.dedent(block) for _, block in blocks]
    return [block for block in code if "import torch" not in block]


def _name(path: Path) -> str:
    if path.parent == ROOT / "docs":
        return f"docs-{path.stem}"
    return path.relative_to(ROOT).parent.name or "root"


CASES = [
    pytest.param(code, id=f"{_name(path)}-block{i}")
    for path in [*READMES, *PAGES]
    for i, code in enumerate(python_blocks(path))
]


def test_the_readme_has_examples() -> None:
    assert len(python_blocks(ROOT / "README.md")) >= 3


def test_the_pages_have_examples() -> None:
    for page in "index", "getting-started", "writing-a-primitive", "engine":
        assert python_blocks(ROOT / "docs" / f"{page}.md"), page


@pytest.mark.parametrize("readme", READMES[1:], ids=lambda path: path.parent.name)
def test_every_package_readme_has_a_complete_example(readme: Path) -> None:
    (code, *_) = python_blocks(readme)
    assert "..." not in code  # a fragment, not a program
    assert "print(" in code  # it shows what it computed


@pytest.mark.parametrize("code", CASES)
def test_example_runs(code: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
