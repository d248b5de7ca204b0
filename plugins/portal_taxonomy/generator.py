"""Write the portal's index pages and feeds, as Pelican writes its category pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from pelican.generators import Generator
from portal_core.model import sort_key
from portal_core.paths import page_url
from portal_core.registry import load_registry
from portal_core.settings import portal_path, portal_setting
from portal_core.territories import load_gazetteer
from portal_core.workcache import WorkCache
from portal_theme.metadata import site_address

from .charts import build_charts
from .feeds import FeedSpec, write_feeds
from .france_map import render_map
from .index import (
    Entry,
    MedalEntry,
    PalmaresEntry,
    SchemeEntry,
    TerritoryEntry,
    TerritoryTree,
    TopicEntry,
    build_medals,
    build_schemes,
    build_territories,
    build_topics,
    palmares_slug,
)
from .locator import Locator
from .related import compute_related

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from markupsafe import Markup
    from pelican.contents import Article
    from pelican.writers import Writer
    from portal_core.model import Award, Collectivity


@dataclass
class PortalIndexes:
    """Everything templates need to link initiatives to their indexes."""

    topics: list[TopicEntry]
    territories: TerritoryTree
    medals: list[MedalEntry]
    palmares: list[PalmaresEntry]
    schemes: list[SchemeEntry]
    related: dict[str, list[Article]]
    latest: list[Article]
    figures: dict[str, int]
    locator: Locator

    def locator_of(self, collectivity: Collectivity) -> Markup:
        """The locator map (figure with its caption) of a collectivity."""
        return self.locator.render(collectivity)

    def territory_of(self, collectivity: Collectivity) -> TerritoryEntry:
        """The territory page of a collectivity."""
        return self.territories.node_of(collectivity)

    def __post_init__(self) -> None:
        # Fiche templates look entries up by slug on every page: index them once.
        self._topics = {entry.wrapper.slug: entry for entry in self.topics}
        self._palmares = {entry.wrapper.slug: entry for entry in self.palmares}

    def topic(self, key: str) -> TopicEntry:
        """The page of a category."""
        return self._topics[key]

    def palmares_of(self, award: Award) -> PalmaresEntry:
        """The palmarès page of one award (scheme, year, level)."""
        return self._palmares[palmares_slug(award)]


def _figures(articles: list[Article], tree: TerritoryTree) -> dict[str, int]:
    awards = [award for article in articles for award in article.initiative.awards]
    collectivities = {(c.kind, c.code or c.name) for a in articles for c in a.initiative.carriers}
    return {
        "initiatives": len(articles),
        "collectivities": len(collectivities),
        "schemes": len({award.scheme.key for award in awards}),
        "years": len({award.year for award in awards}),
        "departements": sum(1 for d in tree.departements if d.count),
    }


class TaxonomyGenerator(Generator):
    """Build the indexes after the articles are read, then write their pages."""

    def generate_context(self) -> None:
        """Compute every index once and publish it to the templates as `portal`."""
        articles = self.context["articles"]
        registry = load_registry(portal_path(self.settings, "PORTAL_DATA_DIR"))
        gazetteer = load_gazetteer(portal_path(self.settings, "PORTAL_GEO_DATA"))
        tree = build_territories(articles, gazetteer, self.settings)
        medals, palmares = build_medals(articles, self.settings)
        latest = sorted(articles, key=lambda a: (-a.date.toordinal(), sort_key(a)))
        self.context["portal"] = PortalIndexes(
            topics=build_topics(articles, registry, self.settings),
            territories=tree,
            medals=medals,
            palmares=palmares,
            schemes=build_schemes(palmares, registry, self.settings),
            related=compute_related(articles),
            latest=latest[: portal_setting(self.settings, "PORTAL_LATEST_COUNT")],
            figures=_figures(articles, tree),
            locator=Locator(
                gazetteer, portal_path(self.settings, "PORTAL_MAP_PACKAGE"), WorkCache(self.settings, "locator")
            ),
        )
        # Fiche pages may be rendered by forked processes (portal_theme.pagewriter), whose
        # simplified shapes would never reach the cache: the locators are drawn here first.
        for article in articles:
            for collectivity in article.initiative.carriers:
                self.context["portal"].locator_of(collectivity)

    def generate_output(self, writer: Writer) -> None:
        """Write the index pages, each value's page, and the feeds."""
        portal: PortalIndexes = self.context["portal"]
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        siteurl = self.settings["SITEURL"]
        territory_map = render_map(
            portal.territories.departements, portal_path(self.settings, "PORTAL_MAP_PACKAGE"), siteurl
        )
        self._write_index(write, "topics", "TOPICS_INDEX_SAVE_AS")
        self._write_index(write, "territories", "TERRITORIES_INDEX_SAVE_AS", territory_map=territory_map)
        self._write_index(write, "medals", "MEDALS_INDEX_SAVE_AS")
        self._write_index(write, "schemes", "SCHEMES_INDEX_SAVE_AS")
        self._write_index(write, "chiffres", "STATS_SAVE_AS", charts=build_charts(portal))
        self._write_entries(write, "topic", portal.topics)
        self._write_entries(write, "territory", portal.territories.nodes.values())
        self._write_entries(write, "medal", [*portal.medals, *portal.palmares])
        self._write_entries(write, "scheme", portal.schemes)
        if portal_setting(self.settings, "PORTAL_FEED_ALL_ATOM"):
            self._write_feeds(portal)
        # Pelican wrote the fiches before the plugins' generators run; their locators were drawn in generate_context.
        if portal.locator.shapes is not None:
            portal.locator.shapes.save()

    def _write_index(self, write: Callable[..., Any], template: str, setting: str, **extra: Any) -> None:
        save_as = portal_setting(self.settings, setting)
        url = page_url(save_as)
        write(
            save_as,
            self.get_template(template),
            self.context,
            url=url,
            template_name=template,
            page_name=url,
            **extra,
        )

    def _write_entries(self, write: Callable[..., Any], template: str, entries: Iterable[Entry]) -> None:
        """Write one page per entry, paginated like Pelican's category pages."""
        for entry in entries:
            write(
                entry.wrapper.save_as,
                self.get_template(template),
                self.context,
                paginated={"articles": entry.articles},
                template_name=template,
                url=entry.url,
                page_name=entry.wrapper.page_name,
                entry=entry,
            )

    def _write_feeds(self, portal: PortalIndexes) -> None:
        """The whole catalogue, then one feed per topic, région and medal level that has initiatives."""
        settings = self.settings
        sitename = settings["SITENAME"]
        everything = f"{sitename} — toutes les initiatives"
        specs = [FeedSpec(portal_setting(settings, "PORTAL_FEED_ALL_ATOM"), everything, "", self.context["articles"])]
        groups = (
            ("TOPIC_FEED_ATOM", portal.topics, "Thématique"),
            ("REGION_FEED_ATOM", portal.territories.regions, "Région"),
            ("MEDAL_FEED_ATOM", portal.medals, "Distinction"),
        )
        for setting, entries, label in groups:
            specs += [
                FeedSpec(
                    portal_setting(settings, setting).format(slug=entry.wrapper.slug),
                    f"{sitename} — {label} : {entry.name}",
                    entry.url,
                    entry.articles,
                )
                for entry in entries
                if entry.articles
            ]
        write_feeds(self.output_path, specs, site_address(settings), settings)
