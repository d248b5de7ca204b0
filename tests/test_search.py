"""Search index: the French pipeline, the files shipped to the browser, the Python engine.

The engine (plugins/portal_search/engine.py) queries the shipped files with lunr.py the
way the browser does with lunr.js; tests/test_search_browser.py checks that both agree.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from portal_search.engine import SearchIndex, word_specs
from portal_search.french import Analyzer, fold, singular, words
import pytest
from support import ROOT, page

NODE_MODULES = ROOT / "node_modules"


def card_titles(output: Path, ranked) -> list[str]:
    cards = SearchIndex(output / "recherche" / "index", NODE_MODULES).cards()
    return [cards[doc]["t"] for doc, _ in ranked]


# ---- the pipeline ----


def test_fold_drops_accents_case_and_ligatures():
    assert fold("École ŒUVRE Cœur Île-de-France") == "ecole oeuvre coeur ile-de-france"


def test_words_split_on_elisions_hyphens_and_drop_single_letters():
    assert words("L'école d'Aix-en-Provence, 3 vélos") == ["ecole", "aix", "en", "provence", "velos"]


def test_singular_drops_plural_s_only():
    assert [singular(w) for w in ("velos", "bus", "ecoles", "classe", "progres")] == [
        "velo",
        "bus",
        "ecole",
        "classe",
        "progre",
    ]


def test_analyzer_keeps_letters_stock_lunr_py_would_trim_and_drops_stop_words():
    analyzer = Analyzer(NODE_MODULES)
    assert analyzer.terms("La biodiversité des clubs") == ["biodiversit", "club"]
    assert analyzer.terms("vélos") == analyzer.terms("vélo") == analyzer.terms("VELOS")
    assert analyzer.terms("cantines") == analyzer.terms("cantine")
    assert "de" in analyzer.stop_words and "ete" in analyzer.stop_words


def test_singular_drops_x_after_au_and_eu():
    words_ = ("lieux", "jeux", "reseaux", "prix", "eux")
    assert [singular(w) for w in words_] == ["lieu", "jeu", "reseau", "prix", "eux"]


def test_word_specs_prefix_only_for_the_word_being_typed():
    stop = frozenset({"de", "des", "la"})
    specs = word_specs("cantine des", stop, lambda w: w[:5])
    assert [s["word"] for s in specs] == ["cantine", "des"]
    assert not any(c.get("wildcard") for c in specs[0]["clauses"])
    # A stop word being typed is only a prefix (it may be the start of « désherbage »).
    assert specs[1]["clauses"] == [{"term": "des", "boost": 3, "wildcard": True}]
    # Once a space follows, it is a stop word again; two letters are never a prefix.
    assert [s["word"] for s in word_specs("cantine des ", stop, lambda w: w[:5])] == ["cantine"]
    assert [s["word"] for s in word_specs("cantine de", stop, lambda w: w[:5])] == ["cantine"]
    assert word_specs("l' ", stop, lambda w: w) == []


def test_a_stem_shorter_than_a_key_is_still_found(tmp_path):
    # « tiers » is stemmed to « ti »: its term lives in the shard of « ti », not of « tie ».
    analyzer = Analyzer(NODE_MODULES)
    assert analyzer.terms("tiers") == ["ti"]


# ---- the files ----

POTAGER = "Un potager dans chaque école"
POTAGER_SUMMARY = "installe un potager dans chaque école et forme les enfants au jardinage"
POTAGER_BODY = "Les enfants cultivent des légumes qu'ils mangent ensuite à la cantine."
PAGES = {
    "velo.md": page()
    .replace(POTAGER, "Des vélos pour les écoliers")
    .replace(POTAGER_SUMMARY, "prête des vélos aux collégiens")
    .replace(POTAGER_BODY, "Les vélos sont réparés par un club."),
    "potager.md": page().replace(POTAGER_BODY, POTAGER_BODY + " Le jardin est un tiers-lieu."),
    "cyber.md": page()
    .replace(POTAGER, "Cybersécurité des services municipaux")
    .replace(POTAGER_SUMMARY, "forme ses agents à la cybersécurité")
    .replace(POTAGER_BODY, "La biodiversité numérique.")
    .replace("level: or", "level: bronze"),
}


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    from pelican import Pelican
    from support import site_settings, write_files

    root = tmp_path_factory.mktemp("recherche")
    write_files(root, PAGES)
    Pelican(site_settings(root)).run()
    return root / "output"


def test_index_files_are_written_with_hashed_names(tiny_site):
    folder = tiny_site / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["count"] == 3
    assert meta["fields"] == ["titre", "collectivite", "thematiques", "territoire", "resume", "texte"]
    shards = [f"{meta['shards']['dir']}{n}.json" for n in range(len(meta["shards"]["firsts"]))]
    cards = [f"{meta['store']['dir']}{n}.json" for n in range(-(-meta["count"] // meta["store"]["size"]))]
    named = [meta["docs"], meta["titles"], *shards, *cards]
    for name in (meta["docs"], meta["titles"], meta["shards"]["dir"], meta["store"]["dir"]):
        assert len(name.rstrip("/").removesuffix(".json").rsplit("-", 1)[1]) == 10, name
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.json"))
    assert written == sorted([*named, "meta.json"])
    for library in ("lunr.min.js", "lunr.stemmer.support.min.js", "lunr.fr.min.js"):
        assert (tiny_site / "theme" / "vendor" / "lunr" / library).is_file()


def shard_files(folder: Path, meta: dict):
    for number, first in enumerate(meta["shards"]["firsts"]):
        yield first, json.loads((folder / f"{meta['shards']['dir']}{number}.json").read_text(encoding="utf-8"))


def test_shards_are_sorted_and_never_split_a_key(tiny_site):
    folder = tiny_site / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    firsts = meta["shards"]["firsts"]
    assert firsts == sorted(firsts)
    keys_seen: dict[str, str] = {}
    all_terms = set()
    for first, entries in shard_files(folder, meta):
        terms = [entry[0] for entry in entries]
        assert terms == sorted(terms) and terms[0][:3] == first
        for term in terms:
            assert keys_seen.setdefault(term[:3], first) == first
        all_terms.update(terms)
    assert {"velo", "biodiversit", "cybersecurit", "club"} <= all_terms


def test_refs_are_numbers_and_cards_follow_listing_order(tiny_site):
    folder = tiny_site / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    cards = SearchIndex(folder, NODE_MODULES).cards()
    # Same year: or before bronze, then titles.
    assert [c["t"] for c in cards] == [
        "Des vélos pour les écoliers",
        "Un potager dans chaque école",
        "Cybersécurité des services municipaux",
    ]
    assert cards[0]["u"] == "initiatives/velo/" and cards[2]["b"] == "Bronze · TERRITORIA 2017"
    for _, entries in shard_files(folder, meta):
        for _term, _index, *columns in entries:
            assert all(isinstance(x, int) for column in columns for x in column)
    ranks = json.loads((folder / meta["titles"]).read_text(encoding="utf-8"))
    assert ranks == [1, 2, 0]
    docs = json.loads((folder / meta["docs"]).read_text(encoding="utf-8"))
    assert docs["years"] == [2017, 2017, 2017]
    medals = [f["key"] for f in meta["facets"]].index("medaille")
    assert docs["facets"][medals] == [0, 0, 1]


def test_facets_list_values_with_labels(tiny_site):
    meta = json.loads((tiny_site / "recherche" / "index" / "meta.json").read_text(encoding="utf-8"))
    facets = {f["key"]: f["values"] for f in meta["facets"]}
    assert facets["medaille"] == [["or", "Or"], ["bronze", "Bronze"]]
    assert facets["annee"] == [["2017", "2017"]]
    assert facets["departement"] == [["81", "Tarn (81)"]]
    assert facets["type"] == [["commune", "Commune"]]


@pytest.fixture(scope="module")
def tiny_engine(tiny_site):
    return SearchIndex(tiny_site / "recherche" / "index", NODE_MODULES)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("velo", ["Des vélos pour les écoliers"]),
        ("VÉLOS", ["Des vélos pour les écoliers"]),
        ("cybersecurite", ["Cybersécurité des services municipaux"]),
        ("cyberscurite", ["Cybersécurité des services municipaux"]),  # one letter missing
        ("cybersecuritee", ["Cybersécurité des services municipaux"]),  # one letter too many
        ("club", ["Des vélos pour les écoliers"]),
        ("biodiversité", ["Cybersécurité des services municipaux"]),
        ("potager ecole", ["Un potager dans chaque école"]),
        ("potager velo", []),
        ("tiers-lieux", ["Un potager dans chaque école"]),
        ("tiers lieu", ["Un potager dans chaque école"]),
        ("xylophone", []),
    ],
)
def test_engine_matches_french_queries(tiny_site, tiny_engine, query, expected):
    assert card_titles(tiny_site, tiny_engine.rank(query)) == expected


def test_title_outranks_body(tiny_site, tiny_engine):
    # "école" is in the title of the potager page, only in the body of the others.
    assert card_titles(tiny_site, tiny_engine.rank("ecole"))[0] == "Un potager dans chaque école"


def test_results_never_vanish_while_a_word_is_typed(tiny_site, tiny_engine):
    typed = ("cybersecurite", "biodiversite", "potager", "velos")
    tiny_engine.prepare(w[:n] for w in typed for n in range(3, len(w) + 1))
    for word in typed:
        final = {doc for doc, _ in tiny_engine.rank(word)}
        assert final
        for length in range(3, len(word) + 1):
            found = {doc for doc, _ in tiny_engine.rank(word[:length])}
            assert final <= found, (word, word[:length])


# ---- the real site ----


@pytest.fixture(scope="module")
def real_index(real_site):
    index = SearchIndex(real_site.output / "recherche" / "index", NODE_MODULES)
    index.prepare(GOLDEN)
    return index


GOLDEN = {
    # query → a title expected in the first five results
    "cybersecurite": "Cybersécuriser le territoire",
    "velo": "Récup'velos en liberté",
    "biodiversite": "Politique de soutien à la biodiversité",
    "participation citoyenne": "La participation citoyenne",
    "reboisement": "Les journées de reboisement",
    "colline": "Les journées de reboisement",
    "bouclier cyber": "Bouclier cyber64",
}


@pytest.mark.parametrize("query", GOLDEN)
def test_real_site_golden_queries(real_site, real_index, query):
    top = card_titles(real_site.output, real_index.rank(query)[:5])
    assert any(title.startswith(GOLDEN[query]) for title in top), top


def test_real_site_index_stays_small(real_site):
    folder = real_site.output / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    first = [folder / "meta.json", folder / meta["docs"]]
    gzipped = sum(len(gzip.compress(p.read_bytes(), 9)) for p in first)
    largest_shard = max(len(gzip.compress(entries_bytes, 9)) for entries_bytes in _shard_bytes(folder, meta))
    assert gzipped < 12_000 and largest_shard < 12_000


def _shard_bytes(folder, meta):
    for number in range(len(meta["shards"]["firsts"])):
        yield (folder / f"{meta['shards']['dir']}{number}.json").read_bytes()
