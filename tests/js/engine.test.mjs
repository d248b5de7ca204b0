// The query engine (theme/static/js/recherche-engine.js) on a built real site's index.
// Run by tests/test_search_node.py (make test), which builds the site and gives its index
// folder in PORTAL_SEARCH_INDEX:  node --test tests/js/
import assert from "node:assert/strict";
import { before, test } from "node:test";
import path from "node:path";
import { engineModule, indexFolder, openIndex, readJson } from "./load-engine.mjs";
import { judge } from "./judged.mjs";

let index;
before(async () => { index = await openIndex(indexFolder()); });

const docsOf = async (q) => {
  const result = await index.engine.rank(q);
  return result ? result.ranked.map(([doc]) => doc) : [];
};
const slugsOf = async (q) => (await docsOf(q)).map((doc) => index.slugs[doc]);

test("judged query set: recall@10 and MRR above their floors", async () => {
  const figures = await judge(index);
  console.log(`judged queries: ${figures.queries}, recall@10 ${figures.recallAt10.toFixed(3)}, MRR ${figures.mrr.toFixed(3)}`);
  assert.ok(figures.queries >= 60);
  assert.ok(figures.recallAt10 >= 0.9, `recall@10 ${figures.recallAt10}`);
  assert.ok(figures.mrr >= 0.8, `MRR ${figures.mrr}`);
});

test("zero-result rate: no judged query that matches a word returns an empty page", async () => {
  const figures = await judge(index);
  const empty = [];
  for (const { q } of figures.perQuery) {
    const page = await index.engine.search({ q, selected: {}, sort: "pertinence", limit: 20 });
    const someWordMatches = (await index.engine.rank(q)).unmatched.length < index.engine.parse(q).length;
    if (someWordMatches && page.items.length === 0) empty.push(q);
  }
  assert.deepEqual(empty, []);
});

test("typing letter by letter: no result of the full word vanishes on the way", async () => {
  // Once shown, a result of the full word stays until the word is complete; the best one
  // is there from the fourth letter on. (The full word may add results: its synonyms.)
  for (const word of ["cybersecurite", "biodiversite", "velos", "reboisements", "teletravail", "inondations"]) {
    const final = await docsOf(word);
    const wanted = new Set(final);
    assert.ok(final.length > 0, word);
    let shown = new Set();
    for (let length = 3; length <= word.length; length++) {
      const found = new Set(await docsOf(word.slice(0, length)));
      const lost = [...shown].filter((doc) => !found.has(doc));
      assert.deepEqual(lost, [], `${word.slice(0, length)} loses ${lost.map((d) => index.slugs[d])}`);
      if (length >= 4) assert.ok(found.has(final[0]), `${word.slice(0, length)} misses ${index.slugs[final[0]]}`);
      shown = new Set([...found].filter((doc) => wanted.has(doc)));
    }
  }
});

test("typos: one edit anywhere in a word of 5 letters or more, scored below the exact word", async () => {
  const exact = await index.engine.rank("cybersecurite");
  for (const typo of ["cyebrsecurite", "ycbersecurite", "cybersecurtie", "cyberscurite", "cybersecuritee", "kybersecurite"]) {
    const result = await index.engine.rank(typo);
    assert.deepEqual(result.ranked.slice(0, 2).map(([doc]) => doc).sort(), exact.ranked.slice(0, 2).map(([doc]) => doc).sort(), typo);
    assert.ok(result.ranked[0][1] < exact.ranked[0][1], typo);
  }
  // Four letters: no typo tolerance (too many neighbours).
  assert.deepEqual(await docsOf("vleo "), []);
  assert.ok(engineModule.oneEditApart("cyebr", "cyber") && engineModule.oneEditApart("abc", "abcd"));
  assert.ok(!engineModule.oneEditApart("abc", "abc") && !engineModule.oneEditApart("abcd", "badc"));
});

