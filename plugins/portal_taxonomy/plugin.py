"""Category, territory, medal and scheme indexes, the map, feeds and related initiatives.

Signals:
- `get_generators`, because the indexes are pages of their own, written by a
  generator that runs after the articles generator (so every initiative is read);
- `feed_generated`, to date a feed without entries (a région or a level without
  initiatives) by the newest initiative: feedgenerator would write the clock's time,
  and the same content would give different bytes at each build.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pelican import Pelican, signals
from pelican.utils import set_date_tzinfo

from .generator import TaxonomyGenerator


def get_generators(pelican: Pelican) -> type[TaxonomyGenerator]:
    """Add the taxonomy generator."""
    return TaxonomyGenerator


def date_empty_feed(context: dict[str, Any], feed: Any) -> None:
    """Give a feed without items the date of the newest initiative instead of the time of the build."""
    if feed.items:
        return
    # The dates Pelican gives the items of a feed: each initiative's modified, else its date.
    dates = [getattr(a, "modified", None) or a.date for a in context.get("articles", [])]
    newest = max((set_date_tzinfo(d, context.get("TIMEZONE")) for d in dates), default=datetime(1970, 1, 1, tzinfo=UTC))
    feed.latest_post_date = lambda: newest


def register() -> None:
    """Connect the generator and the dating of empty feeds."""
    signals.get_generators.connect(get_generators)
    signals.feed_generated.connect(date_empty_feed)
