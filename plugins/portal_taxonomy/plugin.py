"""Category, territory, medal and scheme indexes, the map, feeds and related initiatives.

Signal: `get_generators`, because the indexes are pages of their own, written by a
generator that runs after the articles generator (so every initiative is read). The
feeds are written by that generator too (feeds.py): a group without initiatives gets
no feed, so no feed is ever dated by the clock.
"""

from __future__ import annotations

from pelican import Pelican, signals

from .generator import TaxonomyGenerator


def get_generators(pelican: Pelican) -> type[TaxonomyGenerator]:
    """Add the taxonomy generator."""
    return TaxonomyGenerator


def register() -> None:
    """Connect the generator."""
    signals.get_generators.connect(get_generators)
