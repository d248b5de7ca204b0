/* Search worker of the portal: loads the prebuilt index in pieces and answers queries.
 *
 * It runs the same text pipeline and the same query as plugins/portal_search (french.py,
 * engine.py); tests compare both (parity test). Messages:
 *   in  {type: "init", meta: URL}                       → out {type: "ready", count, facets}
 *   in  {type: "search", id, q, selected, sort, limit}  → out {type: "results", id, …}
 *   in  {type: "rank", id, q}                           → out {type: "rank", id, ranked}
 * Everything sent back is plain data; the page inserts it as text.
 */
/* global lunr, importScripts */
"use strict";

importScripts("../vendor/lunr/lunr.min.js", "../vendor/lunr/lunr.stemmer.support.min.js", "../vendor/lunr/lunr.fr.min.js");

const MAX_WORDS = 8;
const MAX_LENGTH = 200;
const EXACT_BOOST = 10;
const PREFIX_BOOST = 3;
const STEM_PREFIX_BOOST = 5;
const FUZZY_BOOST = 1;
const FUZZY_MIN_LENGTH = 5;
const KEY_LENGTH = 3;  // terms are sharded by their first three letters (builder.py)
const LIGATURES = { "œ": "oe", "æ": "ae", "ß": "ss" };

let meta = null;
let metaUrl = null;
let years = null;          // per initiative: its latest award year
let facetColumns = null;   // per facet, per initiative: a value index or a list of them
let titleRanks = null;     // per initiative: its rank by title (loaded when sorting by title)
let stopWords = null;
const shards = new Map();  // file → Promise<lunr.Index>
const chunks = new Map();  // file → Promise<cards[]>
const stems = new Map();

/* Text pipeline (same as french.py) */
function fold(text) {
  let t = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  for (const [lig, letters] of Object.entries(LIGATURES)) t = t.split(lig).join(letters);
  return t;
}
function words(text) {
  return (fold(text).match(/[a-z0-9]+/g) || []).filter((w) => w.length > 1);
}
function singular(w) {
  const plural = (w.endsWith("s") && !w.endsWith("ss")) || w.endsWith("aux") || w.endsWith("eux");
  return w.length > 3 && plural ? w.slice(0, -1) : w;
}
function termOf(w) {
  let t = stems.get(w);
  if (t === undefined) {
    t = lunr.fr.stemmer(new lunr.Token(singular(w))).toString();
    stems.set(w, t);
  }
  return t;
}

/* Query (same as engine.py) */
function wordSpecs(query) {
  query = Array.from(query).slice(0, MAX_LENGTH).join("");
  const found = words(query).slice(0, MAX_WORDS);
  const typing = found.length > 0 && !/\s$/.test(query);
  const specs = [];
  const seen = new Set();
  found.forEach((word, position) => {
    const last = typing && position === found.length - 1;
    const stop = stopWords.has(word);
    const seenKey = word + (last ? "\u0001" : "");
    if ((stop && !last) || seen.has(seenKey)) return;
    seen.add(seenKey);
    const clauses = [];
    if (!stop) clauses.push({ term: termOf(word), boost: EXACT_BOOST });
    if (last && word.length >= KEY_LENGTH) {
      clauses.push({ term: word, boost: PREFIX_BOOST, wildcard: true });
      for (let length = Math.max(4, word.length - 5); length < word.length; length++) {
        clauses.push({ term: word.slice(0, length), boost: STEM_PREFIX_BOOST });
      }
    }
    if (!stop && termOf(word).length >= FUZZY_MIN_LENGTH) clauses.push({ term: termOf(word), boost: FUZZY_BOOST, fuzzy: true });
    if (clauses.length) specs.push({ word, clauses });
  });
  return specs;
}

