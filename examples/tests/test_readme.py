"""The Python examples in the README and in every package's README run as written
(those that need PyTorch are left to the oracle session's users)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READMES = [ROOT / "README.md", *sorted(ROOT.glob("packages/*/README.md"))]


def python_blocks(path: Path) -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.DOTALL)
    return [block for block in blocks if "import torch" not in block]


CASES = [
    pytest.param(code, id=f"{readme.relative_to(ROOT).parent.name or 'root'}-block{i}")
    for readme in READMES
    for i, code in enumerate(python_blocks(readme))
]


def test_the_readme_has_examples() -> None:
    assert len(python_blocks(ROOT / "README.md")) >= 3


@pytest.mark.parametrize("readme", READMES[1:], ids=lambda path: path.parent.name)
def test_every_package_readme_has_a_complete_example(readme: Path) -> None:
    (code, *_) = python_blocks(readme)
    assert "..." not in code  # a fragment, not a program
    assert "print(" in code  # it shows what it computed


@pytest.mark.parametrize("code", CASES)
def test_readme_example_runs(code: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
