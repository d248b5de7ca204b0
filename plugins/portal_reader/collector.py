"""Once read, the content lives through the build: the garbage collector need not walk it again.

Python's full collections walk every object alive, and the steps after reading (related
initiatives, indexes, exports, search, pages) allocate enough to trigger several of them,
each walking the thousands of articles, initiatives and rendered bodies again: about a
tenth of the build's CPU time at 1 000 fiches. `gc.freeze()` once the articles are read
moves every object alive to a generation that is never collected; `gc.unfreeze()` gives
them back when the build ends, or when the next one starts after a failed build (the
process of `invoke livereload` builds again and again).

Nothing is frozen while the collector is paused: `invoke livereload` pauses it for a
whole rebuild (`tasks.rebuild_memory`), then collects the young objects once. Frozen
objects would go back to the oldest generation, out of that collection's reach, and the
articles of every rebuild would stay in memory until a full collection.
"""

from __future__ import annotations

import gc
from typing import Any

from pelican.generators import ArticlesGenerator


def freeze_read_content(generator: Any) -> None:
    """`article_generator_finalized`: every article is read."""
    if isinstance(generator, ArticlesGenerator) and gc.isenabled():
        gc.freeze()


def unfreeze(_sender: Any) -> None:
    """`initialized` and `finalized`: objects frozen by a build are collectable again."""
    gc.unfreeze()
