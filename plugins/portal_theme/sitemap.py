"""sitemap.xml and robots.txt, written from the pages actually on disk.

Every HTML page of the output is listed, except those marked `noindex` (the 404 page
and the redirects of renamed fiches), with absolute URLs from the site's address.
"""

from __future__ import annotations

import os
from pathlib import Path
import re
from xml.sax.saxutils import escape

from portal_core.paths import page_url

NOINDEX = re.compile(r"""<meta\s+name=["']robots["']\s+content=["'][^"']*noindex""", re.IGNORECASE)
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def indexable_pages(output: Path) -> list[str]:
    """URL paths (relative to the site) of the pages search engines may index, sorted.

    Plain strings and os.walk: thousands of pages, where pathlib's rglob cost twice the time.
    """
    paths = []
    root = str(output)
    start = len(root) + 1
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".html"):
                continue
            page = os.path.join(folder, name)
            with open(page, "rb") as file:
                head = file.read().split(b"</head>", 1)[0].decode("utf-8")  # only the head is decoded
            if not NOINDEX.search(head):
                paths.append(page_url(page[start:].replace(os.sep, "/")))
    return sorted(paths)


def sitemap_xml(site: str, paths: list[str]) -> str:
    """The sitemap protocol's XML for these paths under the site's address."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"  <url><loc>{escape(f'{site}/{path}')}</loc></url>" for path in paths),
        "</urlset>",
        "",
    ]
    return "\n".join(lines)


def robots_txt(site: str) -> str:
    """Allow every crawler and point at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site}/{SITEMAP}\n"


def write_sitemap(output: Path, site: str) -> None:
    """Write sitemap.xml and robots.txt at the root of the output."""
    (output / SITEMAP).write_text(sitemap_xml(site, indexable_pages(output)), encoding="utf-8")
    (output / ROBOTS).write_text(robots_txt(site), encoding="utf-8")
