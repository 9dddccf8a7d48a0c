/**
 * Coverage page answer time with 1M events' worth of volume rollups and ~2,000+ rules.
 *
 * Two parts:
 * - api: a live Worker (wrangler dev, local D1) with the bundled rules plus 2,000 SigmaHQ rules
 *   written straight into its rules table, and its volume_rollups seeded directly with rows for 1M
 *   events (30 days × 50 hosts × 20 dataset/event codes), both written into its SQLite file before it starts;
 *   timing GET /api/v1/coverage?days=30 and the what-if. The same API is timed over rollups for
 *   some 40k events with the same row count: the answer reads the rollups only, so the event count
 *   does not change it.
 * - analysis: the pure coverage analysis and what-if over the whole SigmaHQ corpus compiled
 *   in-process (the part of the answer that grows with the number of rules), on the same volumes.
 * The rules are written as rows rather than sent through the rules import, which checks and versions
 * each one and would take far longer than the measurement itself.
 */

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { startDevServer } from "../test/support/dev-server.ts";
import { loadCorpusRules } from "../test/unit/detect/support/sigmahq-corpus.ts";
import { analyseCoverage } from "../worker/coverage/analyse.ts";
import { coverageRules } from "../worker/coverage/coverage-rules.ts";
import { whatIf } from "../worker/coverage/what-if.ts";
import { compileRuleSet } from "../worker/detect/compile-rule-set.ts";
import { LOGSOURCES } from "../worker/rules/logsources.ts";
import { FIELD_MAP } from "../worker/sources/field-map.ts";
import type { SourceVolume } from "../worker/store/coverage.ts";
import { epochDay } from "../worker/store/epoch-day.ts";
import { type BenchConfig, percentile, progress, round } from "./measure.ts";

const REPO_ROOT = resolve(import.meta.dirname, "..");
const DAYS = 30;
const HOSTS = 50;
const RUNS = 7;
const WHAT_IF_DROP = [{ dataset: "windows.sysmon_operational", eventCode: "7" }, { dataset: "linux.auth" }];

/** [dataset, event code ('' for none), relative volume, bytes per event]: a Windows-heavy estate. */
const SOURCES: readonly [string, string, number, number][] = [
  ["windows.sysmon_operational", "1", 10, 1400],
  ["windows.sysmon_operational", "3", 20, 900],
  ["windows.sysmon_operational", "5", 6, 500],
  ["windows.sysmon_operational", "7", 40, 800],
  ["windows.sysmon_operational", "10", 8, 900],
  ["windows.sysmon_operational", "11", 10, 800],
  ["windows.sysmon_operational", "12", 15, 700],
  ["windows.sysmon_operational", "13", 15, 750],
  ["windows.sysmon_operational", "22", 12, 700],
  ["windows.sysmon_operational", "23", 2, 700],
  ["windows.security", "4624", 8, 1600],
  ["windows.security", "4625", 1, 1600],
  ["windows.security", "4672", 3, 1000],
  ["windows.security", "4688", 6, 1300],
  ["windows.security", "5156", 25, 1100],
  ["windows.powershell_operational", "4104", 3, 3000],
  ["windows.system", "7045", 1, 900],
  ["linux.auth", "", 4, 200],
  ["zeek.http", "", 5, 600],
  ["zeek.conn", "", 30, 350],
];

const WEIGHT = SOURCES.reduce((sum, [, , weight]) => sum + weight, 0);

/** Events per rollup row of each source so that days × hosts × sources rows sum to about `events`. */
function perRow(events: number): number[] {
  return SOURCES.map(([, , weight]) => Math.max(1, Math.round((events * weight) / (WEIGHT * DAYS * HOSTS))));
}

