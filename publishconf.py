"""Production settings: pelicanconf.py plus what differs on GitHub Pages."""

from __future__ import annotations

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403


def _pages_url() -> str:
    """GitHub Pages address of a project site: https://<owner>.github.io/<repo>."""
    owner, _, name = os.environ.get("GITHUB_REPOSITORY", "").partition("/")
    return f"https://{owner.lower()}.github.io/{name}" if name else ""


# The site's public address (a project site lives under /<repo>/). PORTAL_SITEURL wins,
# then the address GitHub Pages gives the repository the workflow runs in.
SITEURL = os.environ.get("PORTAL_SITEURL") or _pages_url()
if not SITEURL:
    raise SystemExit("publishconf.py: donnez l'adresse du site dans PORTAL_SITEURL")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL

DELETE_OUTPUT_DIRECTORY = True
