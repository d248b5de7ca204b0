"""The portal's taxonomy values as Pelican URL wrappers.

Like Pelican's own Category, each class takes its URL and output path from settings
named after it (TOPIC_URL, TOPIC_SAVE_AS, TERRITORY_URL…), with defaults in
portal_core.settings; slugs, ordering and hashing come from URLWrapper.
"""

from __future__ import annotations

from typing import Any

from pelican.urlwrappers import URLWrapper


class _Wrapper(URLWrapper):
    """A URL wrapper whose slug is given, not derived from the name."""

    def __init__(self, name: str, slug: str, settings: dict[str, Any]) -> None:
        super().__init__(name, settings)
        self.slug = slug


class Topic(_Wrapper):
    """A category of the controlled vocabulary (thématique)."""


class Territory(_Wrapper):
    """A région, a département, or a collectivity."""


class Medal(_Wrapper):
    """A level of distinction (or, argent, bronze, inconnu, aucun)."""


class Palmares(_Wrapper):
    """The awards of one scheme in one year."""


class SchemePage(_Wrapper):
    """An award scheme."""
