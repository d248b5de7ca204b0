"""Atom feeds of the real content, in a development build (SITEURL "") and a production build.

Every feed parses without a bozo flag, has its own absolute id (its address), absolute
links, a title of its own, an `updated` date taken from its entries, at least one entry,
and is announced by a <link rel="alternate"> on the page it follows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from pelican import Pelican
from pelican.settings import read_settings
import pytest
from support import ROOT, RealSite, html_pages, report, site_settings, soup

pytestmark = pytest.mark.gate

SITENAME = "Bonnes pratiques des collectivités"
DEV_ADDRESS = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory) -> Iterator[RealSite]:
    """The real content built with the development settings: SITEURL is "", feeds use FEED_DOMAIN."""
    output = tmp_path_factory.mktemp("dev") / "output"
    Pelican(site_settings(ROOT, OUTPUT_PATH=str(output), SITEURL="")).run()
    yield RealSite(output, DEV_ADDRESS)


@pytest.fixture(scope="module")
def production_site(tmp_path_factory) -> Iterator[RealSite]:
    """The real content built with publishconf.py, as `PORTAL_SITEURL=… invoke publish` does."""
    output = tmp_path_factory.mktemp("prod") / "output"
    siteurl = "https://exemple.github.io/portail"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_SITEURL", siteurl)
        settings = read_settings(str(ROOT / "publishconf.py"), override={"OUTPUT_PATH": str(output)})
    Pelican(settings).run()
    yield RealSite(output, siteurl)


@pytest.fixture(params=["développement", "production"])
def built(request) -> tuple[str, RealSite]:
    fixture = "dev_site" if request.param == "développement" else "production_site"
    return request.param, request.getfixturevalue(fixture)


def feed_files(output: Path) -> list[Path]:
    return sorted((output / "feeds").rglob("*.atom.xml"))


def to_file(site: RealSite, url: str) -> Path:
    """The output file of an absolute or root-relative address of the site."""
    path = urlsplit(url).path.removeprefix(urlsplit(site.siteurl).path).lstrip("/")
    return site.output / (path + "index.html" if not path or path.endswith("/") else path)


def announced_feeds(site: RealSite) -> dict[Path, set[Path]]:
    """{feed file: pages announcing it} from every page's <link rel="alternate" type="application/atom+xml">."""
    found: dict[Path, set[Path]] = {}
    for page in html_pages(site.output):
        for link in soup(page).find_all("link", rel="alternate", type="application/atom+xml"):
            found.setdefault(to_file(site, link["href"]), set()).add(page)
    return found


def feed_problems(site: RealSite, path: Path, announced: dict[Path, set[Path]]) -> list[str]:
    parsed = feedparser.parse(path.read_bytes())
    feed, entries = parsed.feed, parsed.entries
    problems = []
    if parsed.bozo:
        problems.append(f"mal formé : {parsed.bozo_exception}")
    own_address = f"{site.siteurl}/{path.relative_to(site.output).as_posix()}"
    if feed.get("id") != own_address:
        problems.append(f"id {feed.get('id')!r} au lieu de son adresse {own_address!r}")
    links = [link["href"] for link in feed.get("links", [])] + [e.get("link", "") for e in entries]
    relative = [href for href in links if not href.startswith(f"{site.siteurl}/")]
    if relative:
        problems.append(f"liens non absolus : {relative[:3]}")
    if feed.get("title", "").count(SITENAME) != 1:
        problems.append(f"titre {feed.get('title')!r}")
    if not entries:
        problems.append("aucune entrée")
    elif feed.get("updated_parsed") != max(e.updated_parsed for e in entries):
        problems.append(f"updated {feed.get('updated')} ne vient pas des entrées")
    bad_ids = [e.id for e in entries if not e.id.startswith("tag:") or e.id.startswith("tag:None")]
    if bad_ids or len({e.id for e in entries}) != len(entries):
        problems.append(f"ids d'entrées : {bad_ids[:3]}")
    follows = to_file(site, feed.get("link", ""))
    if follows not in announced.get(path, set()):
        problems.append(f"pas annoncé par la page qu'il suit ({feed.get('link')})")
    return problems


def test_every_feed_is_well_formed_and_its_own(built):
    kind, site = built
    feeds = feed_files(site.output)
    announced = announced_feeds(site)
    problems = {p.relative_to(site.output).as_posix(): feed_problems(site, p, announced) for p in feeds}
    failing = {name: found for name, found in problems.items() if found}
    titles = [feedparser.parse(p.read_bytes()).feed.title for p in feeds]
    ids = [feedparser.parse(p.read_bytes()).feed.id for p in feeds]
    report(f"Flux Atom ({kind})", f"{len(feeds) - len(failing)}/{len(feeds)} conformes, {len(set(ids))} ids distincts")
    assert len(feeds) > 30
    assert failing == {}
    assert len(set(titles)) == len(titles) and len(set(ids)) == len(ids)


def test_nothing_announces_a_missing_feed_and_empty_groups_get_none(built):
    _, site = built
    announced = announced_feeds(site)
    missing = sorted(str(p.relative_to(site.output)) for p in announced if not p.exists())
    assert missing == []
    assert set(announced) == set(feed_files(site.output))
    # A région with no initiative has a page (the territory index lists every région) but no feed.
    empty_regions = [
        page.parent.name
        for page in (site.output / "territoires").glob("region-*/index.html")
        if not soup(page).select(".card")
    ]
    assert empty_regions
    for region in empty_regions:
        assert not (site.output / "feeds" / "regions" / f"{region}.atom.xml").exists()


def test_the_feed_check_finds_what_pelican_used_to_write(tmp_path):
    """The feeds of the old build (shared id, relative links, repeated site name, clock date) fail the check."""
    feed = tmp_path / "feeds" / "regions" / "region-03-guyane.atom.xml"
    feed.parent.mkdir(parents=True)
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{SITENAME} - {SITENAME} — Région : Guyane</title>"
        '<link href="/" rel="alternate"/><id>/</id><updated>2026-12-01T21:40:31+00:00</updated>'
        '<entry><title>T</title><link href="/initiatives/t/" rel="alternate"/>'
        "<updated>2026-11-22T00:00:00+01:00</updated><id>tag:None,2026-11-22:/initiatives/t/</id></entry></feed>",
        encoding="utf-8",
    )
    problems = feed_problems(RealSite(tmp_path, DEV_ADDRESS), feed, {})
    assert [p.split(" ")[0] for p in problems] == ["id", "liens", "titre", "updated", "ids", "pas"]
