"""Search: a prebuilt lunr index, its result cards and the browser libraries.

Signal: `get_generators`, because the index is files of its own, written once every
initiative is read and validated, by a generator that runs after the articles one.
`article_generator_finalized`: on a large site, the index starts in a forked process as
soon as the articles are read (generator.py).
"""

from __future__ import annotations

from pelican import Pelican, signals

from .generator import SearchGenerator, forget_started, start_index


def get_generators(pelican: Pelican) -> type[SearchGenerator]:
    """Add the search generator."""
    return SearchGenerator


def register() -> None:
    """Connect the generator, and the start of the index as soon as the articles are read."""
    signals.get_generators.connect(get_generators)
    signals.article_generator_finalized.connect(start_index)
    signals.initialized.connect(forget_started)
    signals.finalized.connect(forget_started)
