/**
 * Imports through the HTTP API: started (or resumed by key) by an agent token or an analyst,
 * batches stored with the import's id on every event, finished with a per-file summary, and the
 * events and alerts API scoped to one import. Old events are imported as they are: a 2019 file.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ImportAnswer, ImportList } from "../../worker/model/wire/imports.ts";
import { userWithRole } from "../support/workers/alerts.ts";
import { agentToken, call, login } from "../support/workers/api.ts";

const WHOAMI = `title: Whoami from an import
id: 0b7f5a3c-1e2d-4c5b-8a9f-00000000a001
level: medium
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`;

function processStart(second: number, image: string) {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: "DFIR-CASE-7",
    UtcTime: `2019-03-19 23:34:${String(second).padStart(2, "0")}.000`,
    Image: image,
    CommandLine: image,
    User: "CORP\\bob",
  };
}

let admin: string;
let agent: string;

beforeEach(async () => {
  admin = await login();
  agent = (await agentToken(admin, "import-cli")).token;
});

function start(json: Record<string, unknown>, token = agent, path = "/api/v1/ingest/imports") {
  return call<ImportAnswer & { error?: string }>(path, { method: "POST", token, json });
}

function postBatch(id: string, events: unknown[], batchId: string, token = agent, base = "/api/v1/ingest/imports") {
  return call<{ accepted: number; status: string; alerts: number; error?: string }>(`${base}/${id}/batches`, {
    method: "POST",
    token,
    json: { batch_id: batchId, events },
  });
}

function finish(id: string, json: Record<string, unknown>, token = agent, base = "/api/v1/ingest/imports") {
  return call<ImportAnswer & { error?: string }>(`${base}/${id}/finish`, { method: "POST", token, json });
}

const FILE_SUMMARY = {
  file: "case-7/sysmon.evtx",
  format: "evtx",
  bytes: 69_632,
  records: 3,
  stored: 3,
  rejected: 0,
  reasons: [],
  alerts: 1,
  problems: [],
};

describe("imports", () => {
  it("store every event of an import with its id, and count its events and alerts from what is stored", async () => {
    expect((await call("/api/v1/rules", { method: "POST", token: admin, json: { text: WHOAMI } })).status).toBe(201);
    const started = await start({ name: "case 7", key: "case7-0123456789abcdef" });
    expect(started.status).toBe(201);
    expect(started.body.resumed).toBe(false);
    const id = started.body.import.id;
    expect(id).toMatch(/^imp_[0-9a-f]{32}$/);
    expect(started.body.import).toMatchObject({ name: "case 7", origin: "cli", status: "running", events: 0 });

    const events = [processStart(1, "C:\\Windows\\System32\\whoami.exe"), processStart(2, "C:\\Windows\\notepad.exe")];
    const batch = await postBatch(id, events, "case7:file1:0");
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ accepted: 2, status: "stored", alerts: 1 });

    const scoped = await call<{ events: { import_id: string | null; host: string }[] }>(
      `/api/v1/events?import=${id}&from=2019-01-01T00:00:00Z&to=2020-01-01T00:00:00Z`,
      { token: admin },
    );
    expect(scoped.status).toBe(200);
    expect(scoped.body.events).toHaveLength(2);
    expect(scoped.body.events.every((e) => e.import_id === id && e.host === "DFIR-CASE-7")).toBe(true);

    const alerts = await call<{ alerts: { title: string }[] }>(`/api/v1/alerts?import=${id}`, { token: admin });
    expect(alerts.body.alerts.map((a) => a.title)).toEqual(["Whoami from an import"]);
    const otherImport = (await start({ name: "another case" })).body.import.id;
    const none = await call<{ alerts: unknown[] }>(`/api/v1/alerts?import=${otherImport}`, { token: admin });
    expect(none.body.alerts).toEqual([]);

    const finished = await finish(id, { status: "done", files: [FILE_SUMMARY] });
    expect(finished.status).toBe(200);
    expect(finished.body.import).toMatchObject({
      status: "done",
      files: [FILE_SUMMARY],
      events: 2,
      alerts: 1,
      first_event_at: "2019-03-19T23:34:01.000Z",
      last_event_at: "2019-03-19T23:34:02.000Z",
    });
    expect(finished.body.import.finished_at).not.toBeNull();
  });

  it("resume the import its key names, where a resent batch stores nothing twice", async () => {
    const first = await start({ name: "resumable", key: "resume-key-0123456789" });
    const id = first.body.import.id;
    await postBatch(id, [processStart(3, "C:\\a.exe")], "resume:file:0");
    await finish(id, { status: "cancelled", files: [] });
    expect((await postBatch(id, [processStart(3, "C:\\a.exe")], "resume:file:0")).status).toBe(409);

    const again = await start({ name: "resumable, second run", key: "resume-key-0123456789" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ resumed: true, import: { id, name: "resumable", status: "running" } });
    const resent = await postBatch(id, [processStart(3, "C:\\a.exe")], "resume:file:0");
    expect(resent.body.status).toBe("duplicate");
    await postBatch(id, [processStart(4, "C:\\b.exe")], "resume:file:1");
    expect((await finish(id, { status: "done", files: [] })).body.import.events).toBe(2);
  });

  it("let an analyst import from the dashboard and a viewer only read", async () => {
    const analyst = await userWithRole(admin, "importer", "analyst");
    const viewer = await userWithRole(admin, "reader", "viewer");
    const started = await start({ name: "dropped folder" }, analyst, "/api/v1/imports");
    expect(started.status).toBe(201);
    expect(started.body.import).toMatchObject({ origin: "dashboard", created_by: "user:importer" });
    const id = started.body.import.id;
    const batch = await postBatch(id, [processStart(5, "C:\\c.exe")], "dash:file:0", analyst, "/api/v1/imports");
    expect(batch.body).toMatchObject({ accepted: 1, status: "stored" });

    expect((await start({ name: "not mine" }, viewer, "/api/v1/imports")).status).toBe(403);
    const listed = await call<ImportList>("/api/v1/imports", { token: viewer });
    expect(listed.status).toBe(200);
    expect(listed.body.imports.find((i) => i.id === id)).toMatchObject({ name: "dropped folder", events: 1 });
    const one = await call<ImportAnswer>(`/api/v1/imports/${id}`, { token: viewer });
    expect(one.body.import.id).toBe(id);
  });

  it("refuse a bad start, batch or summary with the problem named", async () => {
    expect((await start({})).body.error).toContain("'name'");
    expect((await start({ name: "x", key: "short" })).body.error).toContain("'key'");
    expect((await start({ name: "x", extra: 1 })).status).toBe(400);
    const unknown = await postBatch("imp_00000000000000000000000000000000", [], "b");
    expect(unknown.status).toBe(404);
    expect((await postBatch("not-an-id", [], "b")).body.error).toContain("import id");

    const id = (await start({ name: "bad summary" })).body.import.id;
    const badStatus = await finish(id, { status: "finished", files: [] });
    expect(badStatus.body.error).toContain("'status'");
    const badFile = await finish(id, { status: "done", files: [{ ...FILE_SUMMARY, records: -1 }] });
    expect(badFile.status).toBe(400);
    expect(badFile.body.error).toContain("'files'[0].records");
    expect((await call(`/api/v1/imports/${id}`, { token: admin })).body).toMatchObject({
      import: { status: "running", files: [] },
    });
  });

  it("keep a session from the agent endpoints and an agent token from the dashboard's", async () => {
    expect((await start({ name: "x" }, admin)).status).toBe(401);
    expect((await start({ name: "x" }, agent, "/api/v1/imports")).status).toBe(401);
  });
});
