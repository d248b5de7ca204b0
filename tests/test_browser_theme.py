"""The theme in a real browser: axe-core, reflow at 320 px, keyboard, no third party.

Debian's Chromium is driven by Playwright for Python (never `playwright install`); the
real site is built once per session (conftest.real_site) and served on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from support import PAGE_TYPES, RealSite, axe_problems, page_types
import pytest

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
