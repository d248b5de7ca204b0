"""Shared fixtures: build tiny sites from inline files with the real pelicanconf.py."""

from __future__ import annotations

import logging
from pathlib import Path
import textwrap

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings
import pytest

ROOT = Path(__file__).resolve().parent.parent

VALID = textwrap.dedent(
    """\
    ---
    title: "Un potager dans chaque école"
    date: "2026-01-15"
    summary: >-
      La commune installe un potager dans chaque école et forme les enfants au jardinage.
    collectivities:
      - kind: commune
        code: "81004"
    awards:
      - scheme: territoria
        year: "2017"
        level: or
        category: "Aménagement / Urbanisme"
    categories:
      - agriculture-alimentation
    source:
      document: territoria-2017
    ---
    Les enfants cultivent des légumes qu'ils mangent ensuite à la cantine.
    """
)


def page(text: str = VALID, **replacements: str) -> str:
    """Return the valid page with some lines replaced (old line → new line)."""
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def write_files(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    content.mkdir(exist_ok=True)
    return content


def site_settings(root: Path, **overrides):
    """The real pelicanconf.py, pointed at a temporary content and output folder."""
    settings = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / "output"),
        "SITEURL": "http://example.test",
    }
    settings.update(overrides)
    return read_settings(str(ROOT / "pelicanconf.py"), override=settings)


@pytest.fixture
def build_site(tmp_path):
    """Build a site from {relative path: text}; return its output folder."""

    def build(files: dict[str, str], **overrides) -> Path:
        write_files(tmp_path, files)
        Pelican(site_settings(tmp_path, **overrides)).run()
        return tmp_path / "output"

    return build


def soup(path: Path) -> BeautifulSoup:
    """Parse a generated HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(autouse=True)
def _quiet_pelican():
    logging.getLogger("pelican").setLevel(logging.WARNING)
