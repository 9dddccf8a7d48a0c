import { beforeEach, describe, expect, it } from "vitest";
import falcoAlert from "../fixtures/ingest/falco-alert.json";
import { MINUTE, processStart, T0 } from "../support/workers/alert-events.ts";
import {
  ingestWith,
  NET_RULE,
  ruleSetOf,
  storedAlerts,
  testSettings,
  userWithRole,
  WHOAMI_RULE,
  WHOAMI_RULE_ID,
} from "../support/workers/alerts.ts";
import { call, login } from "../support/workers/api.ts";

interface ExceptionOut {
  id: number;
  field: string;
  value: string;
  rule_id: string | null;
  comment: string;
  created_by: string;
  hits: number;
  last_hit_at: string | null;
}

let admin: string;
const settings = () => testSettings(ruleSetOf(WHOAMI_RULE, NET_RULE));
const backupWhoami = (minute: number) => processStart({ at: T0 + minute * MINUTE, user: "CORP\\svc_backup" });
const backupNet = (minute: number) =>
  processStart({ at: T0 + minute * MINUTE, user: "CORP\\svc_backup", image: "C:\\Windows\\System32\\net.exe" });

const FALCO_SHELL_RULE = `title: Shell in a container
id: 6f3c1a52-4e1d-4d0b-9a3e-0000000000f1
level: high
logsource:
  product: falco
  service: alerts
detection:
  selection:
    rule: Terminal shell in container
  condition: selection
fields:
  - rule
`;

const falcoShell = (minute: number) => ({
  ...falcoAlert,
  time: new Date(T0 + minute * MINUTE).toISOString(),
});

const pocketSiemWhoami = (minute: number) => ({
  date: `/Date(${T0 + minute * MINUTE})/`,
  host: "PC01",
  image: "C:\\Windows\\System32\\whoami.exe",
  command_line: "whoami /all",
  parent_image: "C:\\Windows\\System32\\cmd.exe",
  parent_command_line: "cmd.exe /c whoami /all",
  process_user: "PC01\\bob",
});

beforeEach(async () => {
  admin = await login();
});

async function addException(json: Record<string, unknown>, token = admin) {
  return call<{ exception: ExceptionOut }>("/api/v1/exceptions", { method: "POST", token, json });
}

async function exceptions() {
  return (await call<{ exceptions: ExceptionOut[] }>("/api/v1/exceptions", { token: admin })).body.exceptions;
}

