"""The real site, built once: reachability through each index, and internal links."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

from conftest import ROOT, site_settings, soup
from pelican import Pelican
from portal_core.validation import EMAIL_RE, PHONE_RE
import pytest

SITEURL = "http://example.test"
INDEXES = {"thematiques": "thematiques/", "territoires": "territoires/", "medailles": "medailles/"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("site") / "output"
    Pelican(site_settings(ROOT, OUTPUT_PATH=str(output), SITEURL=SITEURL)).run()
    return output


def internal_links(site: Path, page: Path) -> set[str]:
    """Internal pages a page links to, as paths relative to the site ('' = home)."""
    targets = set()
    for a in soup(page).find_all("a", href=True):
        href = a["href"]
        if not href.startswith(SITEURL):
            continue
        path = urlsplit(href).path.lstrip("/")
        targets.add(path)
    return targets


def clicks_through(site: Path, prefix: str) -> dict[str, int]:
    """Breadth-first walk from the home page, staying on one index's pages."""
    depth = {"": 0}
    queue = deque([""])
    while queue:
        current = queue.popleft()
        if current.startswith("initiatives/"):
            continue
        for target in internal_links(site, site / current / "index.html"):
            allowed = target.startswith((prefix, "initiatives/"))
            if allowed and target not in depth:
                depth[target] = depth[current] + 1
                queue.append(target)
    return depth


@pytest.mark.parametrize("index", INDEXES)
def test_every_initiative_within_three_clicks_of_home(site, index):
    depth = clicks_through(site, INDEXES[index])
    initiatives = sorted(p.parent.name for p in (site / "initiatives").glob("*/index.html"))
    too_far = [slug for slug in initiatives if depth.get(f"initiatives/{slug}/", 99) > 3]
    assert len(initiatives) > 100
    assert too_far == []


def test_no_broken_internal_link(site):
    broken = []
    for page in site.rglob("*.html"):
        for target in internal_links(site, page):
            path = site / target
            if not (path / "index.html").exists() and not path.is_file():
                broken.append((str(page.relative_to(site)), target))
    assert broken == []


def test_every_initiative_page_cites_its_source(site):
    missing = []
    for page in (site / "initiatives").glob("*/index.html"):
        source = soup(page).select_one("section.source")
        text = source.get_text(" ") if source else ""
        if not ("dossier de presse" in text or "annuaire" in text or "livret" in text or "rapport" in text):
            missing.append(page.parent.name)
    assert missing == []


def test_no_email_address_or_phone_number_on_any_page(site):
    found = []
    for page in site.rglob("*.html"):
        text = soup(page).get_text(" ")
        if EMAIL_RE.search(text) or PHONE_RE.search(text):
            found.append(str(page.relative_to(site)))
    assert found == []
