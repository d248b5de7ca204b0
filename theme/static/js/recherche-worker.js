/* Search worker of the portal: loads the prebuilt index in pieces and answers queries.
 *
 * The query logic is the engine's (recherche-engine.js); this file only fetches the
 * index files and passes messages:
 *   in  {type: "init", meta: URL}                       → out {type: "ready", count, facets}
 *   in  {type: "search", id, q, selected, sort, limit}  → out {type: "results", id, …}
 *   in  {type: "rank", id, q}                           → out {type: "rank", id, ranked}
 * Everything sent back is plain data; the page inserts it as text.
 */
/* global lunr, importScripts, portalSearchEngine */
"use strict";

let engine = null;

async function init(url) {
  const metaUrl = new URL(url, self.location.href);
  const load = async (name) => {
    const response = await fetch(new URL(name, metaUrl));
    if (!response.ok) throw new Error(name + " : HTTP " + response.status);
    return response.json();
  };
  // meta.json downloads while the scripts load and compile (importScripts blocks).
  const loading = load(metaUrl.href);
  importScripts("../vendor/lunr/lunr-fr.min.js", "recherche-engine.js");
  const meta = await loading;
  engine = portalSearchEngine(lunr).createEngine(meta, load);
  return { count: engine.count, facets: engine.facets };
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
      const result = await engine.search(message);
      self.postMessage({ type: "results", id: message.id, workerMs: performance.now() - started, ...result });
    } else if (message.type === "rank") {
      await ready;
      const ranked = await engine.rank(message.q);
      self.postMessage({ type: "rank", id: message.id, ranked: ranked ? ranked.ranked : [] });
    }
  } catch (error) {
    self.postMessage({ type: "error", id: message.id, message: String((error && error.message) || error) });
  }
};
