import { beforeEach, describe, expect, it } from "vitest";
import { MINUTE, processStart, T0 } from "../support/workers/alert-events.ts";
import {
  ingestWith,
  NET_RULE,
  NET_RULE_ID,
  ruleSetOf,
  testSettings,
  userWithRole,
  WHOAMI_RULE,
  WHOAMI_RULE_ID,
} from "../support/workers/alerts.ts";
import { call, login } from "../support/workers/api.ts";

interface AlertOut {
  id: number;
  rule: { id: string; kind: string; title: string };
  level: string;
  tags: string[];
  host: string | null;
  key_fields: Record<string, string>;
  first_seen: string;
  last_seen: string;
  count: number;
  status: string;
  assignee: string | null;
}

interface AlertPage {
  alerts: AlertOut[];
  next_cursor: string | null;
}

interface AlertDetail {
  alert: AlertOut & {
    event_ids: number[];
    events: { id: number; host: string; process: string }[];
    notes: { author: string; text: string; created_at: string }[];
  };
}

let admin: string;

const whoami = (minute: number, host: string) => processStart({ at: T0 + minute * MINUTE, host });
const net = (minute: number, host: string) =>
  processStart({ at: T0 + minute * MINUTE, host, image: "C:\\Windows\\System32\\net.exe", user: `CORP\\${host}` });

beforeEach(async () => {
  admin = await login();
  // Five alerts: whoami (medium) on WS01..WS03 at minutes 1..3, net (high) on WS01 and WS02 at minutes 4 and 5.
  const settings = testSettings(ruleSetOf(WHOAMI_RULE, NET_RULE));
  await ingestWith(settings, [whoami(1, "WS01"), whoami(2, "WS02"), whoami(3, "WS03"), net(4, "WS01"), net(5, "WS02")]);
});

async function list(query = "", token = admin) {
  return call<AlertPage>(`/api/v1/alerts${query}`, { token });
}

async function firstAlertId() {
  return (await list(`?rule=${WHOAMI_RULE_ID}&host=WS01`)).body.alerts[0]?.id ?? 0;
}

describe("GET /alerts", () => {
  it("lists alerts newest first with rule, level, tags, host, key fields and counts", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.alerts.map((a) => [a.rule.id, a.host])).toEqual([
      [NET_RULE_ID, "WS02"],
      [NET_RULE_ID, "WS01"],
      [WHOAMI_RULE_ID, "WS03"],
      [WHOAMI_RULE_ID, "WS02"],
      [WHOAMI_RULE_ID, "WS01"],
    ]);
    expect(res.body.alerts[4]).toMatchObject({
      rule: { id: WHOAMI_RULE_ID, kind: "sigma", title: "Whoami execution" },
      level: "medium",
      tags: ["attack.discovery", "attack.t1033"],
      first_seen: new Date(T0 + MINUTE).toISOString(),
      count: 1,
      status: "open",
      assignee: null,
    });
  });

  it("filters by minimum level, rule, host, status and time range", async () => {
    const hosts = async (query: string) => (await list(query)).body.alerts.map((a) => a.host);
    expect(await hosts("?level=high")).toEqual(["WS02", "WS01"]);
    expect(await hosts("?level=low")).toHaveLength(5);
    expect(await hosts(`?rule=${WHOAMI_RULE_ID}`)).toEqual(["WS03", "WS02", "WS01"]);
    expect(await hosts("?host=WS02")).toEqual(["WS02", "WS02"]);
    const from = new Date(T0 + 2 * MINUTE).toISOString();
    const to = new Date(T0 + 4 * MINUTE).toISOString();
    expect(await hosts(`?from=${from}&to=${to}`)).toEqual(["WS03", "WS02"]);
    const id = await firstAlertId();
    await call(`/api/v1/alerts/${id}`, { method: "PATCH", token: admin, json: { status: "closed" } });
    expect(await hosts("?status=closed")).toEqual(["WS01"]);
    expect(await hosts("?status=open,acknowledged")).toHaveLength(4);
  });

  it("pages with a cursor through every alert exactly once", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AlertPage = (await list(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).body;
      seen.push(...page.alerts.map((a) => a.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
  });

  it("answers bad filters with 400 naming the parameter", async () => {
    expect((await list("?level=severe")).body).toEqual({
      error: "'level' must be one of informational, low, medium, high, critical",
    });
    const status = await list("?status=done");
    expect(status.status).toBe(400);
    expect(status.body).toEqual({ error: expect.stringContaining("'status' must be one of") });
    expect((await list("?from=yesterday")).status).toBe(400);
    expect((await list("?cursor=@@")).status).toBe(400);
    expect((await list("?limit=0")).body).toEqual({ error: "'limit' must be a positive integer" });
  });

  it("needs a session", async () => {
    expect((await call("/api/v1/alerts")).status).toBe(401);
  });
});

