// Query a built site's search index with the query engine, as the browser does.
// Usage: node query.js NODE_MODULES_DIR INDEX_DIR QUERY LIMIT > JSON
"use strict";
const fs = require("fs/promises");
const path = require("path");
const [modules, folder, query, limit] = process.argv.slice(2);
const lunr = require(path.join(modules, "lunr"));
require(path.join(modules, "lunr-languages", "lunr.stemmer.support.js"))(lunr);
require(path.join(modules, "lunr-languages", "lunr.fr.js"))(lunr);
const { createEngine } = require(path.join(__dirname, "..", "..", "theme", "static", "js", "recherche-engine.js"))(lunr);

async function main() {
  const load = async (name) => JSON.parse(await fs.readFile(path.join(folder, name), "utf8"));
  const meta = await load("meta.json");
  const engine = createEngine(meta, load);
  const result = await engine.search({ q: query, selected: {}, sort: "pertinence", limit: Number(limit) });
  const ranked = (await engine.rank(query)) || { ranked: [] };
  const scores = new Map(ranked.ranked.map(([doc, score]) => [doc, score]));
  process.stdout.write(JSON.stringify({
    total: result.total,
    partial: result.partial,
    unmatched: result.unmatched,
    items: result.items.map((item) => ({
      score: scores.get(item.doc), partial: item.partial, title: item.card.t, url: item.card.u,
    })),
  }));
}
main().catch((error) => { process.stderr.write(String(error.stack || error)); process.exit(1); });
