"""The real site, built once: reachability, links, metadata, privacy and legal pages."""

from __future__ import annotations

from collections import deque
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from portal_core.validation import EMAIL_RE, PHONE_RE
import pytest
from support import DATA_BLOCK_TYPES, TEST_REPOSITORY, RealSite, content_slugs

INDEXES = {"thematiques": "thematiques/", "territoires": "territoires/", "medailles": "medailles/"}
LEGAL = {"mentions-legales/": "Mentions légales", "accessibilite/": "Accessibilité", "donnees-personnelles/": "Données"}
# Elements whose URL the browser loads by itself, without a click.
LOADED = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "video": "src",
          "audio": "src", "embed": "src", "object": "data", "track": "src"}  # fmt: skip
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def site(real_site: RealSite) -> Path:
    return real_site.output


@pytest.fixture(scope="module")
def siteurl(real_site: RealSite) -> str:
    return real_site.siteurl


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of the site, parsed once, by path relative to the output."""
    return {
        page.relative_to(site).as_posix(): BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for page in sorted(site.rglob("*.html"))
    }


def is_redirect(html: BeautifulSoup) -> bool:
    return html.find("meta", attrs={"http-equiv": "refresh"}) is not None


def internal_links(html: BeautifulSoup, siteurl: str) -> set[str]:
    """Internal pages a page links to, as paths relative to the site ('' = home)."""
    targets = set()
    for a in html.find_all("a", href=True):
        href = a["href"]
        if not href.startswith(siteurl):
            continue
        path = urlsplit(href).path.lstrip("/")
        targets.add(path)
    return targets


def clicks_through(pages: dict[str, BeautifulSoup], siteurl: str, prefix: str) -> dict[str, int]:
    """Breadth-first walk from the home page, staying on one index's pages."""
    depth = {"": 0}
    queue = deque([""])
    while queue:
        current = queue.popleft()
        if current.startswith("initiatives/"):
            continue
        for target in internal_links(pages[f"{current}index.html"], siteurl):
            allowed = target.startswith((prefix, "initiatives/"))
            if allowed and target not in depth:
                depth[target] = depth[current] + 1
                queue.append(target)
    return depth


@pytest.mark.parametrize("index", INDEXES)
def test_every_initiative_within_three_clicks_of_home(site, pages, siteurl, index):
    depth = clicks_through(pages, siteurl, INDEXES[index])
    slugs = content_slugs()
    assert all((site / "initiatives" / slug / "index.html").is_file() for slug in slugs)
    too_far = [slug for slug in slugs if depth.get(f"initiatives/{slug}/", 99) > 3]
    assert too_far == []


def test_no_broken_internal_link(site, pages, siteurl):
    broken = []
    for name, html in pages.items():
        for target in internal_links(html, siteurl):
            path = site / target
            if not (path / "index.html").exists() and not path.is_file():
                broken.append((name, target))
    assert broken == []


def test_every_initiative_page_cites_its_source(pages):
    missing = []
    for name, html in pages.items():
        if not name.startswith("initiatives/") or is_redirect(html):
            continue
        source = html.select_one("section.source")
        text = source.get_text(" ") if source else ""
        if not ("dossier de presse" in text or "annuaire" in text or "livret" in text or "rapport" in text):
            missing.append(name)
    assert missing == []


def test_no_email_address_or_phone_number_on_any_page(pages):
    found = [
        name
        for name, html in pages.items()
        if EMAIL_RE.search(html.get_text(" ")) or PHONE_RE.search(html.get_text(" "))
    ]
    assert found == []


# Privacy: no cookie, nothing loaded from another site ---------------------------------


def test_no_page_loads_a_third_party_resource(pages, siteurl):
    """Every URL the browser fetches by itself (scripts, styles, images, frames…) is on the site."""
    outside = []
    for name, html in pages.items():
        base = urljoin(f"{siteurl}/", name)
        for tag, attr in LOADED.items():
            for element in html.find_all(tag, attrs={attr: True}):
                url = urljoin(base, element[attr])
                if not url.startswith(f"{siteurl}/"):
                    outside.append((name, tag, element[attr]))
        for element in html.find_all(srcset=True):
            outside += [(name, "srcset", element["srcset"])]
        for element in html.find_all(style=True):
            if "url(" in element["style"]:
                outside.append((name, "style", element["style"]))
    assert outside == []


def test_no_page_sets_a_cookie_or_inline_script(pages, site):
    """No Set-Cookie meta, no inline script except JSON data blocks, no script that mentions cookies."""
    found = []
    for name, html in pages.items():
        if html.find("meta", attrs={"http-equiv": lambda v: v and v.lower() == "set-cookie"}):
            found.append((name, "meta set-cookie"))
        for script in html.find_all("script", src=False):
            if script.get("type") not in DATA_BLOCK_TYPES:
                found.append((name, "inline script"))
    found += [(str(p.relative_to(site)), "cookie") for p in site.rglob("*.js") if "cookie" in p.read_text("utf-8")]
    assert found == []


def test_stylesheet_imports_nothing_from_elsewhere(site):
    css = (site / "theme" / "css" / "portail.css").read_text(encoding="utf-8")
    assert "@import" not in css
    assert "url(" not in css.replace("url(#", "")


# Metadata ------------------------------------------------------------------------------


def content_pages(pages: dict[str, BeautifulSoup]) -> dict[str, BeautifulSoup]:
    """Pages other than the 404 page and the redirects of renamed fiches."""
    return {name: html for name, html in pages.items() if name != "404.html" and not is_redirect(html)}


