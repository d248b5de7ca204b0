"""Theme on tiny sites: metadata, JSON-LD, sitemap, legal pages, the fiche's facts."""

from __future__ import annotations

import json

from pelican import Pelican
from portal_core.paths import page_url
from portal_theme.filters import fr_typo
from portal_theme.metadata import json_script, site_address
from portal_theme.sitemap import indexable_pages, robots_txt, sitemap_xml
import pytest
from support import VALID, page, soup

# json_script: the only way values reach a <script> -----------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "</script><script>alert(1)</script>",
        "<!-- <script> & -->",
        'Le « quiz » de l\'école "primaire" & les parents',
        "ligne\u2028séparée\u2029",
        {"nested": ["</SCRIPT>", {"k": "a&b"}]},
    ],
)
def test_json_script_cannot_close_the_element_and_reads_back(value):
    text = str(json_script(value))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == value


def test_json_script_is_markup_so_autoescape_keeps_quotes():
    assert str(json_script({"a": '"'})) == '{"a":"\\""}'
    assert hasattr(json_script("x"), "__html__")


# Addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("siteurl", "feed_domain", "expected"),
    [
        ("https://exemple.github.io/portail", "https://autre", "https://exemple.github.io/portail"),
        ("https://exemple.github.io/portail/", "", "https://exemple.github.io/portail"),
        ("", "http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("/sous-chemin", "http://127.0.0.1:8000", "http://127.0.0.1:8000/sous-chemin"),
    ],
)
def test_site_address_is_absolute(siteurl, feed_domain, expected):
    assert site_address({"SITEURL": siteurl, "FEED_DOMAIN": feed_domain}) == expected


def test_fr_typo_keeps_punctuation_with_its_word():
    assert fr_typo("Manger bien : pourquoi ? « Oui » ; non !") == (
        "Manger bien\u00a0: pourquoi\u00a0? «\u00a0Oui\u00a0»\u00a0; non\u00a0!"
    )
    assert fr_typo("https://a.b/c?d") == "https://a.b/c?d"


def test_page_url_drops_index_html():
    assert page_url("initiatives/a/index.html") == "initiatives/a/"
    assert page_url("index.html") == ""
    assert page_url("404.html") == "404.html"


# Sitemap and robots.txt ------------------------------------------------------------------


