"""Search in a real browser (Debian's Chromium driven by Playwright) on the real content.

Covers the issue's checks: the browser's analyser against the index's terms, French
matching while typing, partial matches, facets (size of the collectivity included), URL
state, live status, keyboard, loading, XSS attempts and axe-core. The query engine's own
logic is tested under Node (tests/js/).
"""

from __future__ import annotations

import json

from portal_search.french import analyse
import pytest
from support import ROOT, axe_problems

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__pwned=1">'
# Every fiche of the real content is indexed: the status counts them all.
FICHES = len(list((ROOT / "content" / "initiatives").glob("*.md")))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


def open_search(page, site, query: str = "") -> None:
    page.goto(site.url("recherche/" + query))
    page.wait_for_function("window.portailRecherche")
    page.evaluate("portailRecherche.ready()")
    settle(page)


def settle(page) -> None:
    """Wait until the status shows a result count (or no result) for the current state."""
    page.wait_for_function(
        "() => { const s = document.getElementById('recherche-statut').textContent;"
        " return s && !s.startsWith('Chargement'); }"
    )
    page.evaluate("portailRecherche.run(document.getElementById('recherche-q').value)")


def titles(page) -> list[str]:
    return page.eval_on_selector_all("#recherche-liste ol > li h3", "els => els.map(e => e.textContent)")


def status(page) -> str:
    return page.inner_text("#recherche-statut")


def type_and_wait(page, text: str) -> None:
    page.locator("#recherche-q").press_sequentially(text)
    page.wait_for_function(
        "(q) => document.getElementById('recherche-statut').textContent.includes('« ' + q.trim() + ' »')",
        arg=page.input_value("#recherche-q"),
    )


# ---- one analyser: the index's terms are the browser's ----


def test_build_side_and_browser_make_the_same_terms(page, real_site):
    """The index is built with the engine's analyser run by Node; Chromium must agree."""
    folder = real_site.output / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    vocabulary = set(json.loads((folder / meta["vocabulary"]).read_text(encoding="utf-8")))
    texts = [text for card in all_cards(folder, meta) for text in (card["t"], card["r"], card["c"])]
    texts += ["L'École d'Aix-en-Provence, Œuvres, VÉLOS, lieux, tiers-lieux, 3 bœufs"]
    built = analyse(ROOT / "node_modules", texts)
    page.goto(real_site.url("recherche/"))  # the search page loads lunr and the engine
    in_browser = page.evaluate(
        "([stop, texts]) => { const a = portalSearchEngine(lunr).createAnalyser(stop); return texts.map(a.terms); }",
        [meta["stopWords"], texts],
    )
    assert meta["stopWords"] == built.stop_words
    assert in_browser == built.terms
    assert {term for terms in in_browser[:-1] for term in terms} <= vocabulary


def all_cards(folder, meta) -> list[dict]:
    store = meta["store"]
    return [
        card
        for number in range(-(-meta["count"] // store["size"]))
        for card in json.loads((folder / f"{store['dir']}{number}.json").read_text(encoding="utf-8"))
    ]


# ---- French matching, as a user types ----


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cybersecurite", "Cybersécuriser le territoire"),  # no accents
        ("biodiversite", "Politique de soutien à la biodiversité"),
        ("velos", "Récup'velos en liberté"),  # plural
        ("reboisements", "Les journées de reboisement"),
    ],
)
def test_results_stay_while_typing_each_letter(page, real_site, typed, expected):
    open_search(page, real_site)
    box = page.locator("#recherche-q")
    box.focus()
    for position, letter in enumerate(typed):
        box.press(letter)
        if position >= 2:
            query = typed[: position + 1]
            page.wait_for_function(
                "(q) => document.getElementById('recherche-statut').textContent.includes('« ' + q + ' »')", arg=query
            )
            assert any(t.startswith(expected) for t in titles(page)), (query, titles(page)[:5])