describe("exceptions", () => {
  it("suppresses matching hits of every rule and counts them on the exception", async () => {
    const created = await addException({ field: "user.name", value: "corp\\SVC_BACKUP", comment: "nightly backup" });
    expect(created.status).toBe(201);
    expect(created.body.exception).toMatchObject({ rule_id: null, hits: 0, created_by: "admin" });
    const answer = await ingestWith(settings(), [backupWhoami(0), backupNet(1), processStart({ at: T0 })], "b1");
    expect(answer.alerts).toBe(1);
    expect((await storedAlerts()).map((a) => JSON.parse(a.key_fields)["user.name"])).toEqual(["CORP\\bob"]);
    const [exception] = await exceptions();
    expect(exception).toMatchObject({ hits: 2, last_hit_at: new Date(T0 + 60 * MINUTE).toISOString() });
  });

  it("applies an exception scoped to one rule to that rule only", async () => {
    await addException({ field: "User", value: "CORP\\svc_backup", rule_id: WHOAMI_RULE_ID });
    await ingestWith(settings(), [backupWhoami(0), backupNet(1)], "b1");
    expect((await storedAlerts()).map((a) => a.title)).toEqual(["Net group discovery"]);
    expect((await exceptions())[0]?.hits).toBe(1);
  });

  it("counts the hits of a resent batch once", async () => {
    await addException({ field: "User", value: "CORP\\svc_backup" });
    const records = [backupWhoami(0)];
    await ingestWith(settings(), records, "same");
    await ingestWith(settings(), records, "same");
    expect((await exceptions())[0]?.hits).toBe(1);
  });

  it("makes an exception from an alert's field, scoped to its rule by default", async () => {
    await ingestWith(settings(), [backupWhoami(0)], "b1");
    const [alert] = await storedAlerts();
    const res = await call<{ exception: ExceptionOut }>(`/api/v1/alerts/${alert?.id}/exceptions`, {
      method: "POST",
      token: admin,
      json: { field: "user.name" },
    });
    expect(res.status).toBe(201);
    expect(res.body.exception).toMatchObject({
      field: "user.name",
      value: "CORP\\svc_backup",
      rule_id: WHOAMI_RULE_ID,
      comment: `from alert ${alert?.id}`,
    });
    const fromEvent = await call<{ exception: ExceptionOut }>(`/api/v1/alerts/${alert?.id}/exceptions`, {
      method: "POST",
      token: admin,
      json: { field: "IntegrityLevel", scope: "global" },
    });
    expect(fromEvent.status).toBe(400);
    expect(fromEvent.body).toEqual({
      error: expect.stringContaining("the alert's event has no field 'IntegrityLevel'"),
    });
    const parent = await call<{ exception: ExceptionOut }>(`/api/v1/alerts/${alert?.id}/exceptions`, {
      method: "POST",
      token: admin,
      json: { field: "ParentImage", scope: "global" },
    });
    expect(parent.body.exception).toMatchObject({ value: "C:\\Windows\\System32\\cmd.exe", rule_id: null });
    await ingestWith(settings(), [backupWhoami(90)], "b2");
    expect(await storedAlerts()).toHaveLength(1);
  });

  it("makes an exception from a stored Falco event's field that suppresses the next matching event", async () => {
    const falcoSettings = testSettings(ruleSetOf(FALCO_SHELL_RULE));
    await ingestWith(falcoSettings, [falcoShell(0)], "f1", ["falco"]);
    const [alert] = await storedAlerts();
    const res = await call<{ exception: ExceptionOut }>(`/api/v1/alerts/${alert?.id}/exceptions`, {
      method: "POST",
      token: admin,
      json: { field: "container.id", scope: "global" },
    });
    expect(res.status).toBe(201);
    expect(res.body.exception).toMatchObject({ field: "container.id", value: "3ad7b26ded6d", rule_id: null });
    const next = await ingestWith(falcoSettings, [falcoShell(90)], "f2", ["falco"]);
    expect(next.alerts).toBe(0);
    expect(await storedAlerts()).toEqual([expect.objectContaining({ count: 1 })]);
    expect((await exceptions())[0]?.hits).toBe(1);
  });

  it("makes an exception from a stored PocketSIEM event's field that suppresses the next matching event", async () => {
    await ingestWith(settings(), [pocketSiemWhoami(0)], "p1", ["pocketsiem.processes"]);
    const [alert] = await storedAlerts();
    const res = await call<{ exception: ExceptionOut }>(`/api/v1/alerts/${alert?.id}/exceptions`, {
      method: "POST",
      token: admin,
      json: { field: "ParentCommandLine", scope: "global" },
    });
    expect(res.status).toBe(201);
    expect(res.body.exception).toMatchObject({ value: "cmd.exe /c whoami /all", rule_id: null });
    const next = await ingestWith(settings(), [pocketSiemWhoami(90)], "p2", ["pocketsiem.processes"]);
    expect(next.alerts).toBe(0);
    expect(await storedAlerts()).toEqual([expect.objectContaining({ count: 1 })]);
    expect((await exceptions())[0]?.hits).toBe(1);
  });

  it("refuses to turn an event value spelled like an IP-list reference into a list exception", async () => {
    await ingestWith(settings(), [processStart({ at: T0, user: "@list:trusted_hosts" })], "b1");
    const [alert] = await storedAlerts();
    const res = await call(`/api/v1/alerts/${alert?.id}/exceptions`, {
      method: "POST",
      token: admin,
      json: { field: "user.name" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringContaining("names an IP list") });
    expect(await exceptions()).toEqual([]);
  });

  it("lists exceptions and removes one", async () => {
    const { body } = await addException({ field: "Image", value: "C:\\Tools\\x.exe" });
    expect((await exceptions()).map((e) => e.value)).toEqual(["C:\\Tools\\x.exe"]);
    const removed = await call(`/api/v1/exceptions/${body.exception.id}`, { method: "DELETE", token: admin });
    expect(removed.status).toBe(204);
    expect(await exceptions()).toEqual([]);
    const again = await call(`/api/v1/exceptions/${body.exception.id}`, { method: "DELETE", token: admin });
    expect(again.body).toEqual({ error: `no exception with id ${body.exception.id}` });
  });

  it("refuses the same exception twice, ignoring case", async () => {
    await addException({ field: "Image", value: "C:\\Tools\\x.exe" });
    const twice = await addException({ field: "image", value: "c:\\tools\\X.EXE" });
    expect(twice.status).toBe(409);
  });

  it("answers bad input with 400 naming the field, and viewers with 403", async () => {
    expect((await addException({ value: "x" })).body).toEqual({ error: "'field' is required and must be a string" });
    expect((await addException({ field: "a'b", value: "x" })).status).toBe(400);
    expect((await addException({ field: "User" })).body).toEqual({ error: "'value' is required and must be a string" });
    expect((await addException({ field: "User", value: "x", rule_id: 5 })).body).toEqual({
      error: "'rule_id' must be a string",
    });
    expect((await addException({ field: "User", value: "x", extra: 1 })).status).toBe(400);
    const viewer = await userWithRole(admin, "vera", "viewer");
    expect((await addException({ field: "User", value: "x" }, viewer)).status).toBe(403);
    expect((await call("/api/v1/exceptions", { token: viewer })).status).toBe(200);
  });
});
