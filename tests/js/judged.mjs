// Recall@10 and MRR of the engine on the judged query set (tests/data/search-queries.json).
// As a script: node tests/js/judged.mjs INDEX_DIR → prints the figures and the misses, as JSON.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openIndex, readJson, ROOT } from "./load-engine.mjs";

export const QUERY_SET = path.join(ROOT, "tests", "data", "search-queries.json");

export async function judge(index) {
  const { queries } = await readJson(QUERY_SET);
  const perQuery = [];
  for (const { q, kind, expected } of queries) {
    const result = await index.engine.rank(q);
    const ranked = result ? result.ranked.map(([doc]) => index.slugs[doc]) : [];
    const top = ranked.slice(0, 10);
    const recall = expected.filter((slug) => top.includes(slug)).length / expected.length;
    const first = ranked.findIndex((slug) => expected.includes(slug));
    perQuery.push({ q, kind, recall, reciprocal: first < 0 ? 0 : 1 / (first + 1), count: ranked.length, top: top.slice(0, 3) });
  }
  const mean = (key) => perQuery.reduce((sum, r) => sum + r[key], 0) / perQuery.length;
  return { queries: perQuery.length, recallAt10: mean("recall"), mrr: mean("reciprocal"), perQuery };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await judge(await openIndex(process.argv[2]));
  const misses = figures.perQuery.filter((r) => r.recall < 1);
  process.stdout.write(JSON.stringify({ ...figures, perQuery: undefined, misses }, null, 1) + "\n");
}