test("synonyms: found through the list, ranked below the typed word", async () => {
  // « lampadaires » is only in one fiche; « éclairage » (its synonym) in more.
  const lamps = await slugsOf("lampadaires");
  assert.equal(lamps[0], "urrugne-j-allume-ma-rue");
  assert.ok(lamps.length > 1);
  // « aînés » is in no fiche: only its synonyms find something.
  assert.ok((await slugsOf("aînés")).includes("paris-5e-estivales-seniors"));
  // A phrase of the list is one unit: « restauration scolaire » also finds « cantine ».
  assert.ok((await slugsOf("restauration scolaire")).includes("beauvais-cafes-et-cantines-des-policiers"));
  // The typed word at full weight, its synonyms (summed by the builder) at a lower one.
  const [unit] = index.engine.parse("cantine");
  assert.deepEqual(unit.clauses[0], { term: "cantin", boost: index.meta.boosts.exact });
  assert.deepEqual(unit.synonyms, ["cantin"]);
  assert.ok(unit.synonymTerms.includes("restaur") && unit.synonymTerms.includes("scolair"));
  assert.ok(index.meta.boosts.synonym < index.meta.boosts.exact);
  // A fiche with « cantine » in its title ranks above those that only have a synonym.
  assert.equal((await slugsOf("cantine"))[0], "beauvais-cafes-et-cantines-des-policiers");
});

test("partial matches: most of the words, below and marked, unknown words named", async () => {
  const result = await index.engine.rank("cybersécurité xyzzyq");
  assert.deepEqual(result.unmatched, ["xyzzyq"]);
  assert.ok(result.ranked.length >= 2 && result.ranked.every(([, , all]) => all === false));
  const page = await index.engine.search({ q: "cybersécurité xyzzyq", selected: {}, sort: "pertinence", limit: 20 });
  assert.equal(page.partial, page.total);
  assert.ok(page.items.every((item) => item.partial));
  // Every word matched, enough of them: no partial result at all.
  const full = await index.engine.search({ q: "numérique", selected: {}, sort: "pertinence", limit: 20 });
  assert.equal(full.partial, 0);
  // Few results with every word: those with part of them follow, after all complete ones.
  const mixed = (await index.engine.rank("cantine bio")).ranked;
  const firstPartial = mixed.findIndex(([, , all]) => !all);
  assert.ok(firstPartial > 0 && mixed.slice(firstPartial).every(([, , all]) => !all));
});

test("ranking: all the words in the title first", async () => {
  const slugs = await slugsOf("participation citoyenne");
  assert.equal(slugs[0], "mulhouse-participation-citoyenne-marche-public");
  assert.equal((await slugsOf("éclairage public"))[0], "urrugne-j-allume-ma-rue");
});

/* Independent count: read the docs file's columns directly. */
function independentCounts(candidates, selected) {
  const { meta, docs } = index;
  const valuesOf = (f, doc) => [].concat(docs.facets[f][doc]);
  const passes = (doc, skip) => meta.facets.every((facet, f) => {
    const wanted = selected[facet.key];
    return f === skip || !wanted || valuesOf(f, doc).some((v) => wanted.includes(v));
  });
  return meta.facets.map((facet, f) => facet.values.map((_, v) => candidates.filter((doc) => passes(doc, f) && valuesOf(f, doc).includes(v)).length));
}

test("facets: counts follow the query and the other facets, checked against an independent count", async () => {
  const medal = index.meta.facets.findIndex((f) => f.key === "medaille");
  const size = index.meta.facets.findIndex((f) => f.key === "taille");
  assert.ok(size >= 0 && index.meta.facets[size].values.length === 5);
  for (const [q, selected] of [["numérique", {}], ["numérique", { medaille: [0] }], ["", { medaille: [0, 1], taille: [4] }], ["jeunes", { taille: [1, 2] }]]) {
    const candidates = q ? await docsOf(q) : index.docs.years.map((_, doc) => doc);
    const { counts, kept } = index.engine.facetCounts(candidates, selected);
    assert.deepEqual(counts, independentCounts(candidates, selected), `${q} ${JSON.stringify(selected)}`);
    const page = await index.engine.search({ q, selected, sort: "pertinence", limit: 5 });
    assert.equal(page.total, kept.length);
    if (selected.medaille) assert.ok(kept.every((doc) => selected.medaille.includes(index.docs.facets[medal][doc])));
  }
});

