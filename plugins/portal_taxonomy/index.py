"""Build the portal's indexes from the initiatives: topics, territories, medals, schemes.

Pure functions over the article list: no Pelican writing here, so the structures can be
tested on their own and handed to templates as they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from pelican.urlwrappers import URLWrapper
from portal_core.model import sort_key  # portal_search imports it from here, for now
from portal_core.paths import page_url
from portal_core.registry import CategoryDef, Registry, Scheme
from portal_core.settings import portal_setting
from portal_core.territories import Gazetteer, Place
from portal_core.text import slugify
from portal_core.vocabulary import DISTINCTION, KIND_LABELS, LEVEL_LABELS, LEVEL_TITLES, level_rank

from .urls import Medal, Palmares, SchemePage, Territory, Topic

if TYPE_CHECKING:
    from portal_core.model import Award, Collectivity


class Crumb(NamedTuple):
    """One step of a breadcrumb (_breadcrumb.html); the current page has no URL."""

    label: str
    url: str | None


def palmares_slug(award: Award) -> str:
    """Slug of the palmarès page an award belongs to (scheme, year, level)."""
    return f"{award.scheme.key}-{award.year}-{award.level}"


@dataclass(eq=False)
class Entry:
    """One page of an index: a value and its initiatives.

    Each kind of index has its own subclass below, whose fields are what its templates
    can show (topic.html, territory.html, medal.html, scheme.html).
    """

    wrapper: URLWrapper
    articles: list[Any] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Display name."""
        return str(self.wrapper.name)

    @property
    def url(self) -> str:
        """URL of the entry's page."""
        return str(self.wrapper.url)

    @property
    def count(self) -> int:
        """Number of initiatives of the entry."""
        return len(self.articles)

    def extra_pages(self, per_page: int) -> list[tuple[int, str]]:
        """(number, URL) of the list's pages after the first, as PAGINATION_PATTERNS writes them.

        Index pages link to them directly, so every initiative stays three clicks from home.
        """
        if not per_page or self.count <= per_page:
            return []
        last = -(-self.count // per_page)
        return [(number, f"{self.url}page/{number}/") for number in range(2, last + 1)]

    def add(self, article: Any) -> None:
        """Add an initiative once."""
        if article not in self.articles:
            self.articles.append(article)

    def finish(self) -> None:
        """Sort the initiatives."""
        self.articles.sort(key=sort_key)


@dataclass(eq=False, kw_only=True)
class TopicEntry(Entry):
    """A category of the vocabulary (thématique)."""

    category: CategoryDef
    kind: str = field(default="topic", init=False)

    @property
    def description(self) -> str:
        """What the category covers."""
        return self.category.description


@dataclass(eq=False, kw_only=True)
class TerritoryEntry(Entry):
    """A région, a département or a collectivity: `kind` is one of KIND_LABELS."""

    kind: str
    code: str
    # The official territory; None for a CCAS, a syndicat or another body (named, not coded).
    place: Place | None
    # Population of an official collectivity; None for régions, départements and others.
    population: int | None = None
    parent: TerritoryEntry | None = None
    children: list[TerritoryEntry] = field(default_factory=list)
    # Initiatives the territory only supports (partenaire ou financeur), listed apart.
    supported: list[Any] = field(default_factory=list)

    @property
    def listed(self) -> bool:
        """True when the entry has initiatives to show, carried or only supported."""
        return bool(self.articles or self.supported)

    @property
    def ancestors(self) -> list[TerritoryEntry]:
        """Parents from the top down, for breadcrumbs."""
        chain: list[TerritoryEntry] = []
        node = self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain

    @property
    def kind_label(self) -> str:
        """French label of the territory's kind."""
        return KIND_LABELS[self.kind]


@dataclass(eq=False, kw_only=True)
class MedalEntry(Entry):
    """A level of distinction, or the special distinctions (LEVEL_TITLES)."""

    level: str
    kind: str = field(default="medal", init=False)


@dataclass(eq=False, kw_only=True)
class PalmaresEntry(Entry):
    """The awards of one scheme, one year and one level."""

    scheme: Scheme
    year: int
    level: str
    kind: str = field(default="palmares", init=False)


@dataclass(eq=False, kw_only=True)
class SchemeEntry(Entry):
    """An award scheme, with its palmarès by year (latest first)."""

    scheme: Scheme
    years: list[tuple[int, list[PalmaresEntry]]] = field(default_factory=list)
    kind: str = field(default="scheme", init=False)


def build_topics(articles: list[Any], registry: Registry, settings: dict[str, Any]) -> list[TopicEntry]:
    """One entry per category of the vocabulary, in label order, with its initiatives."""
    entries = {
        key: TopicEntry(Topic(cat.label, key, settings), category=cat) for key, cat in registry.categories.items()
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

    def __init__(self, gazetteer: Gazetteer, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.gazetteer = gazetteer
        self.nodes: dict[tuple[str, str], TerritoryEntry] = {}
        for region in gazetteer.all("region"):
            self._node("region", region.code, region.name, None, region, region.name)
        for dep in gazetteer.all("departement"):
            parent = self.nodes.get(("region", dep.region)) if dep.region else None
            self._node("departement", dep.code, f"{dep.name} ({dep.code})", parent, dep, dep.name)

    def _node(
        self, kind: str, code: str, name: str, parent: TerritoryEntry | None, place: Place | None, plain_name: str
    ) -> TerritoryEntry:
        key = (kind, code)
        if key not in self.nodes:
            slug = slugify(f"{kind}-{code}-{plain_name}" if code != slugify(plain_name) else f"{kind}-{code}")
            wrapper = Territory(name, slug, self.settings)
            node = TerritoryEntry(wrapper, parent=parent, kind=kind, code=code, place=place)
            self.nodes[key] = node
            if parent is not None:
                parent.children.append(node)
        return self.nodes[key]

    def node_of(self, collectivity: Collectivity) -> TerritoryEntry:
        """The page of a collectivity (a région or département is its own node)."""
        if collectivity.kind in ("region", "departement"):
            return self.nodes[(collectivity.kind, collectivity.place.code)]
        parent = (
            self.nodes.get(("departement", collectivity.place.departement)) if collectivity.place.departement else None
        )
        if parent is None and collectivity.place.region:
            parent = self.nodes.get(("region", collectivity.place.region))
        code = collectivity.code or slugify(collectivity.name)
        place = collectivity.place if collectivity.code else None
        node = self._node(collectivity.kind, code, collectivity.name, parent, place, collectivity.name)
        node.population = collectivity.population if collectivity.is_official else None
        return node

    def add(self, article: Any) -> None:
        """File an initiative under each carrier and its ancestors; under each supporter, apart.

        Counts and lists go by carriers; a partner or a funder shows the initiative on
        its own page only, in a list of its own.
        """
        for collectivity in article.initiative.carriers:
            node = self.node_of(collectivity)
            for entry in (*node.ancestors, node):
                entry.add(article)
        for collectivity in article.initiative.supporters:
            node = self.node_of(collectivity)
            if article not in node.supported and article not in node.articles:
                node.supported.append(article)

    def breadcrumb(self, entry: TerritoryEntry, page_title: str | None = None) -> list[Crumb]:
        """Territoires › région › département › `entry`, then `page_title` if given (a fiche).

        The last crumb is the current page: it has no URL.
        """
        index = page_url(portal_setting(self.settings, "TERRITORIES_INDEX_SAVE_AS"))
        crumbs = [Crumb("Territoires", index), *(Crumb(node.name, node.url) for node in entry.ancestors)]
        if page_title is None:
            return [*crumbs, Crumb(entry.name, None)]
        return [*crumbs, Crumb(entry.name, entry.url), Crumb(page_title, None)]

    @property
    def regions(self) -> list[TerritoryEntry]:
        """Régions in name order."""
        return sorted((n for (k, _), n in self.nodes.items() if k == "region"), key=lambda n: n.name.casefold())

    @property
    def departements(self) -> list[TerritoryEntry]:
        """Départements in code order."""
        return sorted((n for (k, _), n in self.nodes.items() if k == "departement"), key=lambda n: n.code)

    def finish(self) -> None:
        """Sort everything; children of a département by name."""
        for node in self.nodes.values():
            node.articles.sort(key=sort_key)
            node.supported = sorted((a for a in node.supported if a not in node.articles), key=sort_key)
            node.children.sort(key=lambda n: (n.kind not in ("departement",), n.name.casefold()))


def build_territories(articles: list[Any], gazetteer: Gazetteer, settings: dict[str, Any]) -> TerritoryTree:
    """The territory tree with every initiative filed in it."""
    tree = TerritoryTree(gazetteer, settings)
    for article in articles:
        tree.add(article)
    tree.finish()
    return tree


def build_medals(articles: list[Any], settings: dict[str, Any]) -> tuple[list[MedalEntry], list[PalmaresEntry]]:
    """Entries per level, and per scheme × year × level (the palmarès)."""
    levels = {level: MedalEntry(Medal(title, level, settings), level=level) for level, title in LEVEL_TITLES.items()}
    palmares: dict[tuple[str, int, str], PalmaresEntry] = {}
    for article in articles:
        for award in article.initiative.awards:
            levels[award.level].add(article)
            if award.distinction:
                levels[DISTINCTION].add(article)
            key = (award.scheme.key, award.year, award.level)
            if key not in palmares:
                name = f"{award.scheme.name} {award.year} — {LEVEL_LABELS[award.level]}"
                slug = palmares_slug(award)
                palmares[key] = PalmaresEntry(
                    Palmares(name, slug, settings), scheme=award.scheme, year=award.year, level=award.level
                )
            palmares[key].add(article)
    for entry in (*levels.values(), *palmares.values()):
        entry.finish()
    ordered = sorted(
        palmares.values(),
        key=lambda e: (e.scheme.name, -e.year, level_rank(e.level)),
    )
    return list(levels.values()), ordered


def build_schemes(palmares: list[PalmaresEntry], registry: Registry, settings: dict[str, Any]) -> list[SchemeEntry]:
    """One entry per award scheme, with its palmarès grouped by year."""
    result = []
    for scheme in registry.schemes.values():
        entry = SchemeEntry(SchemePage(scheme.name, scheme.key, settings), scheme=scheme)
        by_year: dict[int, list[PalmaresEntry]] = defaultdict(list)
        for item in palmares:
            if item.scheme.key == scheme.key:
                by_year[item.year].append(item)
                for article in item.articles:
                    entry.add(article)
        entry.years = sorted(by_year.items(), key=lambda pair: pair[0], reverse=True)
        entry.finish()
        result.append(entry)
    return sorted(result, key=lambda e: e.name.casefold())