def test_one_typo_and_case_and_accents(page, real_site):
    open_search(page, real_site)
    found = {}
    for query in ("cyberscurite", "CYBERSÉCURITÉ", "cybersecurité"):
        page.fill("#recherche-q", "")
        type_and_wait(page, query)
        found[query] = titles(page)
    assert any(t.startswith("Cybersécuriser le territoire") for t in found["cyberscurite"])
    assert found["CYBERSÉCURITÉ"] == found["cybersecurité"]


def test_matched_words_are_highlighted(page, real_site):
    open_search(page, real_site, "?q=reboisement")
    marks = page.eval_on_selector_all("#recherche-liste mark", "els => els.map(e => e.textContent.toLowerCase())")
    assert "reboisement" in marks
    # Synonyms of data/synonyms.yaml are highlighted too, nothing else.
    assert set(marks) <= {"reboisement", "arbre", "arbres", "forêt", "forêts", "plantation", "plantations"}


# ---- facets ----


def facet_count(page, facet: str, value: str) -> int:
    input_id = page.get_attribute(f"input[name={facet}][value='{value}']", "id")
    return int(page.locator(f"label[for='{input_id}'] .facet-count").inner_text().strip("()"))


def check(page, facet: str, value: str) -> None:
    page.locator(f"input[name={facet}][value='{value}']").check()
    page.wait_for_function(
        "(sel) => new URLSearchParams(location.search).getAll(sel[0]).includes(sel[1])", arg=[facet, value]
    )
    settle(page)


def total(page) -> int:
    text = status(page)
    return int(text.split()[0]) if text[0].isdigit() else 0


def expected_counts(site, levels: set[str], years: set[str] | None = None) -> int:
    """Count initiatives from the shipped data, independently of the browser code."""
    folder = site.output / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    docs = json.loads((folder / meta["docs"]).read_text(encoding="utf-8"))
    keys = [f["key"] for f in meta["facets"]]
    values = {f["key"]: [v[0] for v in f["values"]] for f in meta["facets"]}

    def of(key, doc):
        cell = docs["facets"][keys.index(key)][doc]
        return {values[key][i] for i in (cell if isinstance(cell, list) else [cell])}

    return sum(
        1
        for doc in range(meta["count"])
        if of("medaille", doc) & levels and (years is None or of("annee", doc) & years)
    )


def test_facets_or_inside_and_across(page, real_site):
    open_search(page, real_site)
    assert status(page).startswith(f"{FICHES} initiatives")
    gold, silver = facet_count(page, "medaille", "or"), facet_count(page, "medaille", "argent")
    check(page, "medaille", "or")
    assert total(page) == gold == expected_counts(real_site, {"or"})
    # Counts of a facet ignore its own selection: Argent still shows its count.
    assert facet_count(page, "medaille", "argent") == silver
    check(page, "medaille", "argent")
    assert total(page) == gold + silver == expected_counts(real_site, {"or", "argent"})
    year_count = facet_count(page, "annee", "2023")
    check(page, "annee", "2023")
    assert total(page) == year_count == expected_counts(real_site, {"or", "argent"}, {"2023"})
    # Values with no result left are hidden: no INET study is in 2023.
    assert page.locator("input[name=dispositif][value='inet-projet-collectif']").is_hidden()
    assert "avec les filtres choisis" in status(page)


def test_facet_counts_follow_the_query(page, real_site):
    open_search(page, real_site, "?q=cybersecurite")
    counts = sum(
        facet_count(page, "medaille", v)
        for v in ("or", "argent", "bronze", "inconnu", "aucun")
        if page.locator(f"input[name=medaille][value='{v}']").is_visible()
    )
    assert counts == total(page) == len(titles(page)) > 0


# ---- URL state, status, sort ----


