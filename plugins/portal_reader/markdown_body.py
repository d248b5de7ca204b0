"""Render a contributor's Markdown body to safe HTML.

Python-Markdown does not sanitise its output, so the HTML goes through nh3 with an
allow-list: raw `<script>`, event attributes and `javascript:` links never reach a page.
"""

from __future__ import annotations

import json
from typing import Any

from bs4 import BeautifulSoup
from markdown import Markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "dl",
    "dt",
    "dd",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}, "*": {"id"}}


# One converter per Markdown settings, reset before each body: making one costs as much as
# converting a body (its extensions are loaded and registered again).
_converters: dict[str, Markdown] = {}


def converter(markdown_settings: dict[str, Any]) -> Markdown:
    """The Markdown converter of these settings, reset (no state left by the previous body)."""
    key = json.dumps(markdown_settings, sort_keys=True, default=repr)
    if key not in _converters:
        settings = dict(markdown_settings)
        settings["extensions"] = [e for e in settings.get("extensions", []) if e != "markdown.extensions.meta"]
        _converters[key] = Markdown(**settings)
    return _converters[key].reset()


def render(body: str, markdown_settings: dict[str, Any]) -> str:
    """Convert Markdown to HTML, then keep only allowed tags, attributes and URLs."""
    return sanitise(converter(markdown_settings).convert(body))


def sanitise(html: str) -> str:
    """Keep only allowed tags, attributes and URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def plain_text(html: str) -> str:
    """The words of a rendered body, for the search index and related initiatives."""
    return BeautifulSoup(html, "html.parser").get_text(" ")
