"""The « Proposer une initiative » page and the GitHub links built from the repository setting."""

from __future__ import annotations

import sys
from urllib.parse import parse_qs, urlsplit

from pelican.settings import read_settings
from portal_core.frontmatter import parse
from portal_core.validation import Checker
from portal_theme.contributing import EDITOR_FILENAME
from support import ROOT, TEST_REPOSITORY, VALID, soup

PAGE = "proposer/index.html"


def links(html) -> dict[str, str]:
    return {a.get_text(" ", strip=True): a["href"] for a in html.select("main a")}


def test_the_page_links_the_three_ways_in_for_the_configured_repository(build_site):
    output = build_site({"a.md": VALID}, PORTAL_REPOSITORY_URL=TEST_REPOSITORY, PORTAL_REPOSITORY_BRANCH="principale")
    found = links(soup(output / PAGE))
    assert found["Ouvrir le formulaire « Proposer une initiative »"] == (
        f"{TEST_REPOSITORY}/issues/new?template=proposer-une-initiative.yml"
    )
    assert (
        found["Lire le guide du contributeur (CONTRIBUTING.md)"] == f"{TEST_REPOSITORY}/blob/principale/CONTRIBUTING.md"
    )
    editor = urlsplit(found["Créer une fiche dans l'éditeur de GitHub"])
    assert f"{editor.scheme}://{editor.netloc}{editor.path}" == f"{TEST_REPOSITORY}/new/principale/content/initiatives"
    query = parse_qs(editor.query)
    assert query["filename"] == [EDITOR_FILENAME]
    template = (ROOT / "data" / "initiative-template.md").read_text(encoding="utf-8")
    assert query["value"][0].split("\n")[-3:] == template.split("\n")[-3:]


def test_the_prefilled_file_parses_and_every_placeholder_is_reported(build_site):
    output = build_site({"a.md": VALID}, PORTAL_REPOSITORY_URL=TEST_REPOSITORY)
    editor = links(soup(output / PAGE))["Créer une fiche dans l'éditeur de GitHub"]
    value = parse_qs(urlsplit(editor).query)["value"][0]
    parse("content/initiatives/x.md", value)  # valid YAML: the contributor only replaces values
    report = Checker.from_settings({}).check_file(f"content/initiatives/{EDITOR_FILENAME}", value)
    # The schema stops at the first layer of placeholders; the rules report the rest once fixed.
    assert {error.field for error in report.errors} == {"date", "collectivities[0].code", "awards[0].year"}


def test_without_a_repository_the_page_has_no_github_link_and_says_why(build_site):
    output = build_site({"a.md": VALID})
    html = soup(output / PAGE)
    assert [href for href in links(html).values() if "github.com" in href] == []
    assert "PORTAL_REPOSITORY_URL" in html.main.get_text()
    assert html.h1.get_text() == "Proposer une initiative"


def test_every_page_links_to_the_proposer_page_from_its_footer(build_site):
    output = build_site({"a.md": VALID})
    for page in ("index.html", "initiatives/a/index.html", "mentions-legales/index.html", "404.html"):
        link = soup(output / page).select_one('footer a[href="http://example.test/proposer/"]')
        assert link is not None and link.get_text() == "Proposer une initiative", page
    assert soup(output / PAGE).select_one('footer a[href="http://example.test/proposer/"]')["aria-current"] == "page"


def test_on_github_actions_the_repository_comes_from_github_repository(monkeypatch, tmp_path):
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)  # publishconf.py imports it
    monkeypatch.setenv("GITHUB_REPOSITORY", "contributrice/portail")
    monkeypatch.setenv("PORTAL_SITEURL", "https://contributrice.github.io/portail")
    for conf in ("pelicanconf.py", "publishconf.py"):
        settings = read_settings(str(ROOT / conf), override={"PATH": str(tmp_path)})
        assert settings["PORTAL_REPOSITORY_URL"] == "https://github.com/contributrice/portail", conf
        assert settings["PORTAL_REPOSITORY_BRANCH"] == "main"


def test_locally_no_repository_is_assumed(monkeypatch, tmp_path):
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path)})
    assert settings["PORTAL_REPOSITORY_URL"] == ""
