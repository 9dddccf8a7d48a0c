/**
 * `npm run rules:update -- <release.zip | SigmaHQ folder> [--apply] [--backtest]`: previews an update
 * of the SigmaHQ rules of a running EdgeSIEM to that release (POST /api/v1/rules/releases/preview),
 * printing every added, changed and removed rule, every file that fails with its reason and the
 * local rules it touches; `--apply` then applies it (POST /api/v1/rules/releases, refused if the
 * release is not the one previewed). `--backtest` first tries the added and changed rules that would
 * run at once over the stored events of the last `--days` days (POST /api/v1/rules/backtest, five
 * texts a run). A folder is zipped (its rules/ and rules-*\/ folders); a zip is sent as it is.
 * Signs in as admin like `npm run rules:import`:
 *   --url URL (EDGESIEM_URL, default http://127.0.0.1:8787)
 *   --user NAME (EDGESIEM_USER, default admin)
 *   --password PASSWORD (EDGESIEM_PASSWORD, default ADMIN_PASSWORD from .dev.vars)
 *   --name NAME: what to call the release (default: the zip's top folder ref, or the folder's name)
 * Exits 0 when the preview (and the update) ran, failing files included; 2 when it could not run.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { unzipSync } from "fflate";
import type { BacktestAnswer, ReleaseApplied, ReleasePreview } from "../worker/model/wire/rules.ts";
import { readDevVars } from "./lib/dev-vars.ts";
import { folderName, previewLines, releaseZip } from "./lib/rules-update.ts";

const USAGE =
  "usage: npm run rules:update -- <release.zip | folder> [--apply] [--backtest] [--days N] [--name NAME] [--url URL] [--user NAME] [--password PASSWORD]";
const BACKTEST_TEXTS = 5;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    apply: { type: "boolean" },
    backtest: { type: "boolean" },
    days: { type: "string" },
    name: { type: "string" },
    url: { type: "string" },
    user: { type: "string" },
    password: { type: "string" },
  },
});
const target = positionals[0];
if (positionals.length !== 1 || target === undefined) fail(USAGE);
if (!existsSync(target)) fail(`${target} does not exist\n${USAGE}`);

const base = (values.url ?? process.env.EDGESIEM_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const username = values.user ?? process.env.EDGESIEM_USER ?? "admin";
const password = values.password ?? process.env.EDGESIEM_PASSWORD ?? readDevVars().ADMIN_PASSWORD;
if (!password) fail("no password: pass --password, set EDGESIEM_PASSWORD, or put ADMIN_PASSWORD in .dev.vars");

async function request<T>(method: string, path: string, body: BodyInit, type: string, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  } catch (error) {
    fail(`cannot reach ${base} (${(error as Error).message}); is it running (npm start)?`);
  }
  const answer = (await response.json().catch(() => ({ error: response.statusText }))) as Record<string, unknown>;
  if (response.status >= 400) fail(`${method} ${path}: ${response.status} ${String(answer.error)}`);
  return answer as T;
}

let zip: Uint8Array<ArrayBuffer>;
try {
  zip = releaseZip(target);
} catch (error) {
  fail((error as Error).message);
}
const name = values.name ?? (target.toLowerCase().endsWith(".zip") ? undefined : folderName(target));
const query = name === undefined ? "" : `?name=${encodeURIComponent(name)}`;

const login = await request<{ token: string }>(
  "POST",
  "/api/v1/auth/login",
  JSON.stringify({ username, password }),
  "application/json",
);
const token = login.token;
const preview = await request<ReleasePreview>(
  "POST",
  `/api/v1/rules/releases/preview${query}`,
  zip,
  "application/zip",
  token,
);
for (const line of previewLines(preview)) console.log(line);

/** The texts of the rules the preview names, from the zip sent, by their path in the release. */
function releaseTexts(paths: ReadonlySet<string>): Map<string, string> {
  const texts = new Map<string, string>();
  const entries = unzipSync(zip, { filter: (entry) => [...paths].some((path) => entry.name.endsWith(path)) });
  for (const [entry, bytes] of Object.entries(entries)) {
    const path = [...paths].find((candidate) => entry === candidate || entry.endsWith(`/${candidate}`));
    if (path !== undefined) texts.set(path, new TextDecoder().decode(bytes));
  }
  return texts;
}

async function backtest(days: number): Promise<void> {
  const rules = preview.backtest.rules;
  const texts = releaseTexts(new Set(rules.map((rule) => rule.path)));
  for (let start = 0; start < rules.length; start += BACKTEST_TEXTS) {
    const chunk = rules.slice(start, start + BACKTEST_TEXTS);
    let state: string | null = null;
    let answer: BacktestAnswer;
    do {
      const body = { texts: chunk.map((rule) => ({ kind: "sigma", text: texts.get(rule.path) ?? "" })), days, state };
      answer = await request<BacktestAnswer>(
        "POST",
        "/api/v1/rules/backtest",
        JSON.stringify(body),
        "application/json",
        token,
      );
      state = answer.state;
    } while (state !== null);
    for (const result of answer.rules) {
      const rule = chunk[Number(/\d+/.exec(result.requested)?.[0])];
      console.log(
        `backtest ${rule?.path ?? result.requested}  ${result.id}: ${result.alerts} alerts, ${result.events} events, ${result.suppressed} suppressed over ${answer.scanned} events`,
      );
    }
  }
}

if (values.backtest) {
  const days = Number(values.days ?? 7);
  if (!Number.isInteger(days) || days < 1 || days > 30) fail("--days must be a whole number from 1 to 30");
  await backtest(days);
}

if (values.apply) {
  const applied = await request<ReleaseApplied>(
    "POST",
    `/api/v1/rules/releases${query}${query ? "&" : "?"}digest=${preview.release.digest}`,
    zip,
    "application/zip",
    token,
  );
  console.log(`applied ${applied.preview.release.name}: ${applied.rows_written} rule rows written`);
}
