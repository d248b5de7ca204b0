"""Build the portal's indexes from the initiatives: topics, territories, medals, schemes.

Pure functions over the article list: no Pelican writing here, so the structures can be
tested on their own and handed to templates as they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from portal_core.model import sort_key
from portal_core.registry import Registry
from portal_core.territories import Gazetteer, Place
from portal_core.text import slugify
from portal_core.vocabulary import DISTINCTION, KIND_LABELS, LEVEL_LABELS, LEVEL_TITLES, level_rank

from .urls import Medal, Palmares, SchemePage, Territory, Topic

__all__ = ["sort_key"]  # re-exported for portal_search, which still imports it from here


def palmares_slug(award) -> str:
    """Slug of the palmarès page an award belongs to (scheme, year, level)."""
    return f"{award.scheme.key}-{award.year}-{award.level}"


@dataclass(eq=False)
class Entry:
    """One page of an index: a value, its initiatives, and its place in a hierarchy."""

    wrapper: Any
    kind: str
    articles: list = field(default_factory=list)
    parent: Entry | None = None
    children: list[Entry] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Display name."""
        return self.wrapper.name

    @property
    def url(self) -> str:
        """URL of the entry's page."""
        return self.wrapper.url

    @property
    def count(self) -> int:
        """Number of initiatives of the entry."""
        return len(self.articles)

    @property
    def ancestors(self) -> list[Entry]:
        """Parents from the top down, for breadcrumbs."""
        chain, node = [], self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain

    def extra_pages(self, per_page: int) -> list[tuple[int, str]]:
        """(number, URL) of the list's pages after the first, as PAGINATION_PATTERNS writes them.

        Index pages link to them directly, so every initiative stays three clicks from home.
        """
        if not per_page or self.count <= per_page:
            return []
        last = -(-self.count // per_page)
        return [(number, f"{self.url}page/{number}/") for number in range(2, last + 1)]

    def add(self, article) -> None:
        """Add an initiative once."""
        if article not in self.articles:
            self.articles.append(article)

    def finish(self) -> None:
        """Sort the initiatives and the children."""
        self.articles.sort(key=sort_key)
        for child in self.children:
            child.finish()


def build_topics(articles, registry: Registry, settings) -> list[Entry]:
    """One entry per category of the vocabulary, in label order, with its initiatives."""
    entries = {
        key: Entry(Topic(cat.label, key, settings), "topic", info={"description": cat.description})
        for key, cat in registry.categories.items()
    }
    for article in articles:
        for category in article.initiative.categories:
            entries[category.key].add(article)
    result = sorted(entries.values(), key=lambda e: e.name.casefold())
    for entry in result:
        entry.finish()
    return result


class TerritoryTree:
    """Régions › départements › collectivities, each with the initiatives below it."""

    def __init__(self, gazetteer: Gazetteer, settings) -> None:
        self.settings = settings
        self.gazetteer = gazetteer
        self.nodes: dict[tuple[str, str], Entry] = {}
        for region in gazetteer.all("region"):
            self._node("region", region.code, region.name, None, region, region.name)
        for dep in gazetteer.all("departement"):
            parent = self.nodes.get(("region", dep.region))
            self._node("departement", dep.code, f"{dep.name} ({dep.code})", parent, dep, dep.name)

    def _node(
        self, kind: str, code: str, name: str, parent: Entry | None, place: Place | None, plain_name: str
    ) -> Entry:
        key = (kind, code)
        if key not in self.nodes:
            slug = slugify(f"{kind}-{code}-{plain_name}" if code != slugify(plain_name) else f"{kind}-{code}")
            info = {"kind_label": KIND_LABELS.get(kind, kind), "code": code, "place": place}
            node = Entry(Territory(name, slug, self.settings), kind, parent=parent, info=info)
            self.nodes[key] = node
            if parent is not None:
                parent.children.append(node)
        return self.nodes[key]

    def node_of(self, collectivity) -> Entry:
        """The page of a collectivity (a région or département is its own node)."""
        if collectivity.kind in ("region", "departement"):
            return self.nodes[(collectivity.kind, collectivity.code)]
        parent = (
            self.nodes.get(("departement", collectivity.place.departement)) if collectivity.place.departement else None
        )
        if parent is None and collectivity.place.region:
            parent = self.nodes.get(("region", collectivity.place.region))
        code = collectivity.code or slugify(collectivity.name)
        place = collectivity.place if collectivity.code else None
        node = self._node(collectivity.kind, code, collectivity.name, parent, place, collectivity.name)
        node.info["population"] = collectivity.population if collectivity.is_official else None
        node.info["kind_label"] = collectivity.kind_label
        return node

    def add(self, article) -> None:
        """File an initiative under each of its collectivities and their ancestors."""
        for collectivity in article.initiative.collectivities:
            node = self.node_of(collectivity)
            for entry in (*node.ancestors, node):
                entry.add(article)

    @property
    def regions(self) -> list[Entry]:
        """Régions in name order."""
        return sorted((n for (k, _), n in self.nodes.items() if k == "region"), key=lambda n: n.name.casefold())

    @property
    def departements(self) -> list[Entry]:
        """Départements in code order."""
        return sorted((n for (k, _), n in self.nodes.items() if k == "departement"), key=lambda n: n.info["code"])

    def finish(self) -> None:
        """Sort everything; children of a département by name."""
        for node in self.nodes.values():
            node.articles.sort(key=sort_key)
            node.children.sort(key=lambda n: (n.kind not in ("departement",), n.name.casefold()))


def build_territories(articles, gazetteer: Gazetteer, settings) -> TerritoryTree:
    """The territory tree with every initiative filed in it."""
    tree = TerritoryTree(gazetteer, settings)
    for article in articles:
        tree.add(article)
    tree.finish()
    return tree


def build_medals(articles, registry: Registry, settings) -> tuple[list[Entry], list[Entry]]:
    """Entries per level, and per scheme × year × level (the palmarès)."""
    levels = {level: Entry(Medal(title, level, settings), "medal") for level, title in LEVEL_TITLES.items()}
    palmares: dict[tuple[str, int, str], Entry] = {}
    for article in articles:
        for award in article.initiative.awards:
            levels[award.level].add(article)
            if award.distinction:
                levels[DISTINCTION].add(article)
            key = (award.scheme.key, award.year, award.level)
            if key not in palmares:
                name = f"{award.scheme.name} {award.year} — {LEVEL_LABELS[award.level]}"
                slug = palmares_slug(award)
                info = {"scheme": award.scheme, "year": award.year, "level": award.level}
                palmares[key] = Entry(Palmares(name, slug, settings), "palmares", info=info)
            palmares[key].add(article)
    for entry in (*levels.values(), *palmares.values()):
        entry.finish()
    ordered = sorted(
        palmares.values(),
        key=lambda e: (e.info["scheme"].name, -e.info["year"], level_rank(e.info["level"])),
    )
    return list(levels.values()), ordered


def build_schemes(palmares: list[Entry], registry: Registry, settings) -> list[Entry]:
    """One entry per award scheme, with its palmarès grouped by year."""
    result = []
    for scheme in registry.schemes.values():
        entry = Entry(SchemePage(scheme.name, scheme.key, settings), "scheme", info={"scheme": scheme})
        by_year: dict[int, list[Entry]] = defaultdict(list)
        for item in palmares:
            if item.info["scheme"].key == scheme.key:
                by_year[item.info["year"]].append(item)
                for article in item.articles:
                    entry.add(article)
        entry.info["years"] = sorted(by_year.items(), reverse=True)
        entry.finish()
        result.append(entry)
    return sorted(result, key=lambda e: e.name.casefold())
