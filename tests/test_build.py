"""A valid file builds a page whose territory comes from the official codes."""

from __future__ import annotations

from support import VALID, page, soup


def test_valid_file_builds_a_page_with_derived_territory(build_site):
    output = build_site({"initiatives/potager.md": VALID})
    html = soup(output / "initiatives" / "potager" / "index.html")
    assert html.h1.get_text() == "Un potager dans chaque école"
    collectivity = html.select_one(".collectivity")
    assert collectivity.select_one(".collectivity-name").get_text() == "Albi"
    assert " ".join(collectivity.select_one(".territory").get_text().split()) == "Occitanie › Tarn (81)"
    assert "habitants" in collectivity.select_one(".population").get_text()
    assert html.select_one(".badge").get_text(" ", strip=True) == "Or · TERRITORIA 2017"


def test_epci_by_siren_gets_its_departement_and_region(build_site):
    text = page(**{"kind: commune": "kind: epci", 'code: "81004"': 'code: "200046977"'})
    html = soup(build_site({"a.md": text}) / "initiatives" / "a" / "index.html")
    assert html.select_one(".collectivity-name").get_text() == "Métropole de Lyon"
    assert " ".join(html.select_one(".territory").get_text().split()) == "Auvergne-Rhône-Alpes › Rhône (69)"


def test_municipal_arrondissement_and_overseas_departement(build_site):
    text = page(
        **{
            "kind: commune": "kind: arrondissement",
            'code: "81004"': 'code: "75105"\n  - kind: departement\n    code: "971"',
        }
    )
    html = soup(build_site({"a.md": text}) / "initiatives" / "a" / "index.html")
    names = [n.get_text() for n in html.select(".collectivity-name")]
    assert names == ["Paris 5e Arrondissement", "Guadeloupe"]
    territories = [" ".join(t.get_text().split()) for t in html.select(".territory")]
    assert territories == ["Île-de-France › Paris (75)", "Guadeloupe"]


def test_ccas_is_named_and_placed_within_its_commune(build_site):
    text = page(
        **{
            "kind: commune": "kind: ccas",
            'code: "81004"': 'name: "CCAS de Nancy"\n    within:\n      kind: commune\n      code: "54395"',
        }
    )
    html = soup(build_site({"a.md": text}) / "initiatives" / "a" / "index.html")
    assert html.select_one(".collectivity-name").get_text() == "CCAS de Nancy"
    assert " ".join(html.select_one(".territory").get_text().split()) == "Grand Est › Meurthe-et-Moselle (54) › Nancy"


def test_filename_links_between_pages_resolve(build_site):
    other = page(**{'title: "Un potager dans chaque école"': 'title: "Une cantine locale"'})
    linking = VALID + "\nVoir aussi [la cantine]({filename}cantine.md).\n"
    output = build_site({"potager.md": linking, "cantine.md": other})
    link = soup(output / "initiatives" / "potager" / "index.html").find("a", string="la cantine")
    assert link["href"] == "http://example.test/initiatives/cantine/"


def test_markup_in_the_body_is_neutralised(build_site):
    body = (
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[lien](javascript:alert(3)) et <a href='JaVaScRiPt:alert(4)'>autre</a>\n\n"
        "<iframe src='https://example.org'></iframe>\n"
    )
    output = build_site({"a.md": VALID + body})
    # The page's own scripts (JSON-LD, search) are not part of the body.
    html = soup(output / "initiatives" / "a" / "index.html").select_one("section[aria-labelledby=description]")
    assert html.find_all(["script", "iframe", "img"]) == []
    hrefs = [a.get("href", "") for a in html.find_all("a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript")]
    assert not [tag for tag in html.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]


def test_no_draft_and_no_pelican_taxonomy_pages(build_site):
    output = build_site({"a.md": VALID})
    written = {str(p.relative_to(output)).split("/")[0] for p in output.rglob("*.html")}
    assert written == {
        "404.html",
        "index.html",
        "initiatives",
        "thematiques",
        "territoires",
        "medailles",
        "dispositifs",
        "donnees",
        "chiffres",
        "recherche",
        "mentions-legales",
        "accessibilite",
        "donnees-personnelles",
        "proposer",
    }


def test_pages_are_french_and_escape_text(build_site):
    output = build_site({"a.md": VALID})
    html = soup(output / "index.html")
    assert html.html["lang"] == "fr"
    assert html.select_one(".card-title a")["href"] == "http://example.test/initiatives/a/"
