"""Render a contributor's Markdown body to safe HTML.

Python-Markdown does not sanitise its output, so the HTML goes through nh3 with an
allow-list: raw `<script>`, event attributes and `javascript:` links never reach a page.
"""

from __future__ import annotations

from html.parser import HTMLParser
import json
from typing import Any

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


# Whitespace as BeautifulSoup knows it, and the tags in which it keeps whitespace as is.
ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"
WHITESPACE_KEPT_IN = ("pre", "textarea")


class _Strings(HTMLParser):
    """The text runs of some HTML, as BeautifulSoup (html.parser) makes its strings: a run of
    whitespace alone, outside <pre>, becomes "\n" if it has a line break, else " "."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.strings: list[str] = []
        self.kept = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.kept += tag in WHITESPACE_KEPT_IN

    def handle_endtag(self, tag: str) -> None:
        if tag in WHITESPACE_KEPT_IN and self.kept:
            self.kept -= 1

    def handle_data(self, data: str) -> None:
        if not self.kept and not data.strip(ASCII_SPACES):
            data = "\n" if "\n" in data else " "
        self.strings.append(data)


def plain_text(html: str) -> str:
    """The words of a rendered body, for the search index and related initiatives.

    BeautifulSoup(html, "html.parser").get_text(" "), without building the tree (five times
    faster); tests/test_markdown_body.py compares both on the real content.
    """
    parser = _Strings()
    parser.feed(html)
    parser.close()
    return " ".join(parser.strings)
