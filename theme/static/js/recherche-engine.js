/* Query engine of the portal's search: the one implementation of the query side.
 *
 * Used by the search page (recherche.js, loaded before it), by Node for the
 * index builder (plugins/portal_search/analyse.js: the analyser), for the command line
 * (plugins/portal_search/query.js) and for the tests (tests/js/).
 *
 * Text pipeline: fold (decompose, drop accents, lower case, œ → oe), split on anything
 * that is not a-z or 0-9, drop one-letter tokens and stop words, drop a plural « s » or
 * « x » (Snowball keeps « vélos », « lieux »), stem with lunr-languages' French stemmer.
 *
 * Index (written by plugins/portal_search/builder.py with lunr.py): term shards keyed by the
 * first three letters of a term; each term with its postings per field (doc delta, lunr.py's
 * field-vector weight × 1000) and, for a word of the synonym list, the postings of its
 * synonyms summed by the builder. The engine scores over these postings directly instead
 * of rebuilding lunr.Index objects and calling Index.query (the bottleneck at 5 000
 * initiatives). How it differs from lunr's scoring:
 * - a document's score for a clause is the clause's boost × the sum of the term's field
 *   weights (lunr.py's BM25 with field boosts), as in lunr's dot product; lunr then divides
 *   by the length of the query vector of each field, a constant for one query that only
 *   skews fields against each other, so it is left out;
 * - a term reached by several clauses of one word counts once, at its highest boost
 *   (lunr adds them up);
 * - no per-match metadata objects are built: the highlighted terms are those of the query.
 *
 * Query: each word is a unit, or a phrase of the synonym list (« personnes âgées ») is one
 * unit. A unit matches its term (boost `exact`), its synonyms (`synonym`, applied to the
 * summed postings; a synonym of several words counts where all of them are), for the word
 * being typed a prefix (`prefix`) and its own indexed prefixes (`stemPrefix`), and for a
 * word of 5 letters or more that the index does not know, the indexed terms within one
 * edit, transpositions included, anywhere in the word (`typo`; the list of terms is loaded
 * for that only). The boosts are part of the index (meta.json, from builder.py's BOOSTS).
 * Ranking: every unit matched first; among them, all units matched in the title first, then
 * by score. When fewer than a handful match every unit, initiatives matching most of the
 * units follow (at least half of them), ranked by how many they match.
 */