def test_every_page_has_a_title_description_and_open_graph_tags(pages, siteurl):
    problems = []
    for name, html in content_pages(pages).items():
        url = f"{siteurl}/{name.removesuffix('index.html')}"
        meta = {m.get("property") or m.get("name"): m.get("content", "") for m in html.find_all("meta")}
        canonical = html.find("link", rel="canonical")
        checks = {
            "title": bool(html.title and html.title.string and html.title.string.strip()),
            "description": len(meta.get("description", "").strip()) >= 20,
            "canonical": canonical is not None and canonical["href"] == url,
            "og:url": meta.get("og:url") == url,
            "og:title": bool(meta.get("og:title", "").strip()),
            "og:description": meta.get("og:description") == meta.get("description"),
            "og:type": meta.get("og:type") in ("website", "article"),
            "og:locale": meta.get("og:locale") == "fr_FR",
            "og:site_name": bool(meta.get("og:site_name")),
        }
        problems += [(name, check) for check, ok in checks.items() if not ok]
    assert problems == []


def test_titles_are_unique_except_pagination(pages):
    seen: dict[str, str] = {}
    duplicates = []
    for name, html in content_pages(pages).items():
        if "/page/" in name:
            continue
        title = html.title.string.strip()
        if title in seen:
            duplicates.append((seen[title], name))
        seen[title] = name
    assert duplicates == []


def test_fiche_metadata_comes_from_the_initiative(pages, siteurl):
    html = pages["initiatives/valenciennes-garage-solidaire-du-hainaut/index.html"]
    summary = html.select_one(".fiche .lead").get_text().replace("\u00a0", " ")
    assert html.find("meta", attrs={"name": "description"})["content"] == summary
    assert html.find("meta", property="og:type")["content"] == "article"
    assert html.find("meta", property="og:title")["content"] == "Garage Solidaire du Hainaut"
    assert html.title.string == "Garage Solidaire du Hainaut — Bonnes pratiques des collectivités"


def test_every_fiche_has_json_ld_that_parses(pages, siteurl):
    fiches = {n: h for n, h in content_pages(pages).items() if n.startswith("initiatives/")}
    assert sorted(fiches) == [f"initiatives/{slug}/index.html" for slug in content_slugs()]
    for name, html in fiches.items():
        [script] = html.find_all("script", type="application/ld+json")
        data = json.loads(script.string)
        assert data["@type"] == "Article", name
        assert data["url"] == f"{siteurl}/{name.removesuffix('index.html')}"
        assert data["name"] == html.h1.get_text().replace("\u00a0", " ")
        assert data["award"] and data["spatialCoverage"] and data["about"], name


def test_sitemap_lists_every_page_but_the_404_and_redirects(pages, site, siteurl):
    root = ET.parse(site / "sitemap.xml").getroot()
    listed = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    expected = [f"{siteurl}/{name.removesuffix('index.html')}" for name in content_pages(pages)]
    assert sorted(listed) == sorted(expected)
    assert f"{siteurl}/404.html" not in listed
    assert len(listed) == len(set(listed))


def test_robots_txt_points_at_the_sitemap(site, siteurl):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {siteurl}/sitemap.xml" in lines


# Legal pages and the fiche's links -----------------------------------------------------


def test_every_page_links_to_the_legal_pages(pages, siteurl):
    missing = []
    for name, html in content_pages(pages).items():
        footer = html.select_one("footer")
        hrefs = {a["href"] for a in footer.find_all("a", href=True)} if footer else set()
        missing += [(name, path) for path in LEGAL if f"{siteurl}/{path}" not in hrefs]
    missing += [("404.html", p) for p in LEGAL if not pages["404.html"].select_one(f'footer a[href="{siteurl}/{p}"]')]
    assert missing == []


def test_home_page_states_the_accessibility_status(pages, siteurl):
    link = pages["index.html"].find("a", string=lambda s: s and s.startswith("Accessibilité :"))
    assert link is not None
    assert link["href"] == f"{siteurl}/accessibilite/"
    assert link.get_text() == "Accessibilité : non conforme"
    statement = pages["accessibilite/index.html"].select_one("main").get_text(" ")
    assert "est non conforme avec le RGAA version 4.1" in " ".join(statement.split())
    assert "Défenseur des droits" in statement


def test_contact_links_point_at_the_repository_issues(pages):
    for name in ("mentions-legales/index.html", "accessibilite/index.html", "donnees-personnelles/index.html"):
        hrefs = [a["href"] for a in pages[name].select("main a[href]")]
        assert f"{TEST_REPOSITORY}/issues" in hrefs, name


def test_every_fiche_links_to_its_source_file_for_corrections(pages):
    missing = []
    for name, html in content_pages(pages).items():
        if not name.startswith("initiatives/"):
            continue
        slug = name.split("/")[1]
        link = html.find("a", string="Suggérer une correction de cette fiche")
        if link is None or link["href"] != f"{TEST_REPOSITORY}/edit/main/content/initiatives/{slug}.md":
            missing.append(name)
    assert missing == []


def test_404_page_links_are_absolute_and_it_is_not_indexed(pages, siteurl):
    html = pages["404.html"]
    assert html.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert html.find("link", rel="canonical") is None
    relative = [a["href"] for a in html.find_all("a", href=True) if not a["href"].startswith(("http", "#"))]
    assert relative == []
    assert html.select_one("main form[role=search]")["action"] == f"{siteurl}/recherche/"
    hrefs = {a["href"] for a in html.select("main a[href]")}
    assert {f"{siteurl}/{p}" for p in ("thematiques/", "territoires/", "medailles/", "dispositifs/")} <= hrefs
