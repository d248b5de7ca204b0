"""Search index: the build side of the French pipeline, the files shipped to the browser,
the synonym list, and the command line (which runs the browser's engine under Node).

The query engine itself is tested by Node (tests/js/, run by test_search_node.py).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
import subprocess
import sys

from bs4 import BeautifulSoup
from portal_core.errors import InvalidContentError
from portal_search.__main__ import query
from portal_search.french import analyse, run_node
from portal_search.generator import inline_json
from portal_search.synonyms import load_synonyms
import pytest
from support import ROOT, page

NODE_MODULES = ROOT / "node_modules"


def terms(*texts: str) -> list[list[str]]:
    return analyse(NODE_MODULES, texts).terms


def cards(folder: Path) -> list[dict]:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    store = meta["store"]
    chunks = -(-meta["count"] // store["size"])
    return [
        card
        for number in range(chunks)
        for card in json.loads((folder / f"{store['dir']}{number}.json").read_text(encoding="utf-8"))
    ]


def found(output: Path, text: str, limit: int = 10) -> list[str]:
    """Titles the engine returns, through the command line's Node script."""
    answer = json.loads(query(output / "recherche" / "index", text, limit))
    return [item["title"] for item in answer["items"]]


# ---- the pipeline ----


def test_analyser_folds_splits_drops_stop_words_and_plurals():
    # Folding, elisions and hyphens, one-letter tokens, stop words, plural « s » and « x ».
    assert terms("L'École d'Aix-en-Provence, 3 vélos") == [["ecol", "aix", "provenc", "velo"]]
    assert terms("Cœur ŒUVRE") == [["coeur", "oeuvr"]]
    assert terms("La biodiversité des clubs") == [["biodiversit", "club"]]
    velos, velo, upper = terms("vélos", "vélo", "VELOS")
    assert velos == velo == upper
    lieux, lieu, bus, prix = terms("lieux", "lieu", "bus", "prix")
    assert lieux == lieu and bus == ["bus"] and prix == ["prix"]


def test_a_node_failure_names_the_script_and_its_message(tmp_path):
    script = tmp_path / "casse.js"
    script.write_text('process.stdout.write("[]\\n"); process.stderr.write("boum"); process.exit(2);', encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"^casse\.js : échec de Node : boum$"):
        list(run_node(script, NODE_MODULES, {}))


def test_analysis_returns_folded_stop_words():
    stop = analyse(NODE_MODULES, []).stop_words
    assert "de" in stop and "ete" in stop and "été" not in stop and stop == sorted(stop)


def test_a_stem_shorter_than_a_key_is_still_found(real_site):
    # « tiers » is stemmed to « ti »: its term lives in the shard of « ti », not of « tie ».
    assert terms("tiers") == [["ti"]]
    titles = found(real_site.output, "tiers")
    assert titles and any("tiers-lieu" in title.casefold() for title in titles), titles


# ---- the synonym list ----