/* global module */
"use strict";
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.portalSearchEngine = factory;
})(typeof self !== "undefined" ? self : this, function (lunr) {
  const MAX_WORDS = 8;
  const MAX_LENGTH = 200;
  const KEY_LENGTH = 3;  // terms are sharded by their first three letters (builder.py)
  const TYPO_MIN_LENGTH = 5;
  const HANDFUL = 5;  // fewer results than this with every word: add those with most words
  const FIRST_SHOWN = 5;  // results shown before the cards of the rest are downloaded
  const LIGATURES = { "œ": "oe", "æ": "ae", "ß": "ss" };

  /* ---- Text pipeline ---- */
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[œæß]/g, (lig) => LIGATURES[lig]);
  }
  function words(text) {
    return (fold(text).match(/[a-z0-9]+/g) || []).filter((w) => w.length > 1);
  }
  function singular(w) {
    const plural = (w.endsWith("s") && !w.endsWith("ss")) || w.endsWith("aux") || w.endsWith("eux");
    return w.length > 3 && plural ? w.slice(0, -1) : w;
  }

  /* Folded words → indexed terms, with a cache (the stemmer is the costly step). */
  function createAnalyser(stopWordList) {
    const stopWords = new Set(stopWordList);
    const stems = new Map();
    function termOf(word) {
      let t = stems.get(word);
      if (t === undefined) {
        t = lunr.fr.stemmer(new lunr.Token(singular(word))).toString();
        stems.set(word, t);
      }
      return t;
    }
    /* The indexed terms of a text, in order, repeats kept (they count). */
    function terms(text) {
      return words(text).filter((w) => !stopWords.has(w)).map(termOf);
    }
    return { stopWords, termOf, terms };
  }

  /* True when a and b differ by one insertion, deletion, substitution or transposition. */
  function oneEditApart(a, b) {
    const la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1 || a === b) return false;
    let i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function sortedIndexOf(sorted, value) {
    let lo = 0, hi = sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /* ---- The engine over one index ----
   * meta: meta.json; load(name) → Promise of a JSON file of the index. The docs file (facet
   * values) is asked for by the first search: only counting, filtering and sorting need it. */
  function createEngine(meta, load) {
    const analyser = createAnalyser(meta.stopWords);
    const BOOST = meta.boosts;  // weights of the clauses (builder.py)
    const { termOf, stopWords } = analyser;
    const count = meta.count;
    let years = null;
    let facetColumns = null;
    let docsReady = null;
    function loadDocs() {
      if (!docsReady) {
        docsReady = load(meta.docs).then((docs) => { years = docs.years; facetColumns = docs.facets; });
        docsReady.catch(() => { docsReady = null; });
      }
      return docsReady;
    }
    const shards = new Map();  // file → Promise<{terms: sorted [], entries: Map term → entry}>
    const chunks = new Map();  // file → Promise<cards[]>
    const decoded = new Map();  // term → {docs, weights, title}
    let vocabulary = null;      // Promise<sorted terms>, loaded on the first unknown word
    let titleRanks = null;

    // Synonyms: each group is a list of phrases, each phrase a list of terms (builder.py).
    const groupsOf = new Map();  // first term of a phrase → [[phrase, group]]
    (meta.synonyms || []).forEach((group) => {
      for (const phrase of group) {
        if (!groupsOf.has(phrase[0])) groupsOf.set(phrase[0], []);
        groupsOf.get(phrase[0]).push([phrase, group]);
      }
    });

    /* A cached promise that is forgotten if it fails, so that a later query tries again. */
    function remembered(cache, key, make) {
      if (!cache.has(key)) {
        const promise = make();
        cache.set(key, promise);
        promise.catch(() => cache.delete(key));
      }
      return cache.get(key);
    }
    function shardFile(term) {
      // The last shard whose first key is <= the term's key (the shards are sorted).
      const key = term.slice(0, KEY_LENGTH);
      const firsts = meta.shards.firsts;
      let lo = 0, hi = firsts.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (firsts[mid] <= key) lo = mid + 1; else hi = mid; }
      return lo > 0 ? meta.shards.dir + (lo - 1) + ".json" : null;
    }
    /* A shard comes with the cards of its words' likely first results (builder.py's
     * lead_docs), downloaded beside it: a one-word query can usually show its first results
     * at once. Without them (a failed download) the cards come from the store. */
    const leads = new Map();  // doc → card
    function loadShard(file) {
      return remembered(shards, file, () => {
        const cards = load(meta.leads.dir + file.slice(meta.shards.dir.length))
          .then((pairs) => { for (const [doc, card] of pairs) leads.set(doc, card); }, () => {});
        return Promise.all([load(file), cards]).then(([entries]) => ({
          terms: entries.map((e) => e[0]),
          entries: new Map(entries.map((e) => [e[0], e])),
        }));
      });
    }
    const chunksLoaded = new Map();  // file → cards[], once downloaded
    function loadChunk(file) {
      return remembered(chunks, file, () => load(file).then((cards) => { chunksLoaded.set(file, cards); return cards; }));
    }
    function chunkFile(doc) {
      return meta.store.dir + Math.floor(doc / meta.store.size) + ".json";
    }
    /* A doc's card if it is there (beside a shard, or in a downloaded file of the store). */
    function cardOf(doc) {
      const chunk = chunksLoaded.get(chunkFile(doc));
      return chunk ? chunk[doc % meta.store.size] : leads.get(doc);
    }

    /* Decoded postings of a term (cached): docs in order, summed field weights, in the title;
     * and those of its synonyms, summed by the builder (docs, weights). */
    function decodeFlat(flat) {
      const docs = new Int32Array(flat.length / 2);
      const weights = new Float64Array(flat.length / 2);
      let doc = 0;
      for (let i = 0; i < flat.length; i += 2) {
        doc += flat[i];
        docs[i / 2] = doc;
        weights[i / 2] = flat[i + 1] / 1000;
      }
      return { docs, weights };
    }
    function postings(entry) {
      let p = decoded.get(entry[0]);
      if (p) return p;
      const sum = new Map();
      for (let column = 2; column < entry.length; column++) {
        const { docs, weights } = decodeFlat(entry[column]);
        for (let i = 0; i < docs.length; i++) sum.set(docs[i], (sum.get(docs[i]) || 0) + weights[i]);
      }
      const docs = Int32Array.from(sum.keys()).sort();
      const weights = Float64Array.from(docs, (doc) => sum.get(doc));
      const title = new Set(entry.length > 2 ? decodeFlat(entry[2]).docs : []);
      p = { docs, weights, title, synonyms: decodeFlat(entry[1]), dense: null };
      decoded.set(entry[0], p);
      return p;
    }
    /* Weight per doc (0 where absent), for the terms of phrases: a lookup per doc. */
    function dense(p) {
      if (!p.dense) {
        p.dense = new Float64Array(count);
        for (let i = 0; i < p.docs.length; i++) p.dense[p.docs[i]] = p.weights[i];
      }
      return p.dense;
    }

    /* ---- Parsing: the units of a query ---- */
    function parse(query) {
      query = Array.from(query).slice(0, MAX_LENGTH).join("");
      const found = words(query).slice(0, MAX_WORDS);
      const typing = found.length > 0 && !/\s$/.test(query);
      const tokens = [];
      found.forEach((word, position) => {
        const last = typing && position === found.length - 1;
        const stop = stopWords.has(word);
        if (stop && !(last && word.length >= KEY_LENGTH)) return;
        tokens.push({ word, last, stop, term: stop ? null : termOf(word) });
      });
      const units = [];
      const seen = new Set();
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i];
        // The longest phrase of the synonym list starting here (two words or more).
        let phrase = null, groups = [];
        for (const [candidate, group] of (token.term && groupsOf.get(token.term)) || []) {
          if (candidate.length < 2 || (phrase && candidate.length <= phrase.length)) continue;
          const slice = tokens.slice(i, i + candidate.length);
          if (slice.length === candidate.length && slice.every((t, k) => t.term === candidate[k])) {
            phrase = candidate; groups = [group];
          }
        }
        const span = phrase ? tokens.slice(i, i + phrase.length) : [token];
        const key = span.map((t) => t.word).join(" ") + (token.last ? "\u0001" : "");
        if (seen.has(key)) { i += span.length - 1; continue; }
        seen.add(key);
        const unit = {
          text: span.map((t) => t.word).join(" "), clauses: [], phrases: [], typo: null, synonyms: [], synonymTerms: [],
        };
        if (phrase) {
          unit.phrases.push({ terms: phrase, boost: BOOST.exact });
          i += phrase.length - 1;
        } else if (token.term) {
          unit.clauses.push({ term: token.term, boost: BOOST.exact });
          if (token.word.length >= TYPO_MIN_LENGTH) unit.typo = token.term;
        }
        if (token.last && !phrase && token.word.length >= KEY_LENGTH) {
          unit.clauses.push({ term: token.word, boost: BOOST.prefix, prefix: true });
          for (let length = Math.max(4, token.word.length - 5); length < token.word.length; length++) {
            unit.clauses.push({ term: token.word.slice(0, length), boost: BOOST.stemPrefix });
          }
        }
        // A word's synonyms are summed by the builder into its own entry (so no other shard
        // is needed); those of the word being typed's own prefixes count too: « reboisem » is
        // on its way from « reboise » to « reboisement », both stemmed « rebois ».
        if (!phrase) {
          for (const c of unit.clauses) {
            if (c.prefix) continue;
            for (const [candidate, group] of groupsOf.get(c.term) || []) {
              if (candidate.length !== 1) continue;
              if (!unit.synonyms.includes(c.term)) unit.synonyms.push(c.term);
              group.forEach((other) => unit.synonymTerms.push(...other));
            }
          }
        }
        // A phrase of the list (« personnes âgées »): its group's other phrases, at query time.
        for (const other of groups.flat()) {
          if (other === phrase) continue;
          if (other.length === 1) unit.clauses.push({ term: other[0], boost: BOOST.synonym });
          else unit.phrases.push({ terms: other, boost: BOOST.synonym });
        }
        units.push(unit);
      }
      return units;
    }

    /* ---- Scoring ---- */
    async function termsOfClauses(units) {
      const wanted = new Set();
      for (const unit of units) {
        for (const c of unit.clauses) wanted.add(c.term);
        for (const p of unit.phrases) p.terms.forEach((t) => wanted.add(t));
      }
      const files = [...new Set([...wanted].map(shardFile).filter(Boolean))];
      return new Map(await Promise.all(files.map(async (file) => [file, await loadShard(file)])));
    }
    function entryOf(loaded, term) {
      const shard = loaded.get(shardFile(term));
      return shard ? shard.entries.get(term) : undefined;
    }
    function prefixed(shard, prefix) {
      const out = [];
      for (let i = sortedIndexOf(shard.terms, prefix); i < shard.terms.length && shard.terms[i].startsWith(prefix); i++) {
        out.push(shard.terms[i]);
      }
      return out;
    }

    /* Unknown words of 5 letters or more: the indexed terms one edit away, as clauses. */
    async function addTypos(units, loaded) {
      const unknown = units.filter((u) => u.typo && !entryOf(loaded, u.typo));
      if (!unknown.length) return loaded;
      if (!vocabulary) {
        // Terms by length: a term one edit away is at most one letter longer or shorter.
        vocabulary = load(meta.vocabulary).then((terms) => {
          const byLength = [];
          for (const term of terms) (byLength[term.length] || (byLength[term.length] = [])).push(term);
          return byLength;
        });
        vocabulary.catch(() => { vocabulary = null; });
      }
      const byLength = await vocabulary;
      for (const unit of unknown) {
        const length = unit.typo.length;
        for (const term of [].concat(byLength[length - 1] || [], byLength[length] || [], byLength[length + 1] || [])) {
          if (oneEditApart(unit.typo, term)) unit.clauses.push({ term, boost: BOOST.typo, typo: true });
        }
      }
      return termsOfClauses(units);
    }

    /* Per unit: score per doc (0: no match), the docs matched, those matched in the title,
     * and the terms that matched. */
    function scoreUnit(unit, loaded) {
      const boostOf = new Map();  // term → its highest boost among the clauses
      for (const c of unit.clauses) {
        const shard = loaded.get(shardFile(c.term));
        if (!shard) continue;
        const terms = c.prefix ? prefixed(shard, c.term) : (shard.entries.has(c.term) ? [c.term] : []);
        for (const t of terms) if ((boostOf.get(t) || 0) < c.boost) boostOf.set(t, c.boost);
      }
      const scores = new Float64Array(count);
      const title = new Uint8Array(count);
      const matched = [];
      for (const [term, boost] of boostOf) {
        const p = postings(entryOf(loaded, term));
        matched.push(term);
        for (let i = 0; i < p.docs.length; i++) scores[p.docs[i]] += boost * p.weights[i];
        for (const doc of p.title) title[doc] = 1;
      }
      // Synonyms of single words: the best of the word's (and its prefixes') summed postings.
      if (unit.synonyms.length) {
        const best = new Float64Array(count);
        let any = false;
        for (const term of unit.synonyms) {
          const entry = entryOf(loaded, term);
          if (!entry) continue;
          const { docs, weights } = postings(entry).synonyms;
          for (let i = 0; i < docs.length; i++) if (weights[i] > best[docs[i]]) { best[docs[i]] = weights[i]; any = true; }
        }
        if (any) {
          for (let doc = 0; doc < count; doc++) scores[doc] += BOOST.synonym * best[doc];
          matched.push(...unit.synonymTerms);
        }
      }
      for (const phrase of unit.phrases) {
        const lists = phrase.terms.map((t) => entryOf(loaded, t)).map((e) => e && postings(e));
        if (lists.some((p) => !p)) continue;
        const [first, ...rest] = lists;
        const others = rest.map(dense);
        let hit = false;
        for (let i = 0; i < first.docs.length; i++) {
          const doc = first.docs[i];
          let sum = first.weights[i];
          let inTitle = first.title.has(doc);
          let all = true;
          for (let k = 0; k < rest.length && all; k++) {
            const other = others[k][doc];
            if (other === 0) all = false;
            else { sum += other; inTitle = inTitle && rest[k].title.has(doc); }
          }
          if (!all) continue;
          hit = true;
          scores[doc] += phrase.boost * sum;
          if (inTitle) title[doc] = 1;
        }
        if (hit) matched.push(...phrase.terms);
      }
      let hits = 0;
      for (let doc = 0; doc < count; doc++) if (scores[doc] > 0) hits++;
      return { scores, title, matched, hits };
    }

    function ranking(units, loaded) {
      const scored = units.map((unit) => scoreUnit(unit, loaded));
      const n = units.length;
      const unitsOf = new Uint8Array(count);
      const inTitle = new Uint8Array(count);
      const total = new Float64Array(count);
      for (const { scores, title } of scored) {
        for (let doc = 0; doc < count; doc++) {
          if (scores[doc] > 0) { unitsOf[doc]++; inTitle[doc] += title[doc]; total[doc] += scores[doc]; }
        }
      }
      let full = 0, best = 0;
      for (let doc = 0; doc < count; doc++) { if (unitsOf[doc] === n) full++; if (unitsOf[doc] > best) best = unitsOf[doc]; }
      // Too few with every unit: those with most units too, but no fewer than half of them.
      const floor = full >= HANDFUL ? n : Math.max(1, Math.min(Math.ceil(n / 2), best));
      const kept = [];
      for (let doc = 0; doc < count; doc++) {
        if (unitsOf[doc] >= floor) { kept.push(doc); total[doc] = Math.round(total[doc] * 1e6) / 1e6; }
      }
      // Tier: units matched, then all of them in the title.
      const tier = new Uint8Array(count);
      for (const doc of kept) tier[doc] = 2 * unitsOf[doc] + (inTitle[doc] === n ? 1 : 0);
      kept.sort((a, b) => (tier[b] - tier[a]) || (total[b] - total[a]) || (a - b));
      let ranked = null;
      return {
        docs: kept,  // best first
        complete: (doc) => unitsOf[doc] === n,
        partial: kept.reduce((sum, doc) => sum + (unitsOf[doc] === n ? 0 : 1), 0),
        get ranked() {  // [[doc, score, has every unit]], built when asked (tests, command line)
          return ranked || (ranked = kept.map((doc) => [doc, total[doc], unitsOf[doc] === n]));
        },
        unmatched: units.filter((_, i) => scored[i].hits === 0).map((u) => u.text),
        matched: new Set(scored.flatMap((s) => s.matched)),
      };
    }

    /* {ranked: [[doc, score, hasEveryWord]], unmatched: [words], matched: Set of terms},
     * or null when the query has no word to look for. */
    async function rank(query) {
      const units = parse(query);
      if (!units.length) return null;
      const loaded = await addTypos(units, await termsOfClauses(units));
      return ranking(units, loaded);
    }

    /* The same text is ranked again when a filter, the sort or « more results » changes:
     * keep the last rankings (a Map keeps insertion order, so the oldest goes first). */
    const RANKINGS_KEPT = 20;
    const rankings = new Map();
    function rankKept(query) {
      const promise = remembered(rankings, query, () => rank(query));
      if (rankings.size > RANKINGS_KEPT) rankings.delete(rankings.keys().next().value);
      return promise;
    }

    /* Facets: OR inside a facet, AND across facets; a facet's counts follow the other facets. */
    function facetCounts(candidates, selected) {
      const facetCount = meta.facets.length;
      const active = [];
      for (let f = 0; f < facetCount; f++) {
        const values = selected[meta.facets[f].key];
        if (values && values.length) active.push([f, new Set(values)]);
      }
      const counts = meta.facets.map((facet) => new Array(facet.values.length).fill(0));
      const has = (value, values) => (typeof value === "number" ? values.has(value) : value.some((v) => values.has(v)));
      const add = (f, value) => {
        if (typeof value === "number") counts[f][value]++;
        else for (const v of value) counts[f][v]++;
      };
      const kept = [];
      for (const doc of candidates) {
        let failed = -1, failures = 0;
        for (const [f, values] of active) {
          if (!has(facetColumns[f][doc], values)) { failures++; failed = f; if (failures > 1) break; }
        }
        if (failures > 1) continue;
        if (failures === 0) {
          kept.push(doc);
          for (let f = 0; f < facetCount; f++) add(f, facetColumns[f][doc]);
        } else {
          add(failed, facetColumns[failed][doc]);
        }
      }
      return { kept, counts };
    }

    /* A title or summary cut into [text, matched] segments, for <mark> highlighting. */
    const termsOfWord = new Map();  // a word as written → its terms (a cache: cards repeat words)
    function segments(text, matched) {
      if (!matched.size) return [[text, false]];
      const out = [];
      let last = 0;
      for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
        let terms = termsOfWord.get(m[0]);
        if (!terms) { terms = words(m[0]).map(termOf); termsOfWord.set(m[0], terms); }
        if (!terms.some((t) => matched.has(t))) continue;
        if (m.index > last) out.push([text.slice(last, m.index), false]);
        out.push([m[0], true]);
        last = m.index + m[0].length;
      }
      if (last < text.length) out.push([text.slice(last), false]);
      return out;
    }

    /* A result as the page shows it, its card downloaded: highlighted title and summary. */
    function itemOf(result, doc) {
      const card = cardOf(doc);
      const matched = result ? result.matched : new Set();
      const partial = result ? !result.complete(doc) : false;
      return { doc, card, partial, title: segments(card.t, matched), summary: segments(card.r, matched) };
    }
    /* Download the cards of `shown` still missing (a promise). When some
     * are missing or the docs file is not there yet, `onFirst` receives the first FIRST_SHOWN
     * results, in rank order, each as soon as its card and those of the results before it
     * are there: the first results' files are asked for alone first (on a connection that
     * serves a few requests at a time, the others would delay them). */
    function showCards(result, shown, onFirst) {
      const filesOf = (docs) => [...new Set(docs.filter((doc) => !cardOf(doc)).map(chunkFile))];
      const files = filesOf(shown);
      let first = Promise.resolve();
      if (onFirst && shown.length && (files.length || !years)) {
        const firstDocs = shown.slice(0, FIRST_SHOWN);
        let ready = 0;
        const advance = () => {
          const before = ready;
          while (ready < firstDocs.length && cardOf(firstDocs[ready])) ready++;
          if (ready > before) onFirst(firstDocs.slice(0, ready).map((doc) => itemOf(result, doc)));
        };
        advance();
        first = Promise.all(filesOf(firstDocs).map((file) => loadChunk(file).then(advance)));
      }
      return first.then(() => Promise.all(files.map(loadChunk)));
    }

    /* Everything a results page shows: totals, facet counts and the first `limit` cards.
     * When some cards still have to be downloaded or the docs file is not there yet,
     * `onFirst(items)` (if given) receives the first FIRST_SHOWN items, best first, as their
     * cards arrive (see showCards). */
    async function search({ q, selected, sort, limit, onFirst }) {
      const ranking = (q || "").trim() ? rankKept(q) : undefined;
      const filtered = Object.values(selected || {}).some((values) => values.length);
      let early = null;
      if (ranking && !filtered && sort === "pertinence") {
        // Without filters the first results are the best ranked: they show as soon as their
        // cards are there. The docs file (needed to count and filter) is asked for once the
        // ranking is known, beside those cards: asked for earlier, it would share the
        // connection with the shards.
        early = ranking.then((r) => r && showCards(r, r.docs.slice(0, limit), onFirst));
        early.catch(() => {});  // awaited below; this only keeps an early failure from going unhandled
      }
      const docsLoaded = early ? ranking.then(loadDocs) : loadDocs();
      const [result] = await Promise.all([ranking, docsLoaded]);
      let candidates;
      if (result === undefined) {
        candidates = Array.from(years, (_, doc) => doc);  // browse mode: every initiative, in listing order
      } else {
        candidates = result === null ? [] : result.docs;
      }
      const { kept, counts } = facetCounts(candidates, selected || {});
      if (sort === "annee") {
        const position = new Map(kept.map((doc, i) => [doc, i]));
        kept.sort((a, b) => (years[b] - years[a]) || (position.get(a) - position.get(b)));
      } else if (sort === "titre") {
        if (!titleRanks) titleRanks = await load(meta.titles);
        kept.sort((a, b) => titleRanks[a] - titleRanks[b]);
      }
      const shown = kept.slice(0, limit);
      await (early || showCards(result, shown, onFirst));
      const items = shown.map((doc) => itemOf(result, doc));
      const complete = result ? result.complete : () => true;
      // Partial results among those kept by the filters (all of them when none is chosen).
      const partial = !result ? 0 : kept.length !== candidates.length ? kept.reduce((sum, doc) => sum + (complete(doc) ? 0 : 1), 0) : result.partial;
      return {
        total: kept.length,
        partial,
        unmatched: result ? result.unmatched : [],
        counts,
        items,
        searched: result !== undefined,
        noWords: result === null,
      };
    }

    /* Start downloading the term shards of a query (a page opened at ?q=…), ranking nothing.
     * A word's shard is that of its first letters, which stemming keeps: so the stemmer
     * (slow on its first call) is not waited for. Should the two differ, the search asks
     * for its own shards anyway. */
    function prefetch(query) {
      const files = words(Array.from(query).slice(0, MAX_LENGTH).join("")).slice(0, MAX_WORDS)
        .filter((w) => !stopWords.has(w)).map(shardFile).filter(Boolean);
      return Promise.all([...new Set(files)].map(loadShard));
    }
    return { count, facets: meta.facets, ready: loadDocs, parse, prefetch, rank: rankKept, search, facetCounts, analyser };
  }

  return { fold, words, singular, createAnalyser, createEngine, oneEditApart, HANDFUL };
});
