"""Typed index entries and the territory breadcrumb, built from checked initiatives (no site build)."""

from __future__ import annotations

from types import SimpleNamespace

from portal_core.settings import DEFAULTS, portal_path
from portal_core.territories import load_gazetteer
from portal_core.validation import Checker
from portal_core.vocabulary import LEVEL_TITLES
from portal_taxonomy.index import Crumb, MedalEntry, PalmaresEntry, build_medals, build_territories
from support import VALID, page

SETTINGS = dict(DEFAULTS)
# The same initiative carried by the CCAS of Albi: a body named in the content, not coded.
OFFICIAL = '  - kind: commune\n    code: "81004"'
BODY = '  - kind: ccas\n    name: "CCAS d\'Albi"\n    within:\n      kind: commune\n      code: "81004"'
CCAS = page(**{OFFICIAL: BODY})


def articles(*texts: str) -> list[SimpleNamespace]:
    """Pelican-like articles: what the index builders read (title, slug, initiative)."""
    reports = Checker.from_settings({}).check_all([(f"content/{i}.md", text) for i, text in enumerate(texts)])
    assert [r.errors for r in reports] == [[] for _ in texts]
    return [SimpleNamespace(title=r.initiative.title, slug=r.initiative.slug, initiative=r.initiative) for r in reports]


def test_medal_and_palmares_entries_carry_their_level_scheme_and_year():
    levels, palmares = build_medals(articles(VALID), SETTINGS)
    assert [entry.level for entry in levels] == list(LEVEL_TITLES)
    assert all(isinstance(entry, MedalEntry) and entry.kind == "medal" for entry in levels)
    [entry] = palmares
    assert isinstance(entry, PalmaresEntry)
    assert (entry.kind, entry.scheme.key, entry.year, entry.level, entry.count) == (
        "palmares",
        "territoria",
        2017,
        "or",
        1,
    )
    assert entry.name == "Prix TERRITORIA 2017 — Or"


def test_territory_entries_know_their_kind_population_and_breadcrumb():
    [official, ccas] = articles(VALID, CCAS)
    tree = build_territories([official, ccas], load_gazetteer(portal_path({}, "PORTAL_GEO_DATA")), SETTINGS)
    albi = tree.node_of(official.initiative.collectivities[0])
    assert (albi.kind, albi.kind_label, albi.code) == ("commune", "Commune", "81004")
    assert albi.population and albi.population > 40_000
    body = tree.node_of(ccas.initiative.collectivities[0])
    assert (body.kind_label, body.population, body.place) == ("Centre communal d'action sociale (CCAS)", None, None)
    assert [node.kind for node in albi.ancestors] == ["region", "departement"]
    crumbs = tree.breadcrumb(albi, "Une fiche")
    assert crumbs[0] == Crumb("Territoires", "territoires/")
    assert [c.label for c in crumbs[1:]] == ["Occitanie", "Tarn (81)", "Albi", "Une fiche"]
    assert crumbs[-2].url == albi.url and crumbs[-1].url is None
    assert tree.breadcrumb(albi)[-1] == Crumb("Albi", None)
