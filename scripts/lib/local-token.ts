/**
 * A new agent token of the local instance, made without any password: its row goes straight into
 * the local D1 and it is signed with the local JWT secret (so it works whether or not `npm start`
 * is running). Used by `npm run token` and, when `.dev.vars` holds no admin password, by
 * `npm run import`.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signAgentToken } from "../../worker/auth/tokens.ts";
import { ensureDevVars } from "./dev-vars.ts";
import { captureOrExit } from "./run.ts";

export const TOKEN_NAME = /^[A-Za-z0-9 ._:@-]{1,128}$/;

export async function mintLocalAgentToken(name: string): Promise<{ id: string; token: string }> {
  if (!TOKEN_NAME.test(name))
    throw new Error(`token name '${name}' must be 1-128 letters, digits, spaces and . _ : @ -`);
  const vars = ensureDevVars();
  captureOrExit("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"]);
  const id = crypto.randomUUID();
  const sqlFile = join(mkdtempSync(join(tmpdir(), "edgesiem-token-")), "token.sql");
  // The name passed the pattern above, so it holds no quote to escape.
  writeFileSync(
    sqlFile,
    `INSERT INTO agent_tokens (id, name, created_at) VALUES ('${id}', '${name}', ${Date.now()});\n`,
  );
  captureOrExit("npx", ["wrangler", "d1", "execute", "DB", "--local", "--file", sqlFile]);
  return { id, token: await signAgentToken(vars.JWT_SECRET ?? "", id, name) };
}
