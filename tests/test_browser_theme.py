"""The theme in a real browser: axe-core, reflow at 320 px, keyboard, no third party.

Debian's Chromium is driven by Playwright for Python (never `playwright install`); the
real site is built once per session (conftest.real_site) and served on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from pelican import Pelican
from portal_core.server import LocalServer
import pytest
from support import FUNDED, PAGE_TYPES, REUSE_FICHE, RealSite, axe_problems, page_types, site_settings, write_files

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample(real_site: RealSite) -> dict[str, str]:
    return page_types(real_site.output)


@pytest.fixture(scope="module")
def context(browser) -> Iterator:
    """One browser context for the module: cookies would show on every later page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context
    context.close()


@pytest.fixture(scope="module")
def shared_tab(context) -> Iterator:
    """One tab for the module, which records every request it makes."""
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    page.close()


@pytest.fixture
def tab(shared_tab):
    """The shared tab, back at 1280 px with an empty request log."""
    shared_tab.set_viewport_size({"width": 1280, "height": 900})
    shared_tab.requests.clear()
    return shared_tab


def keyboard_problems(tab) -> list[str]:
    """The first Tab must reach a visible skip link, and Enter must move focus to the content."""
    tab.keyboard.press("Tab")
    focused = tab.evaluate(
        """() => {
          const e = document.activeElement, box = e.getBoundingClientRect(), style = getComputedStyle(e);
          return {text: e.textContent.trim(), href: e.getAttribute('href'), left: box.left, top: box.top,
                  outline: style.outlineStyle};
        }"""
    )
    problems = []
    if (focused["text"], focused["href"]) != ("Aller au contenu", "#contenu"):
        problems.append(f"la première tabulation atteint {focused}")
    if focused["left"] < 0 or focused["top"] < 0:
        problems.append("le lien d'évitement reste hors de l'écran")
    if focused["outline"] == "none":
        problems.append("focus invisible sur le lien d'évitement")
    tab.keyboard.press("Enter")
    if tab.evaluate("() => document.activeElement.id") != "contenu":
        problems.append("Entrée sur le lien d'évitement ne mène pas au contenu")
    return problems


def reflow_problems(tab) -> list[str]:
    """At 320 CSS px wide (RGAA 10.11), the page must not scroll sideways."""
    tab.set_viewport_size({"width": 320, "height": 640})
    scroll, client, culprits = tab.evaluate(
        """() => {
          const root = document.documentElement;
          const culprits = [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1
                           && !e.closest('.table-scroll, .visually-hidden, .skip-link'))
            .slice(0, 5).map((e) => e.tagName + '.' + e.className);
          return [root.scrollWidth, root.clientWidth, culprits];
        }"""
    )
    return [f"défilement horizontal à 320 px : {scroll} > {client} ({culprits})"] if scroll > client else []


def privacy_problems(tab, siteurl: str) -> list[str]:
    """No request to another host, no cookie."""
    host = urlsplit(siteurl).netloc
    problems = [f"requête vers un autre site : {url}" for url in tab.requests if urlsplit(url).netloc != host]
    if tab.context.cookies() or tab.evaluate("() => document.cookie"):
        problems.append(f"cookie : {tab.context.cookies()}")
    return problems


def test_the_sample_covers_every_page_type(sample):
    assert list(sample) == PAGE_TYPES


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_is_accessible_reflows_and_stays_private(tab, real_site, sample, axe_source, kind):
    """One load per page type: keyboard, then axe at 1280 px, then reflow at 320 px, then privacy."""
    tab.goto(real_site.url(sample[kind]), wait_until="load")
    problems = {
        "clavier": keyboard_problems(tab),
        "axe": axe_problems(tab, axe_source),
        "320 px": reflow_problems(tab),
        "vie privée": privacy_problems(tab, real_site.siteurl),
    }
    print(f"{kind} ({sample[kind]}): " + ", ".join(f"{name} {len(found)}" for name, found in problems.items()))
    found = {name: items for name, items in problems.items() if items}
    assert not found, f"{sample[kind]}\n" + "\n".join(f"[{n}] {item}" for n, items in found.items() for item in items)


# Issue 15 on a tiny site: the fiche with every new section (roles, former name, dated
# stage, reuse facts, locator, citation) and a territory listing supported initiatives.
REUSE_PAGES = {
    "fiche-reprise": "initiatives/haies/",
    "territoire-financeur": "territoires/departement-11-aude/",
    "chiffres-petit-site": "chiffres/",
}


@pytest.fixture(scope="module")
def reuse_site(tmp_path_factory) -> Iterator[RealSite]:
    root = tmp_path_factory.mktemp("reuse-browser")
    output = root / "output"
    output.mkdir()
    server = LocalServer(output).start()
    write_files(root, {"haies.md": REUSE_FICHE, "potager.md": FUNDED})
    Pelican(site_settings(root, SITEURL=server.url)).run()
    yield RealSite(output, server.url)
    server.stop()


@pytest.mark.parametrize("kind", list(REUSE_PAGES))
def test_new_sections_are_accessible_at_1280_and_320_px(tab, reuse_site, axe_source, kind):
    tab.goto(reuse_site.url(REUSE_PAGES[kind]), wait_until="load")
    problems = {
        "clavier": keyboard_problems(tab),
        "axe 1280 px": axe_problems(tab, axe_source),
        "320 px": reflow_problems(tab),
        "axe 320 px": axe_problems(tab, axe_source),
    }
    found = {name: items for name, items in problems.items() if items}
    assert not found, "\n".join(f"[{n}] {item}" for n, items in found.items() for item in items)


def test_print_view_keeps_the_fiche_and_drops_the_navigation(tab, reuse_site, axe_source, tmp_path):
    """Chromium's print emulation: no navigation, the reuse section kept, links written out."""
    tab.goto(reuse_site.url(REUSE_PAGES["fiche-reprise"]), wait_until="load")
    tab.emulate_media(media="print")
    try:
        shown = tab.evaluate(
            """() => Object.fromEntries(
                 ['.site-nav', '.site-search', '.site-footer', '.breadcrumb', '.locator', '.reuse', '.citation', 'h1']
                 .map((s) => [s, getComputedStyle(document.querySelector(s)).display !== 'none']))"""
        )
        written = tab.evaluate("""() => getComputedStyle(document.querySelector('.facts a'), '::after').content""")
        problems = axe_problems(tab, axe_source)
        tab.screenshot(path=str(tmp_path / "impression.png"), full_page=True)
    finally:
        tab.emulate_media(media="screen")
    assert shown == {
        ".site-nav": False, ".site-search": False, ".site-footer": False, ".breadcrumb": False,
        ".locator": False, ".reuse": True, ".citation": True, "h1": True,
    }  # fmt: skip
    assert written == f'" ({reuse_site.siteurl}/thematiques/agriculture-alimentation/)"'
    assert problems == []
    assert (tmp_path / "impression.png").stat().st_size > 10_000
