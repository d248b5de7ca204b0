"""Issue 15 on a tiny site: reuse facts, roles, dated stage, former names, citation, locator."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from portal_core.settings import portal_path
from portal_core.validation import Checker
from portal_opendata.citation import _bibtex_value
from portal_search.documents import reuse_text
from portal_taxonomy.locator import Locator
import pytest
from support import FUNDED, REUSE_FICHE, VALID, site_settings, soup, write_files


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reuse")
    write_files(
        root, {"haies.md": REUSE_FICHE, "potager.md": FUNDED, "autre.md": VALID.replace("Un potager", "Un verger")}
    )
    Pelican(site_settings(root)).run()
    return root / "output"


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def test_stage_is_dated_by_its_source(site):
    facts = text(soup(site / "initiatives" / "haies" / "index.html").select_one(".facts"))
    assert "État En service en 2017, selon le dossier de presse du Prix TERRITORIA 2017" in facts


def test_former_region_name_is_shown_with_today_s_territory(site):
    fiche = soup(site / "initiatives" / "haies" / "index.html")
    funder = fiche.select(".collectivity")[1]
    assert text(funder).startswith("Champagne-Ardenne , aujourd'hui Grand Est Région — Financeur")
    assert funder.select_one("a")["href"].endswith("/territoires/region-44-grand-est/")


def test_reuse_section_lists_what_the_source_gives(site):
    section = soup(site / "initiatives" / "haies" / "index.html").select_one("section.reuse")
    assert text(section.select_one("h2")) == "Pour reprendre l'idée"
    terms = [text(dt) for dt in section.select("dt")]
    assert terms == [
        "Partenaires",
        "Budget ou coût",
        "Équipe",
        "Durée et étapes",
        "Clés de réussite",
        "Difficultés",
        "Essaimage",
    ]
    assert "45 000 € — plantations et suivi (2014-2016)" in text(section)
    assert soup(site / "initiatives" / "potager" / "index.html").select_one("section.reuse") is None


def test_territories_count_carriers_and_list_supported_initiatives_apart(site):
    aude = soup(site / "territoires" / "departement-11-aude" / "index.html")
    assert text(aude.select_one(".lead")).endswith("0 initiative")
    apart = aude.select_one("#partenaire-financeur").find_parent("section")
    assert [text(a) for a in apart.select(".card-title a")] == ["Un potager dans chaque école"]
    grand_est = soup(site / "territoires" / "region-44-grand-est" / "index.html")
    assert text(grand_est.select_one(".lead")).endswith("1 initiative")  # Reims carries the hedges
    supported = grand_est.select_one("#partenaire-financeur").find_parent("section")
    assert [text(a) for a in supported.select(".card-title a")] == ["Un potager dans chaque école"]
    occitanie = soup(site / "territoires" / "region-76-occitanie" / "index.html")
    assert text(occitanie.select_one(".lead")).endswith("2 initiatives")
    assert occitanie.select_one("#partenaire-financeur") is None


def test_fiche_breadcrumb_and_cards_follow_the_carrier(site):
    fiche = soup(site / "initiatives" / "potager" / "index.html")
    crumbs = [text(li) for li in fiche.select(".breadcrumb li")]
    assert crumbs[-2] == "Albi"
    card = soup(site / "territoires" / "departement-11-aude" / "index.html").select_one(".card-meta")
    assert text(card) == "Albi (Tarn)"


def test_json_ld_names_the_funder_apart(site):
    fiche = soup(site / "initiatives" / "potager" / "index.html")
    data = json.loads(fiche.select_one('script[type="application/ld+json"]').string)
    assert [c["name"] for c in data["about"]] == ["Albi"]
    assert [c["name"] for c in data["funder"]] == ["Aude"]


def test_citation_text_and_files(site):
    fiche = soup(site / "initiatives" / "haies" / "index.html")
    assert text(fiche.select_one(".citation")) == (
        "Reims. « Des haies pour les champs ». Bonnes pratiques des collectivités, fiche mise à jour le "
        "2 mars 2026. http://example.test/initiatives/haies/ (consulté le [date de consultation])."
    )
    links = {a.get_text(): a["href"] for a in fiche.select(".cite a")}
    assert links == {
        "CSL-JSON": "http://example.test/initiatives/haies/citation.json",
        "BibTeX": "http://example.test/initiatives/haies/citation.bib",
    }
    [record] = json.loads((site / "initiatives" / "haies" / "citation.json").read_text(encoding="utf-8"))
    assert (record["type"], record["title"], record["URL"]) == (
        "webpage",
        "Des haies pour les champs",
        "http://example.test/initiatives/haies/",
    )
    assert record["issued"] == {"date-parts": [[2026, 3, 2]]}
    bib = (site / "initiatives" / "haies" / "citation.bib").read_text(encoding="utf-8")
    assert bib.startswith("@misc{haies,\n  title = {{Des haies pour les champs}},\n")
    assert "  url = {http://example.test/initiatives/haies/},\n" in bib
    assert "consulté" not in bib and "accessed" not in record


def test_bibtex_escapes_special_characters():
    assert _bibtex_value("R&D à 100 % {bio} #1 a_b") == r"R\&D à 100 \% \{bio\} \#1 a\_b"


def test_locator_map_is_an_image_with_a_caption_and_no_style(site):
    figure = soup(site / "initiatives" / "haies" / "index.html").select_one("figure.locator")
    svg = figure.select_one("svg")
    assert svg["role"] == "img"
    assert svg["aria-label"] == "Carte de situation : Marne (51), région Grand Est"
    assert text(figure.select_one("figcaption")) == "Marne (51), région Grand Est"
    classes = [path["class"] for path in svg.select("path")]
    assert classes.count(["loc-here"]) == 1 and len(classes) == 10  # the 10 départements of Grand Est
    assert not figure.select("[style]")


def rows(table) -> list[list[str]]:
    return [[text(cell) for cell in tr.select("th, td")] for tr in table.select("tbody tr")]


def test_statistics_page_has_accessible_charts_each_followed_by_its_table(site):
    stats = soup(site / "chiffres" / "index.html")
    charts = stats.select("svg.chart")
    assert [text(svg.select_one("title")) for svg in charts] == [
        "Initiatives par année de distinction",
        "Initiatives par prix ou label et par niveau",
        "Initiatives par thématique",
        "Initiatives par région (collectivités porteuses)",
    ]
    for svg in charts:
        assert svg["role"] == "img"
        assert svg["aria-labelledby"].split() == [svg.title["id"], svg.desc["id"]]
        assert svg.find_next_sibling(lambda tag: tag.name == "div").select_one("table") is not None
    assert not stats.select("[style]") and not stats.select("script:not([src])")
    tables = stats.select("table.chart-table")
    assert rows(tables[0]) == [["2017", "3"]]
    assert rows(tables[1])[-1] == ["Prix TERRITORIA", "2", "1", "3"]
    # The région chart counts carriers: Grand Est carries one (Reims), Occitanie two (Albi);
    # the Aude's and Grand Est's support of Albi's potager adds nothing.
    assert rows(tables[3]) == [["Occitanie", "2"], ["Grand Est", "1"]]
    bars = charts[1].select("rect")
    assert [bar["class"] for bar in bars] == [["chart-bar", "level-or"], ["chart-bar", "level-argent"]]


def test_statistics_page_is_linked_from_every_footer_and_the_home(site):
    for path in ("index.html", "initiatives/haies/index.html"):
        links = [a["href"] for a in soup(site / path).select(".footer-links a")]
        assert "http://example.test/chiffres/" in links
    home = [a["href"] for a in soup(site / "index.html").select("main a")]
    assert "http://example.test/chiffres/" in home


def test_search_indexes_the_reuse_facts_and_the_former_names():
    report = Checker.from_settings({}).check_file("content/initiatives/haies.md", REUSE_FICHE)
    assert report.errors == []
    indexed = reuse_text(report.initiative)
    for words in ("Champagne-Ardenne", "Office français de la biodiversité", "45 000 € plantations et suivi 2014-2016",
                  "technicien rivière", "agriculteurs volontaires", "étés secs", "deux communes voisines"):  # fmt: skip
        assert words in indexed


# Column names read in betagouv/schema-projet-collectivites-transition-ecologique
# (projets-territoire/schema.json v0.1.1 and collectivites/schema.json v0.1.0).
PROJETS_COLUMNS = {
    "projets-territoire": {
        "id", "createdAt", "updatedAt", "nom", "description", "budgetPrevisionnel", "dateDebutPrevisionnelle",
        "phase", "phaseStatut", "programme", "porteurCodeSiret", "porteurReferentEmail",
        "porteurReferentTelephone", "porteurReferentPrenom", "porteurReferentNom", "porteurReferentFonction",
        "competences", "leviers", "mecId", "tetId", "recocoId", "collectiviteIds",
    },
    "collectivites": {
        "id", "nom", "type", "codeInsee", "codeDepartements", "codeRegions", "codeEpci", "siren", "createdAt",
        "updatedAt",
    },
}  # fmt: skip


def test_data_page_has_the_crosswalk_to_projets_de_collectivites(site):
    section = soup(site / "donnees" / "index.html").select_one("#correspondance").find_parent("section")
    rows = [[text(cell) for cell in tr.select("th, td")] for tr in section.select("tbody tr")]
    assert rows[2][:2] == ["reuse.budget[].amount (reuse_budget_amounts)", "budgetPrevisionnel"]
    assert rows[4][:3] == ["stage", "phase", "projets-territoire"]
    for ours, theirs, table, note in rows:
        assert {name.strip() for name in theirs.split(",")} <= PROJETS_COLUMNS[table], theirs
        assert ours and note
    link = section.select_one("p a")
    assert link["href"] == "https://schema.data.gouv.fr/betagouv/projets-territoire"


@pytest.mark.parametrize(
    ("kind", "code", "label", "shapes", "highlighted"),
    [
        ("commune", "97101", "Guadeloupe (971), région Guadeloupe", 1, 1),  # overseas: drawn on its own
        ("commune", "2A004", "Corse-du-Sud (2A), région Corse", 2, 1),
        ("region", "76", "région Occitanie", 13, 13),  # a région: all its départements
    ],
)
def test_locator_of_overseas_corsica_and_a_region(kind, code, label, shapes, highlighted):
    checker = Checker.from_settings({})
    text_ = VALID.replace("kind: commune", f"kind: {kind}").replace('code: "81004"', f'code: "{code}"')
    report = checker.check_file("content/a.md", text_)
    assert report.errors == []
    locator = Locator(checker.gazetteer, portal_path({}, "PORTAL_MAP_PACKAGE"))
    figure = BeautifulSoup(locator.render(report.initiative.carriers[0]), "html.parser")
    assert text(figure.figcaption) == label
    classes = [path["class"] for path in figure.select("path")]
    assert (len(classes), classes.count(["loc-here"])) == (shapes, highlighted)


def test_a_region_lists_a_departement_that_only_supports(site):
    occitanie = soup(site / "territoires" / "region-76-occitanie" / "index.html")
    listed = {text(li.a): text(li.select_one(".count")) for li in occitanie.select(".index-list li")}
    assert listed == {"Tarn (81)": "2 initiatives", "Aude (11)": "partenaire ou financeur de 1 initiative"}
