/**
 * `npm run import` against a live EdgeSIEM, on the real corpora in ../shared: the 277 EVTX attack
 * samples as one import (every record stored, none rejected), and an import killed part way that
 * a rerun resumes and completes, storing nothing twice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportAnswer, ImportFileSummary } from "../../worker/model/wire/imports.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { ADMIN_PASSWORD, ADMIN_USERNAME, ApiClient } from "../support/ui-session.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const ATTACK_SAMPLES = resolve(REPO_ROOT, "../shared/corpus/evtx-attack-samples");
/**
 * python-evtx and libevtx read 8,254 (../shared/corpus/README.md); EdgeSIEM's reader also reads the
 * one record of a file cut short of its chunk's end (test/unit/formats/evtx/record-counts.test.ts).
 */
const ATTACK_SAMPLE_RECORDS = 8255;

interface Summary {
  import_id: string;
  resumed: boolean;
  cancelled: boolean;
  totals: { files: number; records: number; stored: number; rejected: number; alerts: number };
  files: ImportFileSummary[];
}

let server: DevServer;
let admin: ApiClient;
let token: string;

beforeAll(async () => {
  server = await startDevServer({ vars: { ADMIN_PASSWORD } });
  admin = await ApiClient.signIn(server.url, ADMIN_USERNAME, ADMIN_PASSWORD);
  token = await admin.createAgentToken("import-cli");
});

afterAll(async () => {
  await server?.stop();
});

function importCommand(paths: string[], extra: string[] = []): ChildProcess {
  return spawn(process.execPath, ["scripts/import.ts", ...paths, "--url", server.url, "--token", token, ...extra], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (data) => {
    stdout += data;
  });
  child.stderr?.on("data", (data) => {
    stderr += data;
  });
  return new Promise((done) => child.on("exit", (code) => done({ code, stdout, stderr })));
}

async function runImport(paths: string[]): Promise<Summary & { stderr: string }> {
  const run = await finished(importCommand(paths, ["--json"]));
  expect(run.code).toBe(0);
  return { ...(JSON.parse(run.stdout) as Summary), stderr: run.stderr };
}

const ALL_TIME = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

interface EventStats {
  total: number;
  by_host: { host: string | null; count: number }[];
  by_dataset: { dataset: string; count: number }[];
}

const storedEvents = async (id: string) => (await admin.call<ImportAnswer>("GET", `/imports/${id}`)).import.events;

