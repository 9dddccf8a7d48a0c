/**
 * `npm run rules:import -- <folder>`: stores every Sigma file (.yml/.yaml) under the folder in a
 * running EdgeSIEM through POST /api/v1/rules/import, and prints what compiled and what did not.
 * Signs in as admin with ADMIN_PASSWORD from .dev.vars unless told otherwise:
 *   --url URL (EDGESIEM_URL, default http://127.0.0.1:8787)
 *   --user NAME (EDGESIEM_USER, default admin)
 *   --password PASSWORD (EDGESIEM_PASSWORD, default ADMIN_PASSWORD from .dev.vars)
 * Exits 1 when a file failed to compile, 2 when the import could not run.
 */
import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { readDevVars } from "./lib/dev-vars.ts";
import {
  chunkFiles,
  type FileResult,
  type RuleFile,
  readRuleFiles,
  reportLines,
  summaryLine,
} from "./lib/rules-import.ts";

const USAGE = "usage: npm run rules:import -- <folder> [--url URL] [--user NAME] [--password PASSWORD]";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { url: { type: "string" }, user: { type: "string" }, password: { type: "string" } },
});
const folder = positionals[0];
if (positionals.length !== 1 || folder === undefined) fail(USAGE);
if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`${folder} is not a folder\n${USAGE}`);

const base = (values.url ?? process.env.EDGESIEM_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const username = values.user ?? process.env.EDGESIEM_USER ?? "admin";
const password = values.password ?? process.env.EDGESIEM_PASSWORD ?? readDevVars().ADMIN_PASSWORD;
if (!password) fail("no password: pass --password, set EDGESIEM_PASSWORD, or put ADMIN_PASSWORD in .dev.vars");

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function send(path: string, body: unknown, token?: string): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  } catch (error) {
    fail(`cannot reach ${base} (${(error as Error).message}); is it running (npm start)?`);
  }
  const answer = (await response.json().catch(() => ({ error: response.statusText }))) as Record<string, unknown>;
  return { status: response.status, body: answer };
}

async function post(path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const answer = await send(path, body, token);
  if (answer.status >= 400) fail(`POST ${path}: ${answer.status} ${String(answer.body.error)}`);
  return answer.body;
}

/**
 * The results of importing these files. A chunk the server refuses as a whole (a body too large,
 * a file it cannot take) is sent again a file at a time, so only the file at fault fails, with the
 * server's reason, and the import goes on.
 */
async function importChunk(chunk: RuleFile[], token: string): Promise<FileResult[]> {
  const answer = await send("/api/v1/rules/import", { rules: chunk }, token);
  if (answer.status === 200) return answer.body.results as FileResult[];
  if (answer.status !== 400 && answer.status !== 413) {
    fail(`POST /api/v1/rules/import: ${answer.status} ${String(answer.body.error)}`);
  }
  if (chunk.length > 1) {
    const results: FileResult[] = [];
    for (const file of chunk) results.push(...(await importChunk([file], token)));
    return results;
  }
  const reason = `refused by the server (${answer.status}): ${String(answer.body.error)}`;
  return chunk.map((file) => ({ path: file.path, id: null, status: "failed", errors: [{ line: null, reason }] }));
}

const files = readRuleFiles(folder);
if (files.length === 0) fail(`no .yml or .yaml files under ${folder}`);

const login = await post("/api/v1/auth/login", { username, password });
const token = String(login.token);

const results: FileResult[] = [];
const chunks = chunkFiles(files);
for (const [index, chunk] of chunks.entries()) {
  const chunkResults = await importChunk(chunk, token);
  for (const line of reportLines(chunkResults)) console.log(line);
  results.push(...chunkResults);
  if (chunks.length > 1) console.error(`chunk ${index + 1}/${chunks.length} done`);
}
console.log(summaryLine(results));
process.exit(results.some((r) => r.status === "failed") ? 1 : 0);
