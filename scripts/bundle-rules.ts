/**
 * `npm run build:rules`: bundles rules/ into dist/rules/bundled-rules.js (and its JSON parts) for the Worker. wrangler
 * runs it before every `wrangler dev` / `wrangler deploy` build (wrangler.toml [build]), vitest when
 * it loads its config, and `npm run typecheck` first, since the Worker's types import the module.
 */
import { RULES_BUNDLE, writeRulesBundle } from "./lib/rules-bundle.ts";

const { count, written } = writeRulesBundle();
console.log(`${count} rule files ${written ? "bundled into" : "unchanged in"} ${RULES_BUNDLE}`);
