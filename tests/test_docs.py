"""What ``nox -s docs`` built into site/: an API reference that documents every public
name of the five packages, the pages with their figures and tables, and nothing that a
reader's browser would fetch from another host."""

from __future__ import annotations

import html
import importlib
import re
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
REFERENCE = [
    "ad_core",
    "ad_ops",
    "ad_nn",
    "ad_nn.functional",
    "ad_nn.init",
    "ad_nn.utils",
    "ad_nn.parallel",
    "ad_optim",
    "ad_optim.lr_scheduler",
    "ad_data",
]
PAGES = [
    "getting-started",
    "coming-from-pytorch",
    "writing-a-primitive",
    "engine",
    "examples",
    "benchmarks",
]


def page(path: str) -> str:
    file = SITE / path / "index.html"
    assert file.exists(), f"{file} is missing: run `nox -s docs`"
    return file.read_text()


def text(path: str) -> str:
    """A page's text, without its markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", page(path)))


def anchors(module: str) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', page(f"reference/{module}")))


def documented_where(module: ModuleType, name: str) -> list[str]:
    """The anchors under which ``module.name`` may be documented: its own, or that of
    the same object in another package it re-exports (ad_nn.functional holds ad_ops)."""
    obj = getattr(module, name)
    places = [f"{module.__name__}.{name}"]
    for other in REFERENCE:
        if other != module.__name__ and getattr(importlib.import_module(other), name, None) is obj:
            places.append(f"{other}.{name}")
    return places


@pytest.mark.parametrize("name", REFERENCE)
def test_every_public_name_is_in_the_reference(name: str) -> None:
    module = importlib.import_module(name)
    everywhere = {anchor for other in REFERENCE for anchor in anchors(other)}
    assert name in anchors(name)  # the module's own heading
    missing = [
        public
        for public in module.__all__
        if public != "__version__"
        and not any(place in everywhere for place in documented_where(module, public))
    ]
    assert not missing, f"{name}: not in the API reference: {missing}"


def test_the_pages_are_built_with_their_includes() -> None:
    assert "deep learning on NumPy" in text("")
    for name in PAGES:
        assert "--8<--" not in text(name), name  # every snippet was included
    assert "pip install -c dist/constraints.txt ad-core" in text("getting-started")
    assert "ad_ops.set_num_threads(1)" in text("getting-started")
    assert "ours/torch 1t" in text("benchmarks")
    assert "| experiment |" not in text("examples")  # the table is rendered, not raw
    assert "<table>" in page("examples")
    for figure in ["autodiff", "dnn", "cnn", "dropout_bn", "rnn"]:
        assert f'src="../results/{figure}.png"' in page("examples"), figure
        assert (SITE / "results" / f"{figure}.png").stat().st_size > 10_000


class _Resources(HTMLParser):
    """The URLs a browser loads by itself: scripts, stylesheets, images, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "img": "src", "iframe": "src", "link": "href"}
        if tag in wanted:
            self.urls += [value for key, value in attrs if key == wanted[tag] and value]


def test_nothing_is_loaded_from_another_host() -> None:
    """No web fonts, analytics or CDN: the site works offline, as its build does."""
    for file in SITE.rglob("*.html"):
        parser = _Resources()
        parser.feed(file.read_text())
        remote = [url for url in parser.urls if re.match(r"(https?:)?//", url)]
        assert not remote, f"{file.relative_to(SITE)} loads {remote}"