def test_url_state_round_trip_and_back_button(page, real_site):
    open_search(page, real_site, "?q=ecole&medaille=or&tri=titre")
    assert page.input_value("#recherche-q") == "ecole"
    assert page.is_checked("input[name=medaille][value=or]")
    assert page.input_value("#recherche-tri") == "titre"
    first = titles(page)
    assert len(first) >= 2 and first == sorted(first, key=str.casefold)
    with_or = total(page)
    page.locator("input[name=medaille][value=or]").uncheck()
    page.wait_for_function("() => !location.search.includes('medaille')")
    settle(page)
    assert total(page) > with_or
    page.go_back()
    page.wait_for_function("() => location.search.includes('medaille=or')")
    page.wait_for_function("() => document.querySelector('input[name=medaille][value=or]').checked")
    settle(page)
    assert total(page) == with_or and titles(page) == first
    # A shared link restores the same search in a new tab.
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_function("window.portailRecherche")
    other.evaluate("portailRecherche.ready()")
    settle(other)
    assert titles(other) == first


def test_live_status_and_no_empty_list(page, real_site):
    open_search(page, real_site)
    region = page.locator("#recherche-statut")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    type_and_wait(page, "vélo")
    assert status(page) == f"{len(titles(page))} résultats pour « vélo »."
    page.fill("#recherche-q", "")
    type_and_wait(page, "xyzzyq")
    assert status(page).startswith("Aucun résultat pour « xyzzyq »")
    assert page.locator("#recherche-liste ol").count() == 0


def test_partial_matches_are_labelled_and_unknown_words_named(page, real_site):
    open_search(page, real_site)
    type_and_wait(page, "cybersécurité xyzzyq")
    assert status(page).startswith("Aucun résultat avec tous les mots de « cybersécurité xyzzyq » ; ")
    assert "résultats contenant une partie des mots." in status(page)
    assert status(page).endswith("Aucun résultat pour « xyzzyq ».")
    heading = page.locator("#recherche-liste h3.search-partial-heading")
    assert heading.inner_text() == "Résultats contenant une partie des mots"
    assert page.locator("#recherche-liste ol.results-partial").get_attribute(
        "aria-labelledby"
    ) == heading.get_attribute("id")
    assert any(t.startswith("Cybersécuriser le territoire") for t in titles(page))
    # With enough results having every word, no partial list.
    page.fill("#recherche-q", "")
    type_and_wait(page, "numérique")
    assert page.locator("#recherche-liste .search-partial-heading").count() == 0


def size_bands(site) -> dict[str, int]:
    """Initiatives per population band, counted from the fiches' collectivities, not from the index."""
    from portal_search.documents import SIZE_BANDS

    folder = site.output / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for card in all_cards(folder, meta):
        html = (site.output / card["u"] / "index.html").read_text(encoding="utf-8")
        first = html.split('class="population">', 1)
        if len(first) < 2:
            continue
        figure = first[1].split(" habitants", 1)[0].rsplit(", ", 1)[-1]
        population = int("".join(c for c in figure if c.isdigit()))
        band = [band_id for band_id, _, floor in SIZE_BANDS if population >= floor][-1]
        counts[band] = counts.get(band, 0) + 1
    return counts


def test_size_facet_counts_and_url_state(page, real_site):
    open_search(page, real_site)
    expected = size_bands(real_site)
    assert len(expected) >= 4
    for band, count in expected.items():
        assert facet_count(page, "taille", band) == count, band
    check(page, "taille", "plus-200000")
    assert total(page) == expected["plus-200000"]
    assert "taille=plus-200000" in page.url
    page.reload()
    page.wait_for_function("window.portailRecherche")
    page.evaluate("portailRecherche.ready()")
    settle(page)
    assert page.is_checked("input[name=taille][value=plus-200000]") and total(page) == expected["plus-200000"]


def test_more_results_are_added_and_focused(page, real_site):
    open_search(page, real_site)
    assert len(titles(page)) == 20
    page.click("#recherche-plus")
    page.wait_for_function("() => document.querySelectorAll('#recherche-liste ol > li').length === 40")
    assert page.evaluate(
        "document.activeElement.closest('li') === document.querySelectorAll('#recherche-liste li')[20]"
    )


# ---- keyboard ----


def test_slash_focuses_the_search_box_from_any_page(page, real_site):
    page.goto(real_site.url())
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "recherche-site"
    page.keyboard.type("velo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=velo")
    page.wait_for_function("window.portailRecherche")
    settle(page)
    assert total(page) > 0