describe("npm run import", () => {
  it("imports the EVTX attack samples folder: every record stored, none rejected", async () => {
    const summary = await runImport([ATTACK_SAMPLES]);
    expect(summary.stderr.trim()).toBe(
      "skipped 2 files that are not logs: ../shared/corpus/evtx-attack-samples/LICENSE.GPL, ../shared/corpus/evtx-attack-samples/evtx_data.csv",
    );
    expect(summary.totals).toMatchObject({
      files: 277,
      records: ATTACK_SAMPLE_RECORDS,
      stored: ATTACK_SAMPLE_RECORDS,
      rejected: 0,
    });
    expect(summary.files.every((file) => file.format === "evtx")).toBe(true);
    // The one file cut short, after its only record: the record is stored and the cut reported.
    expect(summary.files.filter((file) => file.problems.length > 0).map((file) => file.problems)).toEqual([
      [expect.stringMatching(/the file ends 60928 bytes into the chunk, after its records end at 2728$/)],
    ]);
    expect(summary.totals.alerts).toBeGreaterThan(0);
    expect(await storedEvents(summary.import_id)).toBe(ATTACK_SAMPLE_RECORDS);

    const listed = await admin.call<{ events: { import_id: string }[] }>(
      "GET",
      `/events?import=${summary.import_id}&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&limit=5`,
    );
    expect(listed.events.map((event) => event.import_id)).toEqual(Array(5).fill(summary.import_id));
  });

  it("finishes an import killed part way when run again, storing each record once", async () => {
    const folder = resolve(ATTACK_SAMPLES, "Lateral Movement");
    const child = importCommand([folder], ["--json"]);
    const run = finished(child);
    // Killed once some of its events are stored, wherever it is then.
    for (let stored = 0; stored === 0 && child.exitCode === null; ) {
      await new Promise((wait) => setTimeout(wait, 50));
      const { imports } = await admin.call<{ imports: { name: string; events: number }[] }>("GET", "/imports");
      stored = imports.find((i) => i.name === "Lateral Movement")?.events ?? 0;
    }
    child.kill("SIGKILL");
    await run;
    const summary = await runImport([folder]);
    expect(summary.resumed).toBe(true);
    expect(summary.totals.rejected).toBe(0);
    expect(await storedEvents(summary.import_id)).toBe(summary.totals.records);
    const again = await runImport([folder]);
    expect(again).toMatchObject({ import_id: summary.import_id, resumed: true });
    expect(await storedEvents(summary.import_id)).toBe(summary.totals.records);
  });

  it("imports OTRF's NXLog datasets as they come: no rejection, a host on every event", async () => {
    const otrf = resolve(REPO_ROOT, "../shared/corpus/otrf-atomic-windows");
    const summary = await runImport([
      resolve(otrf, "atomic__windows__credential_access__host__empire_shell_reg_dump_sam.zip"),
      resolve(otrf, "atomic__windows__credential_access__host__psh_windows_vault_web_credentials.zip"),
    ]);
    expect(summary.totals).toMatchObject({ records: 858, stored: 858, rejected: 0 });
    const stats = await admin.call<EventStats>("GET", `/events/stats?import=${summary.import_id}&${ALL_TIME}`);
    expect(stats.total).toBe(858);
    expect(stats.by_host.filter((h) => h.host === null)).toEqual([]);
    // The datasets the Windows agent's records of the same channels get.
    expect(stats.by_dataset.map((d) => d.dataset).sort()).toEqual([
      "windows.powershell",
      "windows.powershell_operational",
      "windows.security",
      "windows.sysmon_operational",
    ]);
  });

  it("imports Zeek's TSV and JSON logs so a search by ECS fields finds a download", async () => {
    const summary = await runImport([resolve(REPO_ROOT, "test/fixtures/zeek")]);
    expect(summary.totals.rejected).toBe(0);
    expect(new Set(summary.files.map((f) => f.format))).toEqual(new Set(["zeek-tsv", "zeek-json"]));
    const q = encodeURIComponent("event.dataset: zeek.http and url.extension: exe");
    const found = await admin.call<{ events: { raw: { uri: string } }[] }>(
      "GET",
      `/events?import=${summary.import_id}&q=${q}&${ALL_TIME}`,
    );
    expect(found.events.map((e) => e.raw.uri)).toEqual([expect.stringMatching(/\/wfetch\.exe$/)]);
  });

  it("says what is wrong with a bad token or path", async () => {
    const badToken = await finished(
      spawn(process.execPath, ["scripts/import.ts", ATTACK_SAMPLES, "--url", server.url, "--token", "nope"], {
        cwd: REPO_ROOT,
      }),
    );
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/import failed \(HTTP 401\)/);
    const missing = await finished(importCommand(["/nonexistent/folder"]));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read /nonexistent/folder");
  });
});

const EDGE_CASES = resolve(REPO_ROOT, "../shared/corpus/evtx-edge-cases");

interface EvtxAnswer {
  records: number;
  accepted: number;
  rejected: unknown[];
  alerts: number;
  problems: { chunk: number | null; offset: number; reason: string }[];
  batches: { batch_id: string; status: string; accepted: number }[];
  error?: string;
}

async function postEvtx(body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/v1/ingest/evtx`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as EvtxAnswer };
}

describe("POST /api/v1/ingest/evtx", () => {
  it("stores every record of a raw .evtx body, and the same file sent again once", async () => {
    const file = await readFile(
      resolve(ATTACK_SAMPLES, "Credential Access/CA_Mimikatz_Memssp_Default_Logs_Sysmon_11.evtx"),
    );
    const first = await postEvtx(file);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      records: 1,
      accepted: 1,
      rejected: [],
      problems: [
        { chunk: 0, offset: 65024, reason: "the file ends 60928 bytes into the chunk, after its records end at 2728" },
      ],
    });
    expect(first.body.batches.map((b) => b.status)).toEqual(["stored"]);
    const again = await postEvtx(file);
    expect(again.body.batches.map((b) => b.status)).toEqual(["duplicate"]);
  });

  it("reads what it can of a file with a damaged chunk and reports the chunk", async () => {
    const answer = await postEvtx(await readFile(resolve(EDGE_CASES, "sample_with_a_bad_chunk_magic.evtx")));
    expect(answer.status).toBe(200);
    expect(answer.body.rejected).toEqual([]);
    expect(answer.body.accepted).toBe(answer.body.records);
    expect(answer.body.records).toBeGreaterThan(0);
    expect(answer.body.problems.length).toBeGreaterThan(0);
    expect(answer.body.problems[0]?.chunk).not.toBeNull();
  });

  it("refuses a body that is no EVTX file, and one over the size limit, saying why", async () => {
    const text = await postEvtx(new TextEncoder().encode("not an event log"));
    expect(text.status).toBe(400);
    expect(text.body.error).toMatch(/not an EVTX file/);
    const big = await postEvtx(new Uint8Array(33 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/at most 33554432 bytes/);
  });
});
