"""The portal's Atom feeds: the whole catalogue, and one per topic, région and medal level.

Pelican's own feed writer is not used (pelicanconf.py sets FEED_ALL_ATOM to None): it
gives every feed the site's address as its id, prefixes every title with the site name,
writes root-relative links and `tag:None` entry ids when SITEURL is "" (development),
and dates an empty feed with the clock. Here every feed has its own absolute id (its
own address), links to the page it follows, a title of its own, entries with absolute
links, and an `updated` date taken from its entries. Empty groups get no feed.

An initiative is an entry of several feeds (everything, its topics, its région, its
medal): its entry is computed once per build (`FeedEntries`), and its XML is written
once per process (`ENTRIES`, keyed by everything the entry holds), so that a rebuild by
`invoke livereload` writes again only the entries of the edited initiatives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
import io
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed, get_tag_uri
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import escape
from pelican.utils import set_date_tzinfo
from portal_core.buildmemo import BuildMemo
from portal_core.settings import portal_setting


@dataclass(frozen=True)
class FeedSpec:
    """One feed: where it is written, its title, the page it follows and its initiatives."""

    path: str
    title: str
    page: str
    articles: Sequence[Any]


def newest_first(articles: Iterable[Any]) -> list[Any]:
    """Initiatives by date, newest first; the slug breaks ties so the order never varies."""
    return sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)


class FeedEntries:
    """The entry of each initiative, computed once for all the feeds of a build."""

    def __init__(self, site: str, settings: dict[str, Any]) -> None:
        self.site = site
        self.timezone = settings.get("TIMEZONE")
        self._entries: dict[int, dict[str, Any]] = {}  # articles live as long as the build

    def __call__(self, article: Any) -> dict[str, Any]:
        """The arguments of `Atom1Feed.add_item` for one initiative."""
        entry = self._entries.get(id(article))
        if entry is None:
            link = f"{self.site}/{article.url}"
            modified = getattr(article, "modified", None)
            entry = self._entries[id(article)] = {
                "title": article.title,
                "link": link,
                "unique_id": get_tag_uri(link, article.date),
                # The summary is plain text; in an Atom `html` element it must be escaped.
                "description": str(escape(article.summary)),
                "content": article.get_content(self.site),
                "pubdate": set_date_tzinfo(article.date, self.timezone),
                "updateddate": set_date_tzinfo(modified, self.timezone) if modified else None,
            }
        return entry


_Item = tuple[tuple[str, Any], ...]
_WRITER = Atom1Feed(title="", link="", description="")


def _entry_xml(item: _Item) -> str:
    """The <entry> element of one item, as Atom1Feed writes it."""
    values = dict(item)
    stream = io.StringIO()
    handler = SimplerXMLGenerator(stream, "utf-8", short_empty_elements=True)
    handler.startElement("entry", _WRITER.item_attributes(values))
    _WRITER.add_item_elements(handler, values)
    handler.endElement("entry")
    return stream.getvalue()


ENTRIES: BuildMemo[_Item, str] = BuildMemo(_entry_xml)


class PortalFeed(Atom1Feed):
    """An Atom feed whose entries' XML comes from ENTRIES."""

    def write_items(self, handler: SimplerXMLGenerator) -> None:
        for item in self.items:
            key = tuple(sorted((name, tuple(v) if isinstance(v, list) else v) for name, v in item.items()))
            # Written as it is: the XML of the entry, escaped when it was made.
            handler.ignorableWhitespace(ENTRIES(key))


def build_feed(spec: FeedSpec, site: str, settings: dict[str, Any], entries: FeedEntries | None = None) -> PortalFeed:
    """The Atom feed of one group of initiatives. `site` is the absolute address of the site."""
    if not spec.articles:
        raise ValueError(f"flux {spec.path} sans initiative : il ne doit pas être écrit")
    entries = entries or FeedEntries(site, settings)
    feed_url = f"{site}/{spec.path}"
    feed = PortalFeed(
        title=spec.title,
        link=f"{site}/{spec.page}",
        feed_url=feed_url,
        feed_guid=feed_url,
        description=settings.get("SITESUBTITLE", ""),
        language="fr",
        author_name=portal_setting(settings, "PORTAL_PUBLISHER"),
    )
    for article in newest_first(spec.articles):
        feed.add_item(**entries(article))
    return feed


def write_feeds(output_path: str, specs: Iterable[FeedSpec], site: str, settings: dict[str, Any]) -> None:
    """Write the feeds under the output folder."""
    ENTRIES.new_build()
    entries = FeedEntries(site, settings)
    for spec in specs:
        target = Path(output_path, spec.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as stream:
            build_feed(spec, site, settings, entries).write(stream, "utf-8")
