// ESLint (flat configuration): the recommended rules on the theme's scripts.
// The scripts run in pages (browser) and, for their tests and build helpers, under
// Node.js (node): both sets of globals are known.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["output/**", "node_modules/**", "theme/static/vendor/**"] },
  js.configs.recommended,
  {
    files: ["theme/static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.node, lunr: "readonly" },
    },
    rules: {
      // A `/* global … */` comment may name a global that is already known: it documents it.
      "no-redeclare": ["error", { builtinGlobals: false }],
      // `catch (error)` without using the error is a deliberate « ignore the failure ».
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
];
