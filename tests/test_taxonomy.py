"""Indexes on a small fixture site: counts, hierarchy, map, feeds, pagination, related."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from support import VALID, page, soup

ATOM = "{http://www.w3.org/2005/Atom}"


def variant(
    title: str,
    code: str = "81004",
    kind: str = "commune",
    level: str = "or",
    extra_award: str = "",
    categories: str = "  - agriculture-alimentation\n",
    date: str = "2026-01-15",
) -> str:
    """The valid page with another title, collectivity, level and categories."""
    return page(
        **{
            'title: "Un potager dans chaque école"': f'title: "{title}"',
            "kind: commune": f"kind: {kind}",
            'code: "81004"': f'code: "{code}"',
            "level: or": f"level: {level}",
            '    category: "Aménagement / Urbanisme"\n': '    category: "Aménagement / Urbanisme"\n' + extra_award,
            "categories:\n  - agriculture-alimentation\n": "categories:\n" + categories,
            'date: "2026-01-15"': f'date: "{date}"',
        }
    )


INET_AWARD = (
    '  - scheme: inet-projet-collectif\n    year: "2020"\n    level: aucun\n    category: "Travailler autrement"\n'
)

FILES = {
    "albi-potager.md": VALID,
    "albi-cantine.md": variant(
        "Une cantine locale à Albi",
        extra_award=INET_AWARD,
        categories="  - agriculture-alimentation\n  - education-jeunesse\n",
    ),
    "castres-velo.md": variant(
        "Des vélos pour Castres",
        code="81065",
        level="argent",
        categories="  - mobilite\n",
        date="2026-02-01",
        extra_award='    distinction: "TERRITORIA d\'Excellence"\n',
    ),
    "tarn-routes.md": variant(
        "Le Tarn répare ses routes",
        code="81",
        kind="departement",
        level="bronze",
        categories="  - mobilite\n",
    ),
    "epci-albigeois.md": variant(
        "Le Grand Albigeois trie ses déchets",
        code="248100737",
        kind="epci",
        categories="  - environnement-energie\n",
    ),
    "lyon-parcs.md": variant("Des parcs à Lyon", code="69123", categories="  - environnement-energie\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from pelican import Pelican
    from support import site_settings, write_files

    root = tmp_path_factory.mktemp("taxonomy")
    write_files(root, FILES)
    Pelican(site_settings(root, DEFAULT_PAGINATION=2)).run()
    return root / "output"


def titles(html) -> list[str]:
    return [a.get_text() for a in html.select(".cards .card-title a")]


def all_pages_titles(site, first) -> list[str]:
    """Titles of a paginated list, following the page links."""
    html = soup(first)
    found = titles(html)
    for link in html.select(".pagination a:not([aria-current]):not([rel])"):
        target = site / link["href"].removeprefix("http://example.test/") / "index.html"
        found += titles(soup(target))
    return found


def test_topic_index_lists_every_category_with_its_count(site):
    html = soup(site / "thematiques" / "index.html")
    items = {li.a.get_text(): li.select_one(".count").get_text() for li in html.select(".index-list li")}
    assert items["Agriculture et alimentation"] == "2 initiatives"
    assert items["Mobilités"] == "2 initiatives"
    assert items["Sport"] == "0 initiative"


def test_topic_page_lists_its_initiatives_sorted_and_paginated(site):
    found = all_pages_titles(site, site / "thematiques" / "environnement-energie" / "index.html")
    # Same year and medal: title order.
    assert found == ["Des parcs à Lyon", "Le Grand Albigeois trie ses déchets"]
    agri = all_pages_titles(site, site / "thematiques" / "agriculture-alimentation" / "index.html")
    # The most recent award first: the cantine also has a 2020 distinction.
    assert agri == ["Une cantine locale à Albi", "Un potager dans chaque école"]
    mobility = all_pages_titles(site, site / "thematiques" / "mobilite" / "index.html")
    # Same year: argent before bronze.
    assert mobility == ["Des vélos pour Castres", "Le Tarn répare ses routes"]


def test_departement_page_lists_its_communes_epci_and_own_initiatives(site):
    page_path = next((site / "territoires").glob("departement-81-*")) / "index.html"
    found = all_pages_titles(site, page_path)
    assert sorted(found) == sorted(
        [
            "Un potager dans chaque école",
            "Une cantine locale à Albi",
            "Des vélos pour Castres",
            "Le Tarn répare ses routes",
            "Le Grand Albigeois trie ses déchets",
        ]
    )
    html = soup(page_path)
    crumbs = [li.get_text(strip=True) for li in html.select(".breadcrumb li")]
    assert crumbs == ["Accueil", "Territoires", "Occitanie", "Tarn (81)"]
    children = {li.a.get_text(): li.select_one(".count").get_text() for li in html.select(".index-list li")}
    assert children == {
        "Albi": "2 initiatives",
        "Castres": "1 initiative",
        "CA de l'Albigeois (C2A)": "1 initiative",
    }


def test_region_page_counts_everything_below(site):
    html = soup(next((site / "territoires").glob("region-76-*")) / "index.html")
    assert "5 initiatives" in html.select_one(".lead").get_text()


def test_collectivity_with_two_schemes_lists_both(site):
    html = soup(site / "territoires" / "commune-81004-albi" / "index.html")
    assert "51" in html.select_one(".lead").get_text()  # population shown
    cantine = soup(site / "initiatives" / "albi-cantine" / "index.html")
    badges = [b.get_text(" ", strip=True) for b in cantine.select(".awards .badge")]
    assert badges == ["Or · TERRITORIA 2017", "Sans médaille · INET 2020"]


def test_medal_index_counts_per_level_and_per_palmares(site):
    html = soup(site / "medailles" / "index.html")
    levels = {li.a.get_text(): li.select_one(".count").get_text() for li in html.select(".index-list li")}
    assert levels["Or"] == "4 initiatives"
    assert levels["Argent"] == "1 initiative"
    assert levels["Autres distinctions"] == "1 initiative"
    assert levels["Sans médaille (études, exemples)"] == "1 initiative"
    rows = {tr.th.a.get_text(): tr.td.get_text() for tr in html.select(".palmares-table tbody tr")}
    assert rows["Prix TERRITORIA 2017 — Or"] == "4"
    # Lists longer than a page get direct links to their later pages (here 2 per page).
    gold = html.select_one(".palmares-table tbody tr th")
    assert [a["href"] for a in gold.select(".index-pages a")] == [
        "http://example.test/medailles/territoria-2017-or/page/2/"
    ]
    assert rows["Projet collectif INET 2020 — Sans médaille"] == "1"


def test_scheme_page_shows_palmares_by_year_and_level(site):
    html = soup(site / "dispositifs" / "territoria" / "index.html")
    assert html.h1.get_text() == "Prix TERRITORIA"
    assert [h.get_text() for h in html.select("h2")] == ["Palmarès 2017"]
    assert [h.a.get_text() for h in html.select("h3")] == ["Or", "Argent", "Bronze"]


def test_map_has_one_linked_shape_per_departement_with_count_and_a_table(site):
    html = soup(site / "territoires" / "index.html")
    links = html.select(".france-map svg a")
    assert len(links) == 101  # 96 metropolitan + 5 overseas départements
    tarn = [a for a in links if a["aria-label"].startswith("Tarn (81)")]
    assert tarn[0]["aria-label"] == "Tarn (81) : 5 initiatives"
    assert tarn[0]["href"].startswith("http://example.test/territoires/departement-81-")
    assert {a["aria-label"].split(" : ")[0] for a in links} >= {
        "Guadeloupe (971)",
        "Mayotte (976)",
        "Corse-du-Sud (2A)",
    }
    table_rows = {tr.th.a.get_text(): tr.td.get_text() for tr in html.select(".territory-table tbody tr")}
    assert table_rows["Tarn (81)"] == "5"


def test_feeds_are_atom_with_the_right_entries(site):
    tree = ElementTree.parse(site / "feeds" / "thematiques" / "mobilite.atom.xml")
    assert tree.getroot().tag == f"{ATOM}feed"
    assert sorted(e.findtext(f"{ATOM}title") for e in tree.getroot().iter(f"{ATOM}entry")) == [
        "Des vélos pour Castres",
        "Le Tarn répare ses routes",
    ]
    region_feed = next((site / "feeds" / "regions").glob("region-76-*.atom.xml"))
    assert len(list(ElementTree.parse(region_feed).getroot().iter(f"{ATOM}entry"))) == 5
    gold = ElementTree.parse(site / "feeds" / "medailles" / "or.atom.xml").getroot()
    assert len(list(gold.iter(f"{ATOM}entry"))) == 4
    assert (site / "feeds" / "all.atom.xml").exists()


def test_pagination_links_resolve(site):
    checked = 0
    for html_file in site.rglob("index.html"):
        if 'class="pagination"' not in html_file.read_text(encoding="utf-8"):
            continue  # parse only the paginated lists: most territory pages are empty
        for link in soup(html_file).select(".pagination a"):
            target = site / link["href"].removeprefix("http://example.test/") / "index.html"
            assert target.exists(), (html_file, link["href"])
            checked += 1
    assert checked >= 4


def test_related_links_point_to_existing_pages(site):
    html = soup(site / "initiatives" / "albi-potager" / "index.html")
    related = [a["href"] for a in html.select(".related a")]
    assert 3 <= len(related) <= 6
    assert related[0] == "http://example.test/initiatives/albi-cantine/"  # same commune first
    for href in related:
        assert (site / href.removeprefix("http://example.test/") / "index.html").exists()


def test_home_page_has_figures_entry_points_and_latest(site):
    html = soup(site / "index.html")
    figures = [li.get_text(" ", strip=True) for li in html.select(".figures li")]
    assert figures == ["6 initiatives", "5 collectivités", "2 prix et labels", "2 années de palmarès"]
    assert len(html.select(".entry-points a")) == 4
    assert titles(html)[0] == "Des vélos pour Castres"  # the latest date first


def test_a_region_without_initiatives_gets_no_feed(build_site):
    output = build_site({"initiatives/potager.md": page()})
    assert (output / "feeds" / "regions" / "region-76-occitanie.atom.xml").is_file()
    assert not (output / "feeds" / "regions" / "region-01-guadeloupe.atom.xml").exists()
