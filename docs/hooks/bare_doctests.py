"""A griffe extension for the API reference: doctest examples written in a docstring's
description, not under an ``Examples`` heading, are shown as code.

Without it they are read as Markdown text, in which an output line such as
``[('weight', (2, 3)), ('bias', (2,))]`` is a link to nowhere, and
``mkdocs build --strict`` fails on it.
"""

from __future__ import annotations

from typing import Any

import griffe


class BareDoctests(griffe.Extension):
    """Fence every bare doctest of every docstring as a ``pycon`` code block."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)


def fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (from ``>>>`` to the next blank line) outside a
    NumPy-style ``Examples`` section in a fenced code block."""
    lines = text.splitlines()
    out: list[str] = []
    in_examples = False
    fence: str | None = None  # the indentation of the open fence
    for i, line in enumerate(lines):
        stripped = line.strip()
        underlined = i + 1 < len(lines) and set(lines[i + 1].strip()) == {"-"}
        if stripped and underlined:
            in_examples = stripped == "Examples"
        if fence is not None and not stripped:
            out.append(f"{fence}```")
            fence = None
        elif fence is None and not in_examples and stripped.startswith(">>>"):
            fence = line[: len(line) - len(line.lstrip())]
            out.append(f"{fence}```pycon")
        out.append(line)
    if fence is not None:
        out.append(f"{fence}```")
    return "\n".join(out)