function shardIndex(entries, fields) {
  const invertedIndex = {};
  const pairs = {};
  for (const [term, termIndex, ...columns] of entries) {
    const posting = { _index: termIndex };
    for (const name of fields) posting[name] = {};
    columns.forEach((flat, column) => {
      const name = fields[column];
      let doc = 0;
      for (let i = 0; i < flat.length; i += 2) {
        doc += flat[i];
        posting[name][doc] = {};
        const ref = name + "/" + doc;
        (pairs[ref] || (pairs[ref] = [])).push([termIndex, flat[i + 1] / 1000]);
      }
    });
    invertedIndex[term] = posting;
  }
  const fieldVectors = {};
  for (const [ref, list] of Object.entries(pairs)) {
    list.sort((a, b) => a[0] - b[0]);
    fieldVectors[ref] = new lunr.Vector(list.flat());
  }
  const terms = Object.keys(invertedIndex).sort();
  return new lunr.Index({
    invertedIndex, fieldVectors, tokenSet: lunr.TokenSet.fromArray(terms), fields, pipeline: new lunr.Pipeline(),
  });
}

async function fetchJson(name) {
  const response = await fetch(new URL(name, metaUrl));
  if (!response.ok) throw new Error(name + " : HTTP " + response.status);
  return response.json();
}

function shardFile(key) {
  // The last shard whose first key is <= key (the shards are sorted).
  const firsts = meta.shards.firsts;
  let lo = 0, hi = firsts.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (firsts[mid] <= key) lo = mid + 1; else hi = mid; }
  return lo > 0 ? meta.shards.dir + (lo - 1) + ".json" : null;
}
function chunkFile(doc) {
  return meta.store.dir + Math.floor(doc / meta.store.size) + ".json";
}
/* A cached promise that is forgotten if it fails, so that a later query tries again. */
function remembered(cache, key, promise) {
  promise.catch(() => cache.delete(key));
  return promise;
}
function loadShard(file) {
  if (!shards.has(file)) {
    shards.set(file, remembered(shards, file, fetchJson(file).then((entries) => shardIndex(entries, meta.fields))));
  }
  return shards.get(file);
}
function loadChunk(file) {
  if (!chunks.has(file)) chunks.set(file, remembered(chunks, file, fetchJson(file)));
  return chunks.get(file);
}

/* The same text is ranked again when a filter, the sort or « more results » changes:
 * keep the last rankings (a Map keeps insertion order, so the oldest goes first). */
const RANKINGS_KEPT = 20;
const rankings = new Map();
async function rank(query) {
  if (!rankings.has(query)) {
    rankings.set(query, remembered(rankings, query, rankQuery(query)));
    if (rankings.size > RANKINGS_KEPT) rankings.delete(rankings.keys().next().value);
  }
  return rankings.get(query);
}

/* Ranked [doc, score, matched terms] for a query, or null when the query has no words. */
async function rankQuery(query) {
  const specs = wordSpecs(query);
  if (!specs.length) return null;
  // Each clause is run on the shard of its term's key; a word sums its shards, in key order.
  const groupsOf = specs.map((spec) => {
    const groups = new Map();
    for (const c of spec.clauses) {
      const key = c.term.slice(0, KEY_LENGTH);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(c);
    }
    return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  });
  const needed = [...new Set(groupsOf.flat().map(([key]) => shardFile(key)).filter(Boolean))];
  const loaded = new Map(await Promise.all(needed.map(async (file) => [file, await loadShard(file)])));
  let total = null;
  specs.forEach((spec, i) => {
    const scores = new Map();
    for (const [key, clauses] of groupsOf[i]) {
      const file = shardFile(key);
      if (!file) continue;
      const index = loaded.get(file);
      const results = index.query((q) => {
        for (const c of clauses) {
          // Typo tolerance only for words the index does not know (as engine.py).
          if (c.fuzzy && Object.prototype.hasOwnProperty.call(index.invertedIndex, c.term)) continue;
          const options = {
            usePipeline: false,
            boost: c.boost,
            wildcard: c.wildcard ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
          };
          // lunr.js treats any editDistance key, even 0, as a fuzzy clause (and "*" as a letter).
          if (c.fuzzy) options.editDistance = 1;
          q.term(c.term, options);
        }
      });
      for (const r of results) {
        const doc = Number(r.ref);
        const before = scores.get(doc);
        const terms = Object.keys(r.matchData.metadata);
        scores.set(doc, before ? [before[0] + r.score, before[1].concat(terms)] : [r.score, terms]);
      }
    }
    if (total === null) { total = scores; return; }
    const next = new Map();
    for (const [doc, [score, terms]] of scores) {
      const before = total.get(doc);
      if (before) next.set(doc, [before[0] + score, before[1].concat(terms)]);
    }
    total = next;
  });
  const round = (x) => Math.round(x * 1e6) / 1e6;
  return Array.from(total, ([doc, [score, terms]]) => [doc, score, terms])
    .sort((a, b) => (round(b[1]) - round(a[1])) || (a[0] - b[0]));
}

