/* Search of the portal, in the page: header box shortcut, and the search page itself.
 *
 * Every page: « / » focuses the search box; the first focus of the header box prefetches
 * the index. On the search page (#recherche): instant results from the query engine
 * (recherche-engine.js), facets, sort, state in the URL, keyboard moves, live status.
 * Text from the index is always inserted with textContent; <mark> elements are created
 * around matched words, never parsed from strings.
 */
"use strict";
(function () {
  const PAGE_SIZE = 20;
  const DEBOUNCE_MS = 60;
  const SORTS = ["pertinence", "annee", "titre"];
  const app = document.getElementById("recherche");
  const headerForm = document.querySelector("form.site-search");
  const headerBox = document.getElementById("recherche-site");

  function isEditable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  /* « / » from anywhere focuses the search box. */
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isEditable(document.activeElement)) return;
    const box = document.getElementById("recherche-q") || headerBox;
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });

  /* First focus of the header box: fetch the index files the search page will need. */
  if (headerBox && headerForm && !app) {
    headerBox.addEventListener("focus", () => {
      const metaUrl = headerForm.dataset.searchIndex;
      fetch(metaUrl).then((r) => r.json()).then((meta) => fetch(new URL(meta.docs, new URL(metaUrl, location.href)))).catch(() => {});
    }, { once: true });
  }
  if (!app) return;

  /* ---- The search page ---- */
  const form = app.querySelector("form.search-form");
  const box = document.getElementById("recherche-q");
  const status = document.getElementById("recherche-statut");
  const list = document.getElementById("recherche-liste");
  const more = document.getElementById("recherche-plus");
  const sortSelect = document.getElementById("recherche-tri");
  const facetsBox = document.getElementById("recherche-facettes");
  const clearFilters = document.getElementById("recherche-effacer");
  const filterCount = document.getElementById("recherche-nb-filtres");
  const siteRoot = new URL(app.dataset.root, location.href);
  document.getElementById("recherche-sans-js").hidden = true;
  // The filters start folded (on a phone the results come first); a wide screen unfolds
  // them beside the results, where opening them moves nothing.
  if (window.matchMedia("(min-width: 60rem)").matches) app.querySelector("details.search-filters").open = true;
  document.getElementById("recherche-app").hidden = false;

  let facets = [];
  const state = { q: "", selected: {}, sort: "pertinence", limit: PAGE_SIZE };
  const checkboxes = new Map();  // "facet\u0001valueIndex" → {input, count, item}

  /* The engine (recherche-engine.js, with lunr's French stemmer) runs in the page: a warm
   * query takes a few milliseconds, and a round trip to a worker would cost more than that
   * whenever the page is busy painting. The index files are small JSON pieces. */
  status.textContent = "Chargement de l'index de recherche…";
  const metaUrl = new URL(app.dataset.index, location.href);
  async function load(name) {
    const response = await fetch(new URL(name, metaUrl));
    if (!response.ok) throw new Error(name + " : HTTP " + response.status);
    return response.json();
  }
  // The page carries meta.json in itself (the file stays, for the other pages' prefetch).
  // The engine starts as soon as this script runs: a page opened with a query asks for its
  // shards at once.
  function start() {
    const meta = JSON.parse(document.getElementById("recherche-meta").textContent);
    const engine = window.portalSearchEngine(window.lunr).createEngine(meta, load);
    const asked = new URLSearchParams(location.search).get("q");
    if (asked) engine.prefetch(asked).catch(() => {});
    return engine;
  }
  let ready;
  try { ready = Promise.resolve(start()); } catch (error) { ready = Promise.reject(error); }
  // The filters' boxes are made with the first complete results (render), not before:
  // the page's first paint stays light while the first results are on their way.
  ready.then((engine) => { facets = engine.facets; }, () => {});
  ready.catch((error) => { status.textContent = "La recherche a rencontré une erreur : " + error.message; });

  /* ---- URL state ---- */
  function readUrl() {
    const params = new URLSearchParams(location.search);
    state.q = (params.get("q") || "").slice(0, 200);
    state.sort = SORTS.includes(params.get("tri")) ? params.get("tri") : "pertinence";
    const pages = parseInt(params.get("pages") || "1", 10);
    state.limit = PAGE_SIZE * (Number.isFinite(pages) && pages > 0 && pages < 50 ? pages : 1);
    state.selected = {};
    for (const facet of facets) {
      const ids = params.getAll(facet.key);
      const indexes = facet.values.map((v, i) => (ids.includes(v[0]) ? i : -1)).filter((i) => i >= 0);
      if (indexes.length) state.selected[facet.key] = indexes;
    }
  }
  function urlOfState() {
    const params = new URLSearchParams();
    if (state.q.trim()) params.set("q", state.q);
    for (const facet of facets) for (const i of state.selected[facet.key] || []) params.append(facet.key, facet.values[i][0]);
    if (state.sort !== "pertinence") params.set("tri", state.sort);
    if (state.limit > PAGE_SIZE) params.set("pages", String(state.limit / PAGE_SIZE));
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }
  function saveUrl(push) {
    const url = urlOfState();
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }
  function showState() {
    box.value = state.q;
    sortSelect.value = state.sort;
    for (const [key, entry] of checkboxes) {
      const [facetKey, index] = key.split("\u0001");
      entry.input.checked = (state.selected[facetKey] || []).includes(Number(index));
    }
  }

  /* ---- Facets ---- */
  let facetsBuilt = false;
  function buildFacets() {
    if (facetsBuilt) return;
    facetsBuilt = true;
    for (const facet of facets) {
      const details = document.createElement("details");
      details.className = "facet";
      details.open = facet.values.length <= 12;
      const summary = document.createElement("summary");
      summary.textContent = facet.label;
      const fieldset = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.className = "visually-hidden";
      legend.textContent = facet.label;
      const ul = document.createElement("ul");
      facet.values.forEach(([id, label], index) => {
        const li = document.createElement("li");
        const input = document.createElement("input");
        input.type = "checkbox";
        input.id = "f-" + facet.key + "-" + index;
        input.name = facet.key;
        input.value = id;
        input.checked = (state.selected[facet.key] || []).includes(index);
        const lab = document.createElement("label");
        lab.htmlFor = input.id;
        lab.append(document.createTextNode(label + " "));
        const count = document.createElement("span");
        count.className = "facet-count";
        lab.append(count);
        input.addEventListener("change", () => toggle(facet.key, index, input.checked));
        li.append(input, lab);
        ul.append(li);
        checkboxes.set(facet.key + "\u0001" + index, { input, count, item: li });
      });
      fieldset.append(legend, ul);
      details.append(summary, fieldset);
      facetsBox.append(details);
    }
  }
  function toggle(key, index, on) {
    const values = new Set(state.selected[key] || []);
    if (on) values.add(index); else values.delete(index);
    if (values.size) state.selected[key] = [...values].sort((a, b) => a - b); else delete state.selected[key];
    state.limit = PAGE_SIZE;
    saveUrl(true);
    run();
  }
  function showCounts(counts) {
    facets.forEach((facet, f) => {
      facet.values.forEach((_, index) => {
        const entry = checkboxes.get(facet.key + "\u0001" + index);
        const n = counts[f][index];
        const hidden = n === 0 && !entry.input.checked;
        // Touch the page only where something changed (hundreds of values, one query per key).
        if (entry.shown !== n) { entry.count.textContent = "(" + n + ")"; entry.shown = n; }
        if (entry.item.hidden !== hidden) entry.item.hidden = hidden;
      });
    });
    const active = Object.values(state.selected).reduce((sum, v) => sum + v.length, 0);
    clearFilters.hidden = active === 0;
    filterCount.textContent = active ? " (" + active + " actif" + (active > 1 ? "s" : "") + ")" : "";
  }

  /* ---- Results ---- */
  function appendSegments(parent, segments) {
    for (const [text, hit] of segments) {
      if (hit) { const mark = document.createElement("mark"); mark.textContent = text; parent.append(mark); }
      else parent.append(document.createTextNode(text));
    }
  }
  function safeHref(path) {
    try {
      const url = new URL(path, siteRoot);
      return url.origin === location.origin ? url.href : null;
    } catch { return null; }
  }
  function resultItem(item) {
    const card = item.card;
    const href = safeHref(card.u);
    if (!href) return null;
    const li = document.createElement("li");
    li.className = "result";
    const h3 = document.createElement("h3");
    h3.className = "result-title";
    const a = document.createElement("a");
    a.href = href;
    appendSegments(a, item.title);
    h3.append(a);
    const where = document.createElement("p");
    where.className = "result-meta";
    where.textContent = card.c + (card.p ? " — " + card.p : "");
    const badge = document.createElement("p");
    badge.className = "result-award";
    const span = document.createElement("span");
    span.className = "badge badge-" + (/^[a-z]+$/.test(card.l) ? card.l : "autre");
    span.textContent = card.b;
    badge.append(span);
    const excerpt = document.createElement("p");
    excerpt.className = "result-excerpt";
    appendSegments(excerpt, item.summary);
    li.append(h3, where, badge, excerpt);
    return li;
  }
  function plural(n, one, many) { return n + " " + (n > 1 ? many : one); }
  function statusText(result, searched) {
    const filtered = Object.keys(searched.selected).length > 0;
    const withFilters = filtered ? " avec les filtres choisis" : "";
    const q = searched.q.trim();
    if (!result.searched) {
      return plural(result.total, "initiative", "initiatives") + (filtered ? " avec les filtres choisis" : " au total") + ".";
    }
    // Words that match nothing are named, so that the user knows what to change.
    const unmatched = result.unmatched.map((w) => " Aucun résultat pour « " + w + " ».").join("");
    if (result.total === 0) {
      return "Aucun résultat pour « " + q + " »" + withFilters +
        (result.noWords ? " : saisissez un mot de deux lettres ou plus." : ". Vérifiez l'orthographe, essayez un mot plus court ou retirez des filtres.");
    }
    const complete = result.total - result.partial;
    if (!result.partial) return plural(result.total, "résultat", "résultats") + " pour « " + q + " »" + withFilters + "." + unmatched;
    const partial = plural(result.partial, "résultat contenant", "résultats contenant") + " une partie des mots";
    if (!complete) return "Aucun résultat avec tous les mots de « " + q + " »" + withFilters + " ; " + partial + "." + unmatched;
    return plural(complete, "résultat", "résultats") + " pour « " + q + " »" + withFilters + ", puis " + partial + "." + unmatched;
  }
  /* Results with every word in one list; those with part of the words in a second, labelled one.
   * A focused result keeps the focus when the list is drawn again (first results, then all). */
  function showItems(items) {
    const links = resultLinks();
    const focused = links.indexOf(document.activeElement);
    list.replaceChildren();
    let ol = null;
    let partialList = false;
    for (const item of items) {
      if (!ol || (item.partial && !partialList)) {
        if (item.partial) {
          partialList = true;
          const heading = document.createElement("h3");
          heading.className = "search-partial-heading";
          heading.id = "recherche-partiels";
          heading.textContent = "Résultats contenant une partie des mots";
          list.append(heading);
        }
        ol = document.createElement("ol");
        ol.className = "results" + (item.partial ? " results-partial" : "");
        if (item.partial) ol.setAttribute("aria-labelledby", "recherche-partiels");
        list.append(ol);
      }
      const li = resultItem(item);
      if (li) ol.append(li);
    }
    if (focused >= 0 && resultLinks()[focused]) resultLinks()[focused].focus();
  }
  function render(result, searched) {
    status.textContent = statusText(result, searched);
    buildFacets();
    showCounts(result.counts);
    showItems(result.items);
    more.hidden = result.total <= result.items.length;
    if (!more.hidden) more.textContent = "Afficher plus de résultats (" + (result.total - result.items.length) + " restants)";
    document.title = (searched.q.trim() ? "« " + searched.q.trim() + " » — " : "") + app.dataset.title;
  }

  let latest = 0;
  async function run() {
    const ticket = ++latest;
    const started = performance.now();
    // What is searched is kept apart: the status must describe these results, even if
    // the box has changed since.
    const searched = { q: state.q, selected: { ...state.selected } };
    let result;
    try {
      // On a first visit the cards of the first results are shown as soon as they arrive;
      // the status, the counts and the other results follow with the rest.
      const onFirst = (items) => { if (ticket === latest) showItems(items); };
      result = await (await ready).search({ q: searched.q, selected: searched.selected, sort: state.sort, limit: state.limit, onFirst });
    } catch (error) {
      if (ticket === latest) status.textContent = "La recherche a rencontré une erreur : " + error.message;
      return null;
    }
    if (ticket !== latest) return null;  // a newer query is on its way
    const rendering = performance.now();
    render(result, searched);
    const now = performance.now();
    return { total: result.total, ms: now - started, engineMs: rendering - started, renderMs: now - rendering };
  }

  /* ---- Events ---- */
  let timer = null;
  box.addEventListener("input", () => {
    latest++;  // results of an older text are no longer wanted
    state.q = box.value;
    state.limit = PAGE_SIZE;
    clearTimeout(timer);
    // The address follows once the results are shown: they come first.
    timer = setTimeout(() => { run().then(() => saveUrl(false)); }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    state.q = box.value;
    saveUrl(true);
    run();
  });
  sortSelect.addEventListener("change", () => { state.sort = sortSelect.value; saveUrl(true); run(); });
  clearFilters.addEventListener("click", () => {
    state.selected = {};
    state.limit = PAGE_SIZE;
    showState();
    saveUrl(true);
    run();
    box.focus();
  });
  more.addEventListener("click", async () => {
    const before = list.querySelectorAll("ol > li").length;
    state.limit += PAGE_SIZE;
    saveUrl(false);
    await run();
    const next = list.querySelectorAll("ol > li a")[before];
    if (next) next.focus();
  });
  window.addEventListener("popstate", () => { readUrl(); showState(); run(); });

  /* Keyboard: arrows move between the box and the result links; Esc clears. */
  function resultLinks() { return Array.from(list.querySelectorAll("ol > li h3 a")); }
  box.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const links = resultLinks();
      if (links.length) { event.preventDefault(); links[0].focus(); }
    } else if (event.key === "Escape") {
      if (box.value) { event.preventDefault(); box.value = ""; state.q = ""; state.limit = PAGE_SIZE; saveUrl(true); run(); }
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = resultLinks();
    const index = links.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === "ArrowDown" && index < links.length - 1) { event.preventDefault(); links[index + 1].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); (index > 0 ? links[index - 1] : box).focus(); }
    else if (event.key === "Escape") { event.preventDefault(); box.focus(); }
  });

  /* Start: restore the state of the URL once the facets are known. */
  ready.then(() => {
    // Text typed while the index loaded (even before this script ran) wins over the URL.
    const typed = box.value;
    readUrl();
    if (typed.trim() && typed !== state.q) { state.q = typed; saveUrl(false); }
    showState();
    run();
  });

  /* For the benchmark and the tests. */
  window.portailRecherche = {
    ready: () => ready.then(() => undefined),
    run: async (q) => {
      box.value = q; state.q = q; state.limit = PAGE_SIZE; clearTimeout(timer);
      const shown = await run();
      setTimeout(() => saveUrl(false));  // as when typing: the address follows the results
      return shown;
    },
    rank: async (q) => { const ranked = await (await ready).rank(q); return ranked ? ranked.ranked : []; },
  };
})();