describe("GET /alerts/:id", () => {
  it("shows the alert with its events and notes", async () => {
    const id = await firstAlertId();
    const res = await call<AlertDetail>(`/api/v1/alerts/${id}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.alert.events).toHaveLength(1);
    expect(res.body.alert.events[0]).toMatchObject({ host: "WS01", process: "C:\\Windows\\System32\\whoami.exe" });
    expect(res.body.alert.event_ids).toEqual([res.body.alert.events[0]?.id]);
    expect(res.body.alert.notes).toEqual([]);
  });

  it("answers 404 for an unknown alert", async () => {
    expect((await call("/api/v1/alerts/999999", { token: admin })).body).toEqual({ error: "no alert with id 999999" });
  });
});

describe("PATCH /alerts/:id", () => {
  it("lets an analyst set status and assignee and append notes with author and time", async () => {
    const analyst = await userWithRole(admin, "ann", "analyst");
    const id = await firstAlertId();
    const first = await call<AlertDetail>(`/api/v1/alerts/${id}`, {
      method: "PATCH",
      token: analyst,
      json: { status: "acknowledged", assignee: "ann", note: "looking into it" },
    });
    expect(first.status).toBe(200);
    expect(first.body.alert).toMatchObject({ status: "acknowledged", assignee: "ann" });
    const second = await call<AlertDetail>(`/api/v1/alerts/${id}`, {
      method: "PATCH",
      token: admin,
      json: { note: "benign admin script", status: "false_positive", assignee: null },
    });
    expect(second.body.alert).toMatchObject({ status: "false_positive", assignee: null });
    expect(second.body.alert.notes.map((n) => [n.author, n.text])).toEqual([
      ["ann", "looking into it"],
      ["admin", "benign admin script"],
    ]);
    expect(Date.parse(second.body.alert.notes[0]?.created_at ?? "")).not.toBeNaN();
  });

  it("lets viewers read alerts but not change them", async () => {
    const viewer = await userWithRole(admin, "vic", "viewer");
    const id = await firstAlertId();
    expect((await call(`/api/v1/alerts/${id}`, { token: viewer })).status).toBe(200);
    const res = await call(`/api/v1/alerts/${id}`, { method: "PATCH", token: viewer, json: { status: "closed" } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: "this needs the analyst role; you are viewer" });
  });

  it("answers bad changes with 400 naming the problem", async () => {
    const id = await firstAlertId();
    const patch = async (json: unknown) =>
      (await call(`/api/v1/alerts/${id}`, { method: "PATCH", token: admin, json })).body;
    expect(await patch({ status: "done" })).toEqual({
      error: "'status' must be one of open, acknowledged, closed, false_positive",
    });
    expect(await patch({ assignee: "nobody" })).toEqual({ error: "'assignee': no user named 'nobody'" });
    expect(await patch({ note: "  " })).toEqual({ error: "'note' must be a non-empty string" });
    expect(await patch({})).toEqual({ error: "nothing to change: send 'status', 'assignee' or 'note'" });
    expect(await patch({ state: "closed" })).toEqual({
      error: "unknown field 'state'; expected status, assignee, note",
    });
    expect(await patch([1])).toEqual({ error: "body must be a JSON object" });
  });

  it("answers 404 for an unknown alert", async () => {
    const res = await call("/api/v1/alerts/999999", { method: "PATCH", token: admin, json: { note: "x" } });
    expect(res.status).toBe(404);
  });
});