def test_the_synonym_list_is_reviewed_data_with_reasons():
    groups = load_synonyms(ROOT / "data")
    assert len(groups) >= 60
    assert all(len(g.phrases) >= 2 and g.reason for g in groups)
    assert any({"cantine", "restauration scolaire"} <= set(g.phrases) for g in groups)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- mots: [vélo]\n  pourquoi: x\n", ":1: mots: il faut une liste d'au moins deux mots ou expressions"),
        ("- mots: [vélo, cyclable]\n", ":1: pourquoi: une justification d'une ligne est obligatoire"),
        (
            "- mots: [vélo, cyclable]\n  pourquoi: x\n  poids: 2\n",
            ":1: poids: champ inconnu (champs permis : mots, pourquoi)",
        ),
        (
            "- mots: [a, b]\n  pourquoi: x\n- mots: [vélo, vélo]\n  pourquoi: x\n",
            ":3: mots: un mot ou une expression est répété",
        ),
        ("mots: [a, b]\n", ":1: synonymes: le fichier doit être une liste de groupes"),
    ],
)
def test_synonym_list_errors_name_the_line_and_field(tmp_path, text, message):
    (tmp_path / "synonyms.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidContentError) as error:
        load_synonyms(tmp_path)
    assert str(error.value).endswith(str(tmp_path / "synonyms.yaml") + message)


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
    leads = [f"{meta['leads']['dir']}{n}.json" for n in range(len(meta["shards"]["firsts"]))]
    cards = [f"{meta['store']['dir']}{n}.json" for n in range(-(-meta["count"] // meta["store"]["size"]))]
    named = [meta["docs"], meta["titles"], meta["vocabulary"], *shards, *leads, *cards]
    folders = (meta["shards"]["dir"], meta["leads"]["dir"], meta["store"]["dir"])
    for name in (meta["docs"], meta["titles"], meta["vocabulary"], *folders):
        assert len(name.rstrip("/").removesuffix(".json").rsplit("-", 1)[1]) == 10, name
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.json"))
    assert written == sorted([*named, "meta.json"])
    vendor = tiny_site / "theme" / "vendor" / "lunr"
    bundle = (vendor / "lunr-fr.min.js").read_text(encoding="utf-8")
    parts = ("lunr/lunr.min.js", "lunr-languages/min/lunr.stemmer.support.min.js", "lunr-languages/min/lunr.fr.min.js")
    positions = [bundle.index((NODE_MODULES / part).read_text(encoding="utf-8")) for part in parts]
    assert positions == sorted(positions)
    assert (vendor / "LICENSE").is_file() and (vendor / "LICENSE-lunr-languages").is_file()


def test_the_search_page_carries_meta_json_in_itself(tiny_site):
    html = (tiny_site / "recherche" / "index.html").read_text(encoding="utf-8")
    element = BeautifulSoup(html, "html.parser").find("script", id="recherche-meta")
    assert element is not None and element["type"] == "application/json"
    meta = (tiny_site / "recherche" / "index" / "meta.json").read_text(encoding="utf-8")
    assert json.loads(element.string) == json.loads(meta)


def test_inline_json_can_never_close_its_script_element():
    data = {"mot": "</script><script>alert(1)</script><!-- & -->", "é": ["<b>"]}
    inline = str(inline_json(json.dumps(data, ensure_ascii=False).encode("utf-8")))
    assert "<" not in inline and ">" not in inline and "&" not in inline
    assert json.loads(inline) == data


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
    cards_ = cards(folder)
    # Same year: or before bronze, then titles.
    assert [c["t"] for c in cards_] == [
        "Des vélos pour les écoliers",
        "Un potager dans chaque école",
        "Cybersécurité des services municipaux",
    ]
    assert cards_[0]["u"] == "initiatives/velo/" and cards_[2]["b"] == "Bronze · TERRITORIA 2017"
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
    assert facets["taille"] == [["50000-200000", "De 50 000 à 200 000 habitants"]]  # Albi


def test_meta_carries_analysed_synonyms_and_the_vocabulary_file(tiny_site):
    folder = tiny_site / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert ["cantin"] in next(g for g in meta["synonyms"] if ["cantin"] in g)
    assert any(["restaur", "scolair"] in g and ["cantin"] in g for g in meta["synonyms"])
    vocabulary = json.loads((folder / meta["vocabulary"]).read_text(encoding="utf-8"))
    assert vocabulary == sorted(vocabulary) and {"velo", "cybersecurit", "potag"} <= set(vocabulary)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("velo", ["Des vélos pour les écoliers"]),
        ("cyebrsecurite", ["Cybersécurité des services municipaux"]),  # a typo in the first letters
        # One initiative has both words; fewer than a handful: those with one word follow.
        ("potager ecole", ["Un potager dans chaque école", "Des vélos pour les écoliers"]),
        ("xylophone", []),
    ],
)
def test_command_line_runs_the_browser_engine(tiny_site, query, expected):
    assert found(tiny_site, query) == expected


def test_a_short_page_with_the_word_in_its_title_comes_first(tiny_site):
    # « école » is in the potager page's title; the others only have longer words for it.
    assert found(tiny_site, "ecole")[0] == "Un potager dans chaque école"


def test_command_line_prints_partial_matches_and_unknown_words(tiny_site):
    run = subprocess.run(
        [sys.executable, "-m", "portal_search", str(tiny_site / "recherche" / "index"), "potager xylophone"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = run.stdout.splitlines()
    assert lines[0] == "1 résultat(s) pour « potager xylophone », dont 1 avec une partie des mots"
    assert lines[1] == "aucun résultat pour « xylophone »"
    assert "~ Un potager dans chaque école  (initiatives/potager/)" in lines[2]


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
