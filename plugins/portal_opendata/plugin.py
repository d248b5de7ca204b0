"""Open data: the catalogue as CSV and JSON with its schemas, and redirects of old URLs.

Signal: `get_generators`, because the exports are files of their own, written by a
generator that runs after the articles generator (so every initiative is read and
validated). The redirects of renamed pages are written by the same generator: they
come from the same model (`former_slugs`), and a generator's writer refuses to write
over a page already written.
"""

from __future__ import annotations

from pelican import Pelican, signals

from .generator import OpenDataGenerator


def get_generators(pelican: Pelican) -> type[OpenDataGenerator]:
    """Add the open-data generator."""
    return OpenDataGenerator


def register() -> None:
    """Connect the generator."""
    # Exports, schemas, the Données page and the redirect pages.
    signals.get_generators.connect(get_generators)
