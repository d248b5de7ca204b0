"""Debian's Chromium driven by Playwright for Python, for tests, screenshots and benchmarks.

Playwright's own browser download does not work here: the Debian package is used
(installed by `make browser`), with the flags a closed network needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def launch(playwright: Playwright) -> Browser:
    """Start headless Chromium from a running `sync_playwright()`."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"Chromium manque ({CHROMIUM}) : installez le paquet Debian « chromium » (make browser)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
