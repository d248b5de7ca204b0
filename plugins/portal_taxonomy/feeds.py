"""The portal's Atom feeds: the whole catalogue, and one per topic, région and medal level.

Pelican's own feed writer is not used (pelicanconf.py sets FEED_ALL_ATOM to None): it
gives every feed the site's address as its id, prefixes every title with the site name,
writes root-relative links and `tag:None` entry ids when SITEURL is "" (development),
and dates an empty feed with the clock. Here every feed has its own absolute id (its
own address), links to the page it follows, a title of its own, entries with absolute
links, and an `updated` date taken from its entries. Empty groups get no feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed, get_tag_uri
from markupsafe import escape
from pelican.utils import set_date_tzinfo
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


def build_feed(spec: FeedSpec, site: str, settings: dict[str, Any]) -> Atom1Feed:
    """The Atom feed of one group of initiatives. `site` is the absolute address of the site."""
    if not spec.articles:
        raise ValueError(f"flux {spec.path} sans initiative : il ne doit pas être écrit")
    timezone = settings.get("TIMEZONE")
    feed_url = f"{site}/{spec.path}"
    feed = Atom1Feed(
        title=spec.title,
        link=f"{site}/{spec.page}",
        feed_url=feed_url,
        feed_guid=feed_url,
        description=settings.get("SITESUBTITLE", ""),
        language="fr",
        author_name=portal_setting(settings, "PORTAL_PUBLISHER"),
    )
    for article in newest_first(spec.articles):
        link = f"{site}/{article.url}"
        modified = getattr(article, "modified", None)
        feed.add_item(
            title=article.title,
            link=link,
            unique_id=get_tag_uri(link, article.date),
            # The summary is plain text; in an Atom `html` element it must be escaped.
            description=str(escape(article.summary)),
            content=article.get_content(site),
            pubdate=set_date_tzinfo(article.date, timezone),
            updateddate=set_date_tzinfo(modified, timezone) if modified else None,
        )
    return feed


def write_feed(output_path: str, spec: FeedSpec, site: str, settings: dict[str, Any]) -> None:
    """Write one feed under the output folder."""
    target = Path(output_path, spec.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as stream:
        build_feed(spec, site, settings).write(stream, "utf-8")
