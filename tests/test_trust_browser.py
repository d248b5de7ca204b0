"""Gates in Chromium with the Content-Security-Policy enforced: CSP violations, axe-core on phones
and at 200 % text, keyboard-only use of the search, the map and the pagination, and generated
search queries (Hypothesis) typed into the real search page.

The search is driven through its page only (type into the box, read the DOM), never through
the engine's internals.
"""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings, strategies as st
from portal_core.server import LocalServer
from portal_core.settings import DEFAULTS
import pytest
from support import PAGE_TYPES, RealSite, axe_problems, page_types, report

pytestmark = pytest.mark.browser

# Recorded before any script of the page runs; CDP scripts are not subject to the page's CSP.
RECORD_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
"""
RESULTS = {"csp": {}, "axe": {}}


@pytest.fixture(scope="module")
def sample(real_site: RealSite) -> dict[str, str]:
    return page_types(real_site.output)


@pytest.fixture(scope="module")
def tab(browser) -> Iterator:
    """One tab with the CSP enforced (no bypass), recording violations and page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: page.errors.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()


def violations(tab) -> list[str]:
    return tab.evaluate("() => window.__csp") + tab.errors


def overflow(tab) -> list[str]:
    scroll, client = tab.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    return [f"défilement horizontal : {scroll} > {client}"] if scroll > client else []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_under_csp_on_a_phone_and_at_200_percent_text(tab, real_site, sample, axe_source, kind):
    """CSP violations on load; axe at 320 px; axe and reflow at 1280 px with text at 200 % (RGAA 10.4)."""
    tab.errors.clear()
    tab.set_viewport_size({"width": 320, "height": 640})
    tab.goto(real_site.url(sample[kind]), wait_until="networkidle")
    problems = {"CSP": violations(tab), "axe 320 px": axe_problems(tab, axe_source)}
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    problems["axe texte 200 %"] = axe_problems(tab, axe_source) + overflow(tab)
    RESULTS["csp"][kind] = len(problems["CSP"])
    RESULTS["axe"][kind] = len(problems["axe 320 px"]) + len(problems["axe texte 200 %"])
    if len(RESULTS["axe"]) == len(PAGE_TYPES):
        report("CSP (Chromium)", f"{sum(RESULTS['csp'].values())} violation(s) sur {len(PAGE_TYPES)} types de page")
        report(
            "axe-core (320 px et texte à 200 %)",
            f"{sum(RESULTS['axe'].values())} violation(s) sur {len(PAGE_TYPES)} types de page × 2 réglages",
        )
    found = {name: items for name, items in problems.items() if items}
    assert not found, f"{sample[kind]}\n" + "\n".join(f"[{n}] {item}" for n, items in found.items() for item in items)


def search(tab, query: str) -> dict:
    """Type a query into the search page's box and submit it; return what the page shows."""
    tab.evaluate(
        """(q) => {
          document.getElementById('recherche-statut').textContent = '';
          const box = document.getElementById('recherche-q');
          box.value = q;
          box.dispatchEvent(new Event('input', {bubbles: true}));
          box.form.requestSubmit();
        }""",
        query,
    )
    tab.wait_for_function(
        "() => { const s = document.getElementById('recherche-statut').textContent;"
        " return s && !s.startsWith('Chargement'); }"
    )
    return tab.evaluate(
        """() => {
          const app = document.getElementById('recherche');
          const list = document.getElementById('recherche-liste');
          return {
            status: document.getElementById('recherche-statut').textContent,
            statusElements: document.getElementById('recherche-statut').children.length,
            injected: app.querySelectorAll(
              'img, script, iframe, object, embed, svg, style, form form, base, meta').length,
            handlers: [...app.querySelectorAll('*')]
              .filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
            hrefs: [...list.querySelectorAll('a')].map((a) => a.href),
            pwned: window.__pwned === 1,
          };
        }"""
    )


def test_search_used_under_csp(tab, real_site):
    """Typing, facets, sorting and « more results » raise no CSP violation and no error."""
    tab.errors.clear()
    tab.goto(real_site.url("recherche/"), wait_until="networkidle")
    search(tab, "")
    tab.locator("input[name=medaille][value='or']").check()
    tab.select_option("#recherche-tri", "titre")
    shown = search(tab, "école")
    assert "pour « école »" in shown["status"]
    search(tab, "")
    if tab.is_visible("#recherche-plus"):
        tab.click("#recherche-plus")
    tab.wait_for_load_state("networkidle")
    assert violations(tab) == []


