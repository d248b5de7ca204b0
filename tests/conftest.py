"""Shared fixtures: build tiny sites from inline files with the real pelicanconf.py.

Plain helpers (VALID, page, write_files, soup…) live in support.py; the server in portal_core.server.
"""

from __future__ import annotations

from collections.abc import Iterator
import logging
from pathlib import Path

from pelican import Pelican
from portal_core.server import LocalServer
from portal_core.validation import Checker, FileReport, content_files
import pytest
from support import AXE, FIGURES, ROOT, TEST_REPOSITORY, RealSite, site_settings, write_files


@pytest.fixture
def build_site(tmp_path):
    """Build a site from {relative path: text}; return its output folder."""

    def build(files: dict[str, str], **overrides) -> Path:
        write_files(tmp_path, files)
        Pelican(site_settings(tmp_path, **overrides)).run()
        return tmp_path / "output"

    return build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Iterator[RealSite]:
    """Build the real content once per session and serve it on 127.0.0.1.

    The server binds its port first, so SITEURL is the address the browser tests load.
    """
    root = tmp_path_factory.mktemp("real-site")
    output = root / "output"
    output.mkdir()
    server = LocalServer(output).start()
    siteurl = server.url
    settings = site_settings(ROOT, OUTPUT_PATH=str(output), SITEURL=siteurl, PORTAL_REPOSITORY_URL=TEST_REPOSITORY)
    Pelican(settings).run()
    yield RealSite(output, siteurl)
    server.stop()


@pytest.fixture(scope="session")
def content_reports() -> list[FileReport]:
    """The real content checked once per session (not at import: collection stays fast)."""
    return Checker.from_settings({}).check_all(content_files(ROOT / "content"))


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the whole session (two sync Playwright instances cannot run at once)."""
    from playwright.sync_api import sync_playwright
    from portal_core import chromium

    with sync_playwright() as playwright:
        try:
            launched = chromium.launch(playwright)
        except RuntimeError as error:
            pytest.fail(str(error))
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core manque : lancez « npm ci »")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _quiet_pelican():
    logging.getLogger("pelican").setLevel(logging.WARNING)


def pytest_terminal_summary(terminalreporter):
    """Print the figure of every quality and security gate that ran, one line each."""
    if FIGURES:
        terminalreporter.section("Qualité et sécurité : chiffres mesurés")
        for gate, figure in FIGURES.items():
            terminalreporter.write_line(f"{gate} : {figure}")
