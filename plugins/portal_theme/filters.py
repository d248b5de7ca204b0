"""Jinja filters for French formatting; templates only render what these return."""

from __future__ import annotations

import datetime
import re

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
# A space before : ; ! ? », or after «, where French typography wants it unbreakable.
_BREAKABLE_SPACE = re.compile(r" (?=[:;!?»])|(?<=«) ")


def fr_number(value: int | None) -> str:
    """1234567 → « 1 234 567 » with narrow no-break spaces, as French typography wants."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", NARROW_NBSP)


def fr_date(value: datetime.date | datetime.datetime) -> str:
    """2026-11-22 → « 22 novembre 2026 »."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def fr_partial_date(value: str | None) -> str:
    """A date of the content (« 2017 », « 2017-03 », « 2017-03-01 ») in words."""
    if not value:
        return ""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return fr_date(datetime.date(*parts))


def fr_as_of(value: str) -> str:
    """When a state was observed: « en 2017 », « en mars 2017 », « le 1er mars 2017 »."""
    words = fr_partial_date(value)
    return f"le {words}" if value.count("-") == 2 else f"en {words}"


def fr_typo(text: str) -> str:
    """« Manger bien ? » with no-break spaces, so no line starts with « ? » or « » »."""
    return _BREAKABLE_SPACE.sub(NBSP, text)


FILTERS = {
    "fr_number": fr_number,
    "fr_date": fr_date,
    "fr_partial_date": fr_partial_date,
    "fr_as_of": fr_as_of,
    "fr_typo": fr_typo,
}
