"""The production build served under a sub-path, as GitHub Pages serves a fork's project site.

publishconf.py builds the real content as the deploy workflow does in a fork: GITHUB_REPOSITORY
names the fork, PORTAL_SITEURL=http://127.0.0.1:<port>/sous-chemin stands for the address
actions/configure-pages gives; the output goes to <tmp>/www/sous-chemin and a local server
serves <tmp>/www. Every link and asset of every page, resolved against the page's address as
a browser does, must answer 200, and the GitHub links must point at the fork.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
import sys
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings
from portal_core.server import LocalServer
import pytest
from support import ROOT, RealSite, link_problems, page_address, report

pytestmark = pytest.mark.gate

SUBPATH = "sous-chemin"
FORK = "contributrice/portail-fork"
# Attributes holding a URL the browser follows or loads (data-* ones are read by the search script).
URL_ATTRIBUTES = ("href", "src", "action", "data-search-index", "data-index")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> Iterator[RealSite]:
    """The production build of the real content, served under /sous-chemin/."""
    www = tmp_path_factory.mktemp("www")
    output = www / SUBPATH
    server = LocalServer(www).start()
    siteurl = f"{server.url}/{SUBPATH}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_SITEURL", siteurl)
        patch.setenv("GITHUB_REPOSITORY", FORK)
        # publishconf.py imports pelicanconf: a copy loaded earlier would hold another environment.
        patch.delitem(sys.modules, "pelicanconf", raising=False)
        settings = read_settings(
            str(ROOT / "publishconf.py"), override={"PATH": str(ROOT / "content"), "OUTPUT_PATH": str(output)}
        )
    assert settings["SITEURL"] == siteurl
    assert settings["PORTAL_REPOSITORY_URL"] == f"https://github.com/{FORK}"
    Pelican(settings).run()
    yield RealSite(output, siteurl)
    server.stop()


def references(site: RealSite) -> dict[str, set[str]]:
    """Every same-host URL referenced by a page, resolved, without fragment: {url: pages}."""
    host = urlsplit(site.siteurl).netloc
    found: dict[str, set[str]] = {}
    for page in sorted(site.output.rglob("*.html")):
        base = page_address(site, page)
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in html.find_all(True):
            for attribute in URL_ATTRIBUTES:
                value = element.get(attribute)
                if value is None or value.startswith(("mailto:", "tel:", "javascript:")):
                    continue
                url = urldefrag(urljoin(base, value)).url
                if urlsplit(url).netloc == host:
                    found.setdefault(url, set()).add(base)
    return found


def status(url: str) -> int:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status
    except HTTPError as error:
        return error.code


def test_every_link_and_asset_resolves_under_the_sub_path(subpath_site):
    found = references(subpath_site)
    assert len(found) > 400
    outside = sorted(url for url in found if not url.startswith(f"{subpath_site.siteurl}/"))
    assert outside == [], "liens vers la racine du serveur au lieu du sous-chemin"
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = dict(zip(found, pool.map(status, found), strict=True))
    broken = sorted((url, sorted(found[url])[:2]) for url, code in codes.items() if code != 200)
    assert broken == []


def test_every_internal_link_and_anchor_resolves_under_the_sub_path(subpath_site):
    checked, problems = link_problems(subpath_site)
    report("Liens (sous-chemin)", f"{len(problems)} cassé(s) sur {checked} liens internes et ancres")
    assert checked > 10000
    assert problems == []


def test_pages_served_under_the_sub_path_load_their_stylesheet(subpath_site):
    home = BeautifulSoup(urlopen(subpath_site.url()).read().decode("utf-8"), "html.parser")
    stylesheet = home.find("link", rel="stylesheet")["href"]
    assert stylesheet == f"{subpath_site.siteurl}/theme/css/portail.css"
    assert status(stylesheet) == 200


def test_404_page_links_work_from_any_depth(subpath_site):
    """GitHub Pages serves 404.html for a missing address at any depth: its links must be absolute."""
    html = BeautifulSoup((subpath_site.output / "404.html").read_text(encoding="utf-8"), "html.parser")
    deep = f"{subpath_site.siteurl}/un/chemin/qui/n-existe/pas/"
    for element in html.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if value and not value.startswith("#"):
                url = urldefrag(urljoin(deep, value)).url
                if urlsplit(url).netloc == urlsplit(deep).netloc:
                    assert status(url) == 200, (attribute, value)


def test_feeds_sitemap_and_robots_use_the_sub_path(subpath_site):
    site = subpath_site
    locations = [loc.text for loc in ET.parse(site.output / "sitemap.xml").getroot().iter() if loc.tag.endswith("loc")]
    assert locations and all(url.startswith(f"{site.siteurl}/") for url in locations)
    assert status(locations[-1]) == 200
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site.siteurl}/sitemap.xml" in robots
    feeds = sorted((site.output / "feeds").rglob("*.xml"))
    assert len(feeds) > 10
    for feed in feeds:
        links = [link.get("href") for link in ET.parse(feed).getroot().iter(f"{ATOM}link")]
        assert links and all(href.startswith(f"{site.siteurl}/") for href in links), feed.name
    entry_links = [
        link.get("href") for link in ET.parse(site.output / "feeds" / "all.atom.xml").getroot().iter(f"{ATOM}link")
    ]
    assert all(status(url) == 200 for url in entry_links[:20])


def test_github_links_point_at_the_fork(subpath_site):
    repository = f"https://github.com/{FORK}"
    page = subpath_site.output / "proposer" / "index.html"
    proposer = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    github = sorted(a["href"] for a in proposer.select("main a") if "github.com" in a["href"])
    assert len(github) == 3 and all(href.startswith(f"{repository}/") for href in github)
    fiche = next((subpath_site.output / "initiatives").glob("*/index.html"))
    html = BeautifulSoup(fiche.read_text(encoding="utf-8"), "html.parser")
    edit = html.find("a", string="Suggérer une correction de cette fiche")["href"]
    assert edit == f"{repository}/edit/main/content/initiatives/{fiche.parent.name}.md"
    assert (ROOT / "content" / "initiatives" / f"{fiche.parent.name}.md").exists()


def test_without_portal_siteurl_a_fork_publishes_at_its_pages_address(monkeypatch, tmp_path):
    monkeypatch.delitem(sys.modules, "pelicanconf", raising=False)
    monkeypatch.delenv("PORTAL_SITEURL", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "Contributrice/portail-fork")
    settings = read_settings(str(ROOT / "publishconf.py"), override={"PATH": str(tmp_path)})
    assert settings["SITEURL"] == "https://contributrice.github.io/portail-fork"
    assert settings["FEED_DOMAIN"] == settings["SITEURL"]
