// Stem folded French words with lunr-languages, for the index builder (french.py).
// Usage: node stem.js NODE_MODULES_DIR < words.json > stems.json
"use strict";
const path = require("path");
const modules = process.argv[2];
const lunr = require(path.join(modules, "lunr"));
require(path.join(modules, "lunr-languages", "lunr.stemmer.support.js"))(lunr);
require(path.join(modules, "lunr-languages", "lunr.fr.js"))(lunr);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const words = JSON.parse(input);
  const stems = words.map((w) => lunr.fr.stemmer(new lunr.Token(w)).toString());
  process.stdout.write(JSON.stringify(stems));
});
