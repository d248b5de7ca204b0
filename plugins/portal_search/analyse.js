// Analyse texts with the query engine, for the index builder (french.py).
// Usage: node analyse.js NODE_MODULES_DIR < {"stopWords": [raw], "texts": [...]}
//        > [folded stop words, sorted]\n[terms of text 1]\n[terms of text 2]\n…  (JSON lines)
"use strict";
const path = require("path");
const lunr = require(path.join(process.argv[2], "lunr"));
require(path.join(process.argv[2], "lunr-languages", "lunr.stemmer.support.js"))(lunr);
require(path.join(process.argv[2], "lunr-languages", "lunr.fr.js"))(lunr);
const engine = require(path.join(__dirname, "..", "..", "theme", "static", "js", "recherche-engine.js"))(lunr);

const input = [];
process.stdin.on("data", (chunk) => input.push(chunk));
process.stdin.on("end", () => {
  const { stopWords, texts } = JSON.parse(Buffer.concat(input).toString("utf8"));
  const folded = [...new Set(stopWords.map(engine.fold))].sort();
  const analyser = engine.createAnalyser(folded);
  // One line each, written in batches: the builder parses them as they come.
  const lines = [JSON.stringify(folded)];
  for (const text of texts) {
    lines.push(JSON.stringify(analyser.terms(text)));
    if (lines.length === 256) process.stdout.write(lines.splice(0).join("\n") + "\n");
  }
  process.stdout.write(lines.map((line) => line + "\n").join(""));
});