test("synonym list: at least 60 groups with a word or phrase the fiches really use", async () => {
  // Terms that some fiche uses (field postings, not only synonyms).
  const used = new Set();
  for (let n = 0; n < index.meta.shards.firsts.length; n++) {
    for (const entry of await readJson(path.join(indexFolder(), index.meta.shards.dir + n + ".json"))) {
      if (entry.length > 2) used.add(entry[0]);
    }
  }
  const groups = index.meta.synonyms.filter((group) => group.some((phrase) => phrase.every((t) => used.has(t))));
  assert.ok(groups.length >= 60, `${groups.length} groups used`);
});

test("prefetch downloads a query's term shards (and their first results' cards) only, and the search then reuses them", async () => {
  const folder = indexFolder();
  const asked = [];
  const load = (name) => { asked.push(name); return readJson(path.join(folder, name)); };
  const engine = engineModule.createEngine(index.meta, load);
  await engine.ready();
  asked.length = 0;
  await engine.prefetch("eau potable");
  const beside = (name) => name.startsWith(index.meta.shards.dir) || name.startsWith(index.meta.leads.dir);
  assert.ok(asked.some((name) => name.startsWith(index.meta.shards.dir)) && asked.every(beside), asked.join(" "));
  const shards = [...asked];
  asked.length = 0;
  const page = await engine.search({ q: "eau potable", selected: {}, sort: "pertinence", limit: 20 });
  assert.ok(page.items.length > 0);
  assert.deepEqual(asked.filter((name) => shards.includes(name)), []);
});

test("first results: given in rank order as their cards arrive when some must be downloaded, never when all are there", async () => {
  const folder = indexFolder();
  const engine = engineModule.createEngine(index.meta, (name) => readJson(path.join(folder, name)));
  await engine.ready();
  const firsts = [];
  const query = { q: "commune", selected: {}, sort: "pertinence", limit: 20, onFirst: (items) => firsts.push(items) };
  const cold = await engine.search(query);
  assert.equal(cold.items.length, 20);
  // Each call gives more of the first five, always the best ones first.
  assert.ok(firsts.length >= 1 && firsts.length <= 5, String(firsts.length));
  firsts.forEach((items, i) => {
    if (i > 0) assert.ok(items.length > firsts[i - 1].length);
    assert.deepEqual(items.map((item) => item.doc), cold.items.slice(0, items.length).map((item) => item.doc));
    assert.deepEqual(items.map((item) => item.card), cold.items.slice(0, items.length).map((item) => item.card));
  });
  assert.equal(firsts.at(-1).length, 5);
  const calls = firsts.length;
  const warm = await engine.search(query);
  assert.equal(firsts.length, calls);
  assert.deepEqual(warm.items.map((item) => item.doc), cold.items.map((item) => item.doc));
});

test("cards beside a shard: a one-word query's first results need no file of the store", async () => {
  const folder = indexFolder();
  const asked = [];
  const load = (name) => { asked.push(name); return readJson(path.join(folder, name)); };
  const engine = engineModule.createEngine(index.meta, load);
  const firsts = [];
  let askedBefore = null;
  const onFirst = (items) => { firsts.push(items); if (askedBefore === null) askedBefore = [...asked]; };
  const page = await engine.search({ q: "commune", selected: {}, sort: "pertinence", limit: 20, onFirst });
  // The first five at once, before any file of the store or the docs file was asked for.
  assert.equal(firsts[0].length, 5);
  assert.ok(askedBefore.some((name) => name.startsWith(index.meta.leads.dir)));
  assert.deepEqual(askedBefore.filter((name) => name.startsWith(index.meta.store.dir) || name === index.meta.docs), []);
  assert.deepEqual(firsts[0].map((item) => item.card), page.items.slice(0, 5).map((item) => item.card));
  // The cards beside the shard are those of the store; the other results' come from it.
  for (const item of firsts[0]) {
    const chunk = await readJson(path.join(folder, index.meta.store.dir + Math.floor(item.doc / index.meta.store.size) + ".json"));
    assert.deepEqual(item.card, chunk[item.doc % index.meta.store.size]);
  }
  assert.ok(asked.some((name) => name.startsWith(index.meta.store.dir)));
});