/* Facets: OR inside a facet, AND across facets; counts follow the other facets. */
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

/* Title and summary cut into [text, matched] segments, for <mark> highlighting. */
function segments(text, matched) {
  if (!matched.size) return [[text, false]];
  const out = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const hit = words(m[0]).some((w) => matched.has(termOf(w)));
    if (!hit) continue;
    if (m.index > last) out.push([text.slice(last, m.index), false]);
    out.push([m[0], true]);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push([text.slice(last), false]);
  return out;
}

async function search({ q, selected, sort, limit }) {
  const ranked = (q || "").trim() ? await rank(q) : undefined;
  let candidates, matchedOf = new Map();
  if (ranked === undefined) {
    candidates = years.map((_, doc) => doc);  // browse mode: every initiative, in listing order
  } else if (ranked === null) {
    candidates = [];
  } else {
    candidates = ranked.map(([doc]) => doc);
    for (const [doc, , terms] of ranked) matchedOf.set(doc, new Set(terms));
  }
  const { kept, counts } = facetCounts(candidates, selected || {});
  if (sort === "annee") {
    const position = new Map(kept.map((doc, i) => [doc, i]));
    kept.sort((a, b) => (years[b] - years[a]) || (position.get(a) - position.get(b)));
  } else if (sort === "titre") {
    if (!titleRanks) titleRanks = await fetchJson(meta.titles);
    kept.sort((a, b) => titleRanks[a] - titleRanks[b]);
  }
  const shown = kept.slice(0, limit);
  const size = meta.store.size;
  const files = [...new Set(shown.map(chunkFile))];
  const loaded = new Map(await Promise.all(files.map(async (file) => [file, await loadChunk(file)])));
  const items = shown.map((doc) => {
    const card = loaded.get(chunkFile(doc))[doc % size];
    const matched = matchedOf.get(doc) || new Set();
    return { doc, card, title: segments(card.t, matched), summary: segments(card.r, matched) };
  });
  return { total: kept.length, counts, items, searched: ranked !== undefined, noWords: ranked === null };
}

async function init(url) {
  metaUrl = new URL(url, self.location.href);
  meta = await fetchJson(metaUrl.href);
  stopWords = new Set(meta.stopWords);
  const docs = await fetchJson(meta.docs);
  years = docs.years;
  facetColumns = docs.facets;
  return { count: meta.count, facets: meta.facets };
}

let ready = null;
self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === "init") {
      if (!ready) ready = init(message.meta);
      self.postMessage({ type: "ready", ...(await ready) });
    } else if (message.type === "search") {
      await ready;
      const started = performance.now();
      const result = await search(message);
      self.postMessage({ type: "results", id: message.id, workerMs: performance.now() - started, ...result });
    } else if (message.type === "rank") {
      await ready;
      const ranked = await rank(message.q);
      self.postMessage({ type: "rank", id: message.id, ranked: (ranked || []).map(([doc, score]) => [doc, score]) });
    }
  } catch (error) {
    self.postMessage({ type: "error", id: message.id, message: String(error && error.message || error) });
  }
};
