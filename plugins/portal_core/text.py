"""Small text helpers shared by the plugins and the tasks."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents: « Île-de-France » → « ile-de-france »."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII slug of lower-case letters, digits and single hyphens."""
    text = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in fold(text))
    return "-".join(part for part in text.split("-") if part)[:max_length].strip("-")