QUERY = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                '<img src=x onerror="window.__pwned=1">',
                "<script>window.__pwned=1</script>",
                '"><svg onload=window.__pwned=1>',
                "javascript:window.__pwned=1",
                ":",
                "~",
                "^",
                "+",
                "-",
                "*",
                "\\",
                "title:",
                "titre:vélo",
                "vélo~2",
                "école^10",
                "\u0000",
                "\ufeff",
                "e\u0301cole",
                "ÉCOLE",
                "l'école",
                "cyber\u00adsécurité",
                "x" * 300,
            ]
        ),
    ),
    max_size=6,
).map(" ".join)
SEARCHED: list[str] = []


@pytest.fixture(scope="module")
def search_tab(tab, real_site):
    tab.errors.clear()
    tab.goto(real_site.url("recherche/"), wait_until="networkidle")
    search(tab, "vélo")
    yield tab
    figure = f"{len(SEARCHED)} requêtes générées tapées dans la page : 0 erreur, 0 élément injecté"
    report("Hypothesis (recherche)", figure)


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(query=QUERY)
def test_generated_queries_never_break_or_inject(search_tab, real_site, query):
    shown = search(search_tab, query)
    SEARCHED.append(query)
    assert search_tab.errors == [], query
    assert shown["statusElements"] == 0 and shown["injected"] == 0 and shown["handlers"] == 0, (query, shown)
    assert not shown["pwned"], query
    assert all(href.startswith(f"{real_site.siteurl}/initiatives/") for href in shown["hrefs"]), query


FOCUS = """() => {
  const e = document.activeElement, style = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), id: e.id, href: e.getAttribute('href') || '',
          text: (e.getAttribute('aria-label') || e.textContent).trim().slice(0, 60),
          visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
}"""


def tab_to(tab, selector: str, limit: int = 80) -> dict:
    """Press Tab until the focused element matches the selector; its focus must be visible."""
    for presses in range(1, limit + 1):
        tab.keyboard.press("Tab")
        if tab.evaluate("(s) => document.activeElement.matches(s)", selector):
            focused = tab.evaluate(FOCUS)
            assert focused["visible"], f"focus invisible : {focused}"
            return {**focused, "presses": presses}
    raise AssertionError(f"{selector} jamais atteint en {limit} tabulations")


KEYBOARD_DONE: list[str] = []


def follow(tab, link: dict, expected: str, name: str) -> None:
    """Enter on the focused link must open its page, whose address starts with `expected`."""
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**{link['href']}")
    assert tab.url.startswith(expected), tab.url
    KEYBOARD_DONE.append(name)
    report("Clavier seul", f"{len(KEYBOARD_DONE)}/3 parcours réussis ({', '.join(KEYBOARD_DONE)}), focus visible")


@pytest.fixture
def keyboard_tab(browser, real_site) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_search_page_with_the_keyboard_only(keyboard_tab, real_site):
    tab = keyboard_tab
    tab.goto(real_site.url("recherche/"), wait_until="networkidle")
    tab_to(tab, "#recherche-q")
    tab.keyboard.type("vélo")
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.getElementById('recherche-statut').textContent.includes('« vélo »')")
    follow(tab, tab_to(tab, "#recherche-liste ol > li a"), real_site.url("initiatives/"), "recherche")


def test_map_with_the_keyboard_only(keyboard_tab, real_site):
    tab = keyboard_tab
    tab.goto(real_site.url("territoires/"), wait_until="load")
    department = tab_to(tab, "svg.map-metro a")
    assert department["text"].endswith(("initiative", "initiatives")), department
    follow(tab, department, real_site.url("territoires/departement-"), "carte")


def test_pagination_with_the_keyboard_only(keyboard_tab, real_site):
    tab = keyboard_tab
    second = page_types(real_site.output)["liste-paginee"]
    tab.goto(real_site.url(second.removesuffix("page/2/")), wait_until="load")
    follow(tab, tab_to(tab, ".pagination a[rel=next]", limit=200), real_site.url(second), "pagination")


def test_search_page_without_javascript_links_to_the_indexes(browser, real_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(real_site.url("recherche/"), wait_until="load")
    assert tab.is_visible("#recherche-sans-js") and tab.is_hidden("#recherche-app")
    assert tab.locator("#recherche-sans-js a").count() == 4
    context.close()


def test_the_csp_recorder_sees_a_violation(tab, tmp_path):
    """An inline script under the portal's policy is blocked and recorded: the gate can fail."""
    policy = DEFAULTS["PORTAL_CSP"]
    (tmp_path / "index.html").write_text(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}"><title>t</title></head>'
        "<body><script>window.__ran = 1</script></body></html>",
        encoding="utf-8",
    )
    server = LocalServer(tmp_path).start()
    try:
        tab.errors.clear()
        tab.goto(f"{server.url}/", wait_until="load")
        assert tab.evaluate("() => window.__ran") is None
        assert any(v.startswith("script-src-elem inline") for v in violations(tab)), violations(tab)
    finally:
        server.stop()
        tab.errors.clear()
