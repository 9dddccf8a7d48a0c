/**
 * worker/env.generated.d.ts from wrangler.toml: `node scripts/env-types.ts` writes it, `--check` (part of
 * `npm run typecheck`) fails when the committed file differs from what wrangler types generates now.
 * Compared in full rather than with `wrangler types --check`, which trusts the hash in the file's header
 * and so misses a hand edit below it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { captureOrExit } from "./lib/run.ts";

const TYPES_PATH = "worker/env.generated.d.ts";

const check = process.argv.includes("--check");
const committed = check ? readFileSync(TYPES_PATH, "utf8") : undefined;
captureOrExit("npx", [
  "wrangler",
  "types",
  TYPES_PATH,
  // The runtime's types come from @cloudflare/workers-types (tsconfig.json `types`).
  "--include-runtime=false",
  // Variables are typed `string`, not as their wrangler.toml value: a deployment may set another.
  "--strict-vars=false",
  "--env-interface=WranglerEnv",
  // An empty env file keeps a developer's .dev.vars out: secrets are typed in worker/env.ts.
  "--env-file=/dev/null",
]);

if (committed !== undefined) {
  if (readFileSync(TYPES_PATH, "utf8") !== committed) {
    writeFileSync(TYPES_PATH, committed);
    console.error(`${TYPES_PATH} does not match wrangler.toml: run \`node scripts/env-types.ts\` and commit it.`);
    process.exit(1);
  }
}