function seedSql(events: number): { sql: string; total: number } {
  const counts = perRow(events);
  const today = epochDay(Date.now());
  const values = SOURCES.map(
    ([dataset, code, , bytes], i) => `('${dataset}', '${code}', ${counts[i]}, ${(counts[i] ?? 0) * bytes})`,
  ).join(",\n  ");
  const sql = `DELETE FROM volume_rollups;
WITH RECURSIVE d(day) AS (SELECT ${today - DAYS + 1} UNION ALL SELECT day + 1 FROM d WHERE day < ${today}),
h(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM h WHERE n < ${HOSTS}),
s(dataset, code, events, bytes) AS (VALUES
  ${values})
INSERT INTO volume_rollups (day, dataset, event_code, host, events, bytes)
SELECT d.day, s.dataset, s.code, 'host-' || h.n, s.events, s.bytes FROM d, h, s;
`;
  return { sql, total: counts.reduce((sum, n) => sum + n, 0) * DAYS * HOSTS };
}

function volumesFor(events: number): SourceVolume[] {
  const counts = perRow(events);
  return SOURCES.map(([dataset, code, , bytes], i) => ({
    dataset,
    eventCode: code === "" ? null : code,
    events: (counts[i] ?? 0) * DAYS * HOSTS,
    bytes: (counts[i] ?? 0) * bytes * DAYS * HOSTS,
    hosts: HOSTS,
  }));
}

const LOADED_RULES = 2000;

interface RuleRowSeed {
  id: string;
  text: string;
}

/**
 * The first LOADED_RULES single-rule files of the SigmaHQ corpus that compile, as rule rows: what a
 * rules import would store, written directly.
 */
function corpusRuleRows(): RuleRowSeed[] {
  const sources = loadCorpusRules();
  const compiled = compileRuleSet(sources, { logsources: LOGSOURCES, fieldMap: FIELD_MAP });
  const failed = new Set(compiled.errors.map((error) => error.origin));
  const idsByOrigin = new Map<string, string[]>();
  for (const rule of compiled.rules) idsByOrigin.set(rule.origin, [...(idsByOrigin.get(rule.origin) ?? []), rule.id]);
  const rows: RuleRowSeed[] = [];
  for (const source of sources) {
    const id = idsByOrigin.get(source.origin);
    if (failed.has(source.origin) || id?.length !== 1 || source.text.includes("\n---")) continue;
    rows.push({ id: id[0] as string, text: source.text });
    if (rows.length === LOADED_RULES) break;
  }
  return rows;
}

/** The local D1's SQLite file, written directly while no Worker has it open. */
async function localD1File(persistDir: string): Promise<string> {
  const dir = join(persistDir, "v3/d1/miniflare-D1DatabaseObject");
  const files = (await readdir(dir)).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one local D1 database in ${dir}, found ${files.join(", ")}`);
  return join(dir, files[0] as string);
}

function seedDatabase(file: string, rollupSql: string, rules: readonly RuleRowSeed[]): void {
  const db = new DatabaseSync(file);
  try {
    db.exec("BEGIN");
    db.exec(rollupSql);
    const insert = db.prepare(
      "INSERT INTO rules (id, kind, text, enabled, version, origin, created_at, updated_at) VALUES (?, 'sigma', ?, 1, 1, 'import', 0, 0)",
    );
    for (const rule of rules) insert.run(rule.id, rule.text);
    db.exec("COMMIT");
  } finally {
    db.close();
  }
}

function wrangler(args: string[]): void {
  const result = spawnSync("npx", ["wrangler", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
  });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
}

function summary(times: readonly number[]) {
  return { p50_ms: round(percentile(times, 50), 1), max_ms: round(Math.max(...times), 1) };
}

async function timeRequest(url: string, token: string, init: RequestInit = {}): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  const body = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${body}`);
  return ms;
}