def test_sitemap_skips_noindex_pages_and_escapes_urls(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<head><title>A</title></head>", encoding="utf-8")
    (tmp_path / "404.html").write_text('<head><meta name="robots" content="noindex"></head>', encoding="utf-8")
    (tmp_path / "index.html").write_text("<head></head><body>noindex in the body is fine</body>", encoding="utf-8")
    paths = indexable_pages(tmp_path)
    assert paths == ["", "a/"]
    xml = sitemap_xml("https://x.test/p&q", paths)
    assert "<loc>https://x.test/p&amp;q/a/</loc>" in xml
    assert robots_txt("https://x.test/p").endswith("Sitemap: https://x.test/p/sitemap.xml\n")


# Built pages ----------------------------------------------------------------------------------

TRICKY = 'title: "Le « quiz » de l\'école \\"Jules Ferry\\" : sciences & jardins"'


def test_fiche_json_ld_round_trips_a_tricky_title(build_site):
    text = page(**{'title: "Un potager dans chaque école"': TRICKY})
    html = soup(build_site({"a.md": text}) / "initiatives" / "a" / "index.html")
    [script] = html.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    title = 'Le « quiz » de l\'école "Jules Ferry" : sciences & jardins'
    assert data["name"] == data["headline"] == title
    # The page's h1 keeps French no-break spaces before « : » and inside « ».
    assert html.h1.get_text() == title.replace(" :", "\u00a0:").replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    assert data["url"] == "http://example.test/initiatives/a/"
    assert data["award"] == ["Prix TERRITORIA 2017 : Or, catégorie « Aménagement / Urbanisme »"]
    assert data["spatialCoverage"] == [
        {
            "@type": "AdministrativeArea",
            "name": "Albi",
            "identifier": "81004",
            "containedInPlace": {
                "@type": "AdministrativeArea",
                "name": "Tarn",
                "identifier": "81",
                "containedInPlace": {"@type": "AdministrativeArea", "name": "Occitanie", "identifier": "76"},
            },
        }
    ]
    assert data["keywords"] == ["Agriculture et alimentation"]
    assert data["datePublished"] == "2026-01-15"
    assert html.find("meta", property="og:title")["content"] == title


def test_canonical_urls_use_the_development_server_when_siteurl_is_empty(build_site):
    output = build_site({"a.md": VALID}, SITEURL="")
    html = soup(output / "initiatives" / "a" / "index.html")
    assert html.find("link", rel="canonical")["href"] == "http://127.0.0.1:8000/initiatives/a/"
    assert html.find("link", rel="stylesheet")["href"] == "/theme/css/portail.css"
    assert "<loc>http://127.0.0.1:8000/initiatives/a/</loc>" in (output / "sitemap.xml").read_text()


def test_legal_pages_are_written_and_linked_from_the_footer(build_site):
    output = build_site({"a.md": VALID})
    for path in ("mentions-legales", "accessibilite", "donnees-personnelles"):
        html = soup(output / path / "index.html")
        assert html.h1 is not None
        assert html.select_one(f'footer a[href="http://example.test/{path}/"]')["aria-current"] == "page"
    home = soup(output / "index.html")
    assert home.select_one('footer a[href="http://example.test/accessibilite/"]').get_text() == (
        "Accessibilité : non conforme"
    )


def test_without_a_repository_no_correction_link_and_no_empty_contact_link(build_site):
    output = build_site({"a.md": VALID})
    fiche = soup(output / "initiatives" / "a" / "index.html")
    assert fiche.find("a", string="Suggérer une correction de cette fiche") is None
    for path in ("mentions-legales", "accessibilite", "donnees-personnelles", "404.html"):
        html = soup(output / path / "index.html" if "." not in path else output / path)
        assert [a for a in html.find_all("a") if not a.get("href")] == []


def test_publisher_contact_and_status_come_from_settings(build_site):
    output = build_site(
        {"a.md": VALID},
        PORTAL_PUBLISHER="Association Exemple",
        PORTAL_PUBLICATION_DIRECTOR="Camille Martin, présidente",
        PORTAL_CONTACT_URL="https://exemple.test/contact",
        PORTAL_ACCESSIBILITY_STATUS="partiellement conforme",
        PORTAL_ACCESSIBILITY_DATE="2027-03-01",
    )
    legal = soup(output / "mentions-legales" / "index.html").select_one("main").get_text(" ")
    assert "Éditeur du portail Bonnes pratiques des collectivités : Association Exemple." in legal
    assert "Responsable de la publication : Camille Martin, présidente" in legal
    statement = soup(output / "accessibilite" / "index.html")
    assert "Établie le 1er mars 2027." in statement.get_text()
    assert "Aucun audit" not in statement.get_text()
    assert statement.select_one('main a[href="https://exemple.test/contact"]') is not None
    home = soup(output / "index.html")
    assert home.find("a", string="Accessibilité : partiellement conforme") is not None


def test_an_unknown_accessibility_status_stops_the_build(tmp_path):
    from support import site_settings, write_files

    write_files(tmp_path, {"a.md": VALID})
    with pytest.raises(ValueError, match="PORTAL_ACCESSIBILITY_STATUS"):
        Pelican(site_settings(tmp_path, PORTAL_ACCESSIBILITY_STATUS="conforme"))


def test_fiche_shows_population_and_linked_territories(build_site):
    html = soup(build_site({"a.md": VALID}) / "initiatives" / "a" / "index.html")
    collectivity = html.select_one(".collectivity")
    assert collectivity.select_one(".collectivity-kind").get_text() == "Commune"
    assert [a.get_text() for a in collectivity.select(".territory a")] == ["Occitanie", "Tarn (81)"]
    assert collectivity.select_one(".population").get_text().endswith(" habitants")


def test_fiche_of_another_body_shows_the_population_of_its_territory(build_site):
    text = page(
        **{
            "kind: commune": "kind: autre",
            'code: "81004"': 'name: "Garage solidaire"\n    within:\n      kind: commune\n      code: "81004"',
        }
    )
    html = soup(build_site({"a.md": text}) / "initiatives" / "a" / "index.html")
    population = html.select_one(".population").get_text()
    assert population.startswith("Territoire de rattachement : Albi, ")
    assert population.endswith(" habitants")


# Level written in the fiche → the badge's words (one site holds the four fiches).
BADGES = {
    "or": "Or",
    "argent": "Argent",
    "bronze": "Bronze",
    "inconnu\n    candidates: [or, argent]": "Or ou Argent",
}


def test_level_badges_say_the_level_in_words(build_site):
    files = {f"n{i}.md": page(**{"level: or": f"level: {level}"}) for i, level in enumerate(BADGES)}
    output = build_site(files)
    for i, label in enumerate(BADGES.values()):
        html = soup(output / "initiatives" / f"n{i}" / "index.html")
        badge = html.select_one(".awards .badge")
        assert badge.select_one(".badge-level").get_text() == label
        assert "TERRITORIA 2017" in badge.get_text()
        awards = html.select_one(".awards li").get_text().replace("\u00a0", " ")
        assert "catégorie « Aménagement / Urbanisme »" in awards


def test_fiche_has_its_facts(build_site):
    extra = "\n".join(
        [
            "key_figures:",
            "  - label: Écoles équipées",
            '    value: "12"',
            "dates:",
            '  start: "2015"',
            "stage: en-service",
            "source:",
        ]
    )
    text = page(**{"source:": extra})
    html = soup(build_site({"a.md": text}) / "initiatives" / "a" / "index.html")
    fiche = html.select_one("article.fiche")
    assert fiche.h1.get_text() == "Un potager dans chaque école"
    assert fiche.select_one(".lead").get_text().startswith("La commune installe un potager")
    assert [dt.get_text() for dt in fiche.select(".key-figures dt")] == ["Écoles équipées"]
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in fiche.select(".facts dt")}
    assert facts == {
        "Thématique": "Agriculture et alimentation",
        "État": "En service en 2017, selon le dossier de presse du Prix TERRITORIA 2017",
        "Période": "Depuis 2015",
    }
    assert "Fiche publiée le 15 janvier 2026." in " ".join(fiche.get_text(" ").split())
    assert "Prix TERRITORIA 2017 — dossier de presse" in fiche.select_one("section.source").get_text()
    crumbs = [li.get_text() for li in html.select(".breadcrumb li")]
    assert crumbs == ["Accueil", "Territoires", "Occitanie", "Tarn (81)", "Albi", "Un potager dans chaque école"]
    links = [a["href"].removeprefix("http://example.test/") for a in html.select(".breadcrumb a")]
    assert links[:2] == ["", "territoires/"]
    kinds = [link.split("-")[0] for link in links[2:]]
    assert kinds == ["territoires/region", "territoires/departement", "territoires/commune"]
    assert html.select_one(".breadcrumb [aria-current=page]").get_text() == "Un potager dans chaque école"
