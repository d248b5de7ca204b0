// Load the query engine under Node on a built index folder, as the search page does in the browser.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const modules = path.join(root, "node_modules");
const lunr = require(path.join(modules, "lunr"));
require(path.join(modules, "lunr-languages", "lunr.stemmer.support.js"))(lunr);
require(path.join(modules, "lunr-languages", "lunr.fr.js"))(lunr);
export const engineModule = require(path.join(root, "theme", "static", "js", "recherche-engine.js"))(lunr);
export const ROOT = root;

export async function readJson(file) {
  return JSON.parse(await readFile(file, "utf8"));
}

/* The engine over an index folder, plus what the tests need to read the files themselves. */
export async function openIndex(folder) {
  const load = (name) => readJson(path.join(folder, name));
  const meta = await load("meta.json");
  const docs = await load(meta.docs);
  const engine = engineModule.createEngine(meta, load);
  await engine.ready();
  const cards = [];
  for (let n = 0; n * meta.store.size < meta.count; n++) cards.push(...(await load(meta.store.dir + n + ".json")));
  const slugs = cards.map((card) => card.u.split("/").filter(Boolean).pop());
  return { engine, meta, docs, cards, slugs };
}

/* The index folder given by the test runner (a built real site). */
export function indexFolder() {
  const folder = process.env.PORTAL_SEARCH_INDEX;
  if (!folder) throw new Error("PORTAL_SEARCH_INDEX : dossier de l'index à tester non donné");
  return folder;
}