/** Seeds rollups for `events` and the rule rows, starts a Worker on them and times the coverage API. */
async function apiRun(events: number, rules: readonly RuleRowSeed[]) {
  const persistDir = await mkdtemp(join(tmpdir(), "edgesiem-coverage-"));
  try {
    const envFile = join(persistDir, "empty.env");
    await writeFile(envFile, "");
    const seed = seedSql(events);
    progress(`coverage: seeding rollups for ${seed.total} events`);
    wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir, "--env-file", envFile]);
    seedDatabase(await localD1File(persistDir), seed.sql, rules);

    const password = randomBytes(18).toString("base64url");
    const server = await startDevServer({ persistDir, vars: { ADMIN_PASSWORD: password } });
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password }),
      });
      const { token } = (await login.json()) as { token: string };
      const coverageUrl = `${server.url}/api/v1/coverage?days=${DAYS}`;
      const first = await timeRequest(coverageUrl, token);
      const answer = (await (await fetch(coverageUrl, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        sources: unknown[];
        rules: unknown[];
        techniques: unknown[];
      };
      const coverage: number[] = [];
      const whatIfTimes: number[] = [];
      const drop = JSON.stringify({
        drop: WHAT_IF_DROP.map((d) => ({ dataset: d.dataset, event_code: d.eventCode })),
      });
      for (let run = 0; run < RUNS; run++) {
        coverage.push(await timeRequest(coverageUrl, token));
        whatIfTimes.push(
          await timeRequest(`${server.url}/api/v1/coverage/what-if?days=${DAYS}`, token, {
            method: "POST",
            body: drop,
          }),
        );
      }
      return {
        events: seed.total,
        rollup_rows: DAYS * HOSTS * SOURCES.length,
        sources: answer.sources.length,
        rules: answer.rules.length,
        techniques: answer.techniques.length,
        first_request_ms: round(first, 1),
        coverage: summary(coverage),
        what_if: summary(whatIfTimes),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await rm(persistDir, { recursive: true, force: true });
  }
}

function analysisRun() {
  progress("coverage: compiling the SigmaHQ corpus");
  const ruleSet = compileRuleSet(loadCorpusRules(), { logsources: LOGSOURCES, fieldMap: FIELD_MAP });
  const rules = coverageRules(ruleSet);
  const volumes = volumesFor(1_000_000);
  // Every tenth rule has alerts, so verdicts and lost alerts have something to count.
  const alerts = new Map(rules.filter((_, i) => i % 10 === 0).map((rule, i) => [rule.id, 1 + (i % 7)]));
  const input = { rules, disabledTechniques: new Map(), volumes, alerts, days: DAYS };
  const analyse: number[] = [];
  const whatIfTimes: number[] = [];
  let techniques = 0;
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    techniques = analyseCoverage(input).techniques.length;
    analyse.push(performance.now() - started);
    started = performance.now();
    whatIf(input, WHAT_IF_DROP);
    whatIfTimes.push(performance.now() - started);
  }
  return { rules: rules.length, techniques, analyse: summary(analyse), what_if: summary(whatIfTimes) };
}

const NOTES =
  "api: live Worker (wrangler dev, local D1) with the bundled rules plus database_rules single-rule SigmaHQ files " +
  "written straight into the rules table (as a rules import stores them); volume_rollups seeded directly " +
  `(${DAYS} days × ${HOSTS} hosts × ${SOURCES.length} dataset/event codes), no alerts; first_request_ms includes ` +
  `compiling the rule set; p50/max over ${RUNS} runs. The 10k and 1M runs have the same rollup rows and differ ` +
  "only in their counts. analysis: analyseCoverage and whatIf over the SigmaHQ corpus compiled in-process " +
  "(rules + correlations), every tenth rule given alerts, same volumes, one Node thread.";

export async function coverageBench(_config: BenchConfig) {
  const analysis = analysisRun();
  const rules = corpusRuleRows();
  progress(`coverage: ${rules.length} SigmaHQ rules stored as database rules`);
  const small = await apiRun(30_000, rules);
  const large = await apiRun(1_000_000, rules);
  return {
    database_rules: rules.length,
    api_few_events: small,
    api_1m_events: large,
    analysis_sigmahq: analysis,
    notes: NOTES,
  };
}
