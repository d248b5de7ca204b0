"""Search: a prebuilt lunr index, its result cards and the browser libraries.

Signal: `get_generators`, because the index is files of its own, written once every
initiative is read and validated, by a generator that runs after the articles one.
"""

from __future__ import annotations

from pelican import Pelican, signals

from .generator import SearchGenerator


def get_generators(pelican: Pelican) -> type[SearchGenerator]:
    """Add the search generator."""
    return SearchGenerator


def register() -> None:
    """Connect the generator."""
    signals.get_generators.connect(get_generators)