def test_arrows_enter_and_escape(page, real_site):
    open_search(page, real_site)
    page.keyboard.press("/")
    type_and_wait(page, "ecole")
    links = page.eval_on_selector_all("#recherche-liste h3 a", "els => els.map(e => e.href)")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == links[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == links[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "recherche-q"
    page.keyboard.press("Escape")
    assert page.input_value("#recherche-q") == ""
    page.wait_for_function(
        "n => document.getElementById('recherche-statut').textContent.startsWith(n + ' ')", arg=FICHES
    )
    type_and_wait(page, "ecole")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(links[0])


# ---- loading ----


def test_index_loads_on_first_focus_and_no_keystroke_is_lost(page, real_site):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(real_site.url())
    page.wait_for_load_state("load")
    assert not any("/recherche/index/" in url for url in requested)
    page.focus("#recherche-site")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('meta.json'))")

    held = []
    page.route("**/recherche/index/docs-*.json", lambda route: held.append(route))
    page.goto(real_site.url("recherche/"), wait_until="commit")
    page.locator("#recherche-q").press_sequentially("velo")  # as soon as the box exists
    page.wait_for_function("() => document.getElementById('recherche-statut').textContent.startsWith('Chargement')")
    page.wait_for_function("window.portailRecherche")
    for _ in range(200):  # the engine asks for the docs file after meta.json: wait for it
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the docs file was not requested"
    held[0].continue_()
    page.wait_for_function("() => document.getElementById('recherche-statut').textContent.includes('« velo »')")
    assert any(t.startswith("Récup'velos") for t in titles(page))
    # lunr and the engine load on the search page only: other pages just prefetch the index.
    assert page.evaluate("typeof window.portalSearchEngine") == "function"
    page.goto(real_site.url())
    assert page.evaluate("typeof window.lunr + typeof window.portalSearchEngine") == "undefinedundefined"


def test_a_failed_download_is_tried_again(page, real_site):
    failures = []

    def fail_once(route):
        if failures:
            route.continue_()
        else:
            failures.append(route.request.url)
            route.abort()

    page.route("**/recherche/index/t-*/*.json", fail_once)
    open_search(page, real_site)
    page.evaluate("portailRecherche.run('velo')")
    assert failures and status(page).startswith("La recherche a rencontré une erreur")
    page.evaluate("portailRecherche.run('velo')")
    assert any(t.startswith("Récup'velos") for t in titles(page))


# ---- safety ----


def test_query_cannot_inject_markup(page, real_site):
    open_search(page, real_site, "?q=" + PAYLOAD.replace(" ", "%20").replace('"', "%22"))
    page.wait_for_timeout(200)
    assert page.locator("main img, #recherche-statut *").count() == 0
    assert PAYLOAD in status(page)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.title").startswith("« <img")


def tampered_cards(site) -> tuple[str, str]:
    """The first result-card file with markup in it, as if the build had let it through."""
    folder = site.output / "recherche" / "index"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    name = f"{meta['store']['dir']}0.json"
    cards = json.loads((folder / name).read_text(encoding="utf-8"))
    cards[0]["t"] = PAYLOAD + " Titre piégé"
    cards[0]["r"] = "<script>window.__pwned=1</script> " + PAYLOAD
    cards[0]["c"] = PAYLOAD
    cards[0]["l"] = 'or" onmouseover="window.__pwned=1'
    cards[1]["u"] = "javascript:window.__pwned=1"
    return name, json.dumps(cards, ensure_ascii=False)


def test_content_from_the_index_is_inserted_as_text(page, real_site):
    name, body = tampered_cards(real_site)
    page.route("**/recherche/index/" + name, lambda route: route.fulfill(body=body, content_type="application/json"))
    open_search(page, real_site)
    results = page.locator("#recherche-liste")
    assert results.locator("img, script").count() == 0
    assert PAYLOAD in results.locator("li").first.inner_text()
    assert page.locator("#recherche-liste a[href^='javascript']").count() == 0
    assert len(titles(page)) == 19  # the card with a javascript: link is dropped
    assert page.evaluate("window.__pwned") is None
    page.hover("#recherche-liste li .badge")
    assert page.evaluate("window.__pwned") is None


# ---- accessibility and small screens ----


def test_axe_on_the_search_page_with_results(page, real_site, axe_source):
    open_search(page, real_site, "?q=ecole&medaille=or")
    page.evaluate("document.querySelectorAll('details.facet').forEach(d => d.open = true)")
    assert titles(page)
    assert axe_problems(page, axe_source) == []


def test_axe_with_partial_results_and_the_size_facet_checked(page, real_site, axe_source):
    open_search(page, real_site, "?q=cybers%C3%A9curit%C3%A9+xyzzyq&taille=plus-200000&taille=50000-200000")
    page.evaluate("document.querySelectorAll('details.facet').forEach(d => d.open = true)")
    assert page.locator("#recherche-liste .search-partial-heading").count() == 1
    assert page.is_checked("input[name=taille][value=plus-200000]")
    assert axe_problems(page, axe_source) == []


def test_no_sideways_scroll_at_320px_with_results(browser, real_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    open_search(tab, real_site, "?q=participation%20citoyenne")
    tab.evaluate("document.querySelectorAll('details.facet').forEach(d => d.open = true)")
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()


def test_first_results_show_before_the_other_cards_arrive(page, real_site):
    """Opened cold at ?q=…, without the cards beside the shards (a failed download), the page
    asks for the first results' cards alone (and the docs file, for counts and filters), and
    shows those results as soon as they are there; then it asks for the other cards; the
    status (read by screen readers), the counts and the rest follow."""
    held, docs, asked = [], [], []
    page.on("request", lambda request: asked.append(request.url))
    page.route("**/recherche/index/p-*/*.json", lambda route: route.abort())
    page.route("**/recherche/index/s-*/*.json", lambda route: held.append(route))
    page.route("**/recherche/index/docs-*.json", lambda route: docs.append(route))
    page.goto(real_site.url("recherche/?q=commune"))

    def settled() -> int:
        for _ in range(100):
            count = len(held)
            page.wait_for_timeout(100)
            if count and len(held) == count:
                break
        return len(held)

    first = held[: settled()]
    assert 1 <= len(first) <= 5, "only the first results' card files are asked for first"
    assert len(docs) == 1  # asked for beside them, once the ranking is known
    for route in first:
        route.continue_()
    page.wait_for_function("() => document.querySelectorAll('#recherche-liste li.result').length >= 5")
    assert len(titles(page)) == 5
    assert status(page).startswith("Chargement")
    rest = held[len(first) : settled()]
    assert rest, "the first page should need more card files than the first results"
    *others, last = rest
    for route in others:
        route.continue_()
    docs[0].continue_()
    page.wait_for_timeout(200)
    assert len(titles(page)) == 5  # the rest shows together, once every card is there
    last.continue_()
    page.wait_for_function("() => document.getElementById('recherche-statut').textContent.includes('« commune »')")
    assert len(titles(page)) == 20
    assert not [url for url in asked if url.endswith("/meta.json")]  # the page carries it


def test_a_one_word_query_shows_its_first_results_with_the_cards_beside_its_shard(page, real_site):
    """The cards of a word's likely first results come with its shard: opened cold at
    ?q=commune, the first results show while every file of the store and the docs file
    are still held; the status waits for them."""
    held, docs = [], []
    page.route("**/recherche/index/s-*/*.json", lambda route: held.append(route))
    page.route("**/recherche/index/docs-*.json", lambda route: docs.append(route))
    page.goto(real_site.url("recherche/?q=commune"))
    page.wait_for_function("() => document.querySelectorAll('#recherche-liste li.result').length >= 5")
    assert len(titles(page)) == 5
    assert status(page).startswith("Chargement")
    page.wait_for_timeout(300)
    assert docs and held  # asked for once the ranking is known, still held
    for route in [*docs, *held]:
        route.continue_()
    page.wait_for_function("() => document.getElementById('recherche-statut').textContent.includes('« commune »')")
    assert len(titles(page)) == 20
