/**
 * `npm run token -- --name HOST`: prints a new agent token of the local instance. It writes the
 * token's row straight into the local D1 and signs with the local JWT secret, so it works whether
 * or not `npm start` is running and needs no admin password.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { signAgentToken } from "../worker/auth/tokens.ts";
import { ensureDevVars } from "./lib/dev-vars.ts";
import { captureOrExit } from "./lib/run.ts";

const { values } = parseArgs({ options: { name: { type: "string" } } });
const name = values.name;
if (!name || !/^[A-Za-z0-9 ._:@-]{1,128}$/.test(name)) {
  console.error("usage: npm run token -- --name HOST   (1-128 letters, digits, spaces and . _ : @ -)");
  process.exit(2);
}

const vars = ensureDevVars();
captureOrExit("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"]);

const id = crypto.randomUUID();
const sqlFile = join(mkdtempSync(join(tmpdir(), "edgesiem-token-")), "token.sql");
// The name passed the pattern above, so it holds no quote to escape.
writeFileSync(sqlFile, `INSERT INTO agent_tokens (id, name, created_at) VALUES ('${id}', '${name}', ${Date.now()});\n`);
captureOrExit("npx", ["wrangler", "d1", "execute", "DB", "--local", "--file", sqlFile]);

const token = await signAgentToken(vars.JWT_SECRET ?? "", id, name);
console.error(`Agent token "${name}" (id ${id}) for the local instance:`);
console.log(token);
