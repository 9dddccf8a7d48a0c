import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../worker/store/handle.ts";
import { overviewStatements } from "../../worker/store/overview.ts";
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

type Levels = Record<"informational" | "low" | "medium" | "high" | "critical", number>;

interface Overview {
  from: string;
  to: string;
  alerts_over_time: { interval_ms: number; buckets: { ts: number; levels: Levels }[] };
  open_alerts: { total: number; by_level: Levels };
  top_rules: { rule_id: string; title: string; level: string; alerts: number; hits: number }[];
  top_hosts: {
    by_alerts: { host: string | null; alerts: number; hits: number }[];
    by_events: { host: string | null; events: number }[];
  };
  ingest: {
    events: number;
    by_dataset: { dataset: string; events: number }[];
    batches: { count: number; events: number };
  };
}

const NONE: Levels = { informational: 0, low: 0, medium: 0, high: 0, critical: 0 };
/** Two hours from T0: covers the events (minutes 1..6) and the batch, received at T0 + 60 min. */
const RANGE = `from=${T0}&to=${T0 + 120 * MINUTE}`;

let admin: string;

const at = (minute: number, host: string, image?: string) =>
  processStart({ at: T0 + minute * MINUTE, host, ...(image ? { image, user: `CORP\\${host}` } : {}) });

beforeEach(async () => {
  admin = await login();
  // Alerts: whoami on WS01 (minutes 1 and 2, one alert of two hits), whoami on WS02 (minute 3),
  // net on WS01 (minute 4). Notepad on WS03 (minute 6) raises nothing.
  await ingestWith(testSettings(ruleSetOf(WHOAMI_RULE, NET_RULE)), [
    at(1, "WS01"),
    at(2, "WS01"),
    at(3, "WS02"),
    at(4, "WS01", "C:\\Windows\\System32\\net.exe"),
    at(5, "WS01", "C:\\Windows\\System32\\notepad.exe"),
    at(6, "WS03", "C:\\Windows\\System32\\notepad.exe"),
  ]);
});

function overview(query = RANGE, token = admin) {
  return call<Overview>(`/api/v1/overview?${query}`, { token });
}

describe("GET /overview", () => {
  it("draws new alerts per interval and level where each alert was first seen", async () => {
    const res = await overview();
    expect(res.status).toBe(200);
    expect(res.body.from).toBe(new Date(T0).toISOString());
    expect(res.body.alerts_over_time).toEqual({
      interval_ms: 2 * MINUTE,
      buckets: [
        { ts: T0, levels: { ...NONE, medium: 1 } },
        { ts: T0 + 2 * MINUTE, levels: { ...NONE, medium: 1 } },
        { ts: T0 + 4 * MINUTE, levels: { ...NONE, high: 1 } },
      ],
    });
  });

  it("ranks rules and hosts by alerts, then hits, and hosts by events", async () => {
    const { body } = await overview();
    expect(body.top_rules).toEqual([
      { rule_id: WHOAMI_RULE_ID, title: "Whoami execution", level: "medium", alerts: 2, hits: 3 },
      { rule_id: NET_RULE_ID, title: "Net group discovery", level: "high", alerts: 1, hits: 1 },
    ]);
    expect(body.top_hosts.by_alerts).toEqual([
      { host: "WS01", alerts: 2, hits: 3 },
      { host: "WS02", alerts: 1, hits: 1 },
    ]);
    expect(body.top_hosts.by_events).toEqual([
      { host: "WS01", events: 4 },
      { host: "WS02", events: 1 },
      { host: "WS03", events: 1 },
    ]);
  });

  it("counts ingest per dataset and the batches received in the range", async () => {
    const { body } = await overview();
    expect(body.ingest).toEqual({
      events: 6,
      by_dataset: [{ dataset: "windows.sysmon_operational", events: 6 }],
      batches: { count: 1, events: 6 },
    });
  });

  it("counts open alerts by level, whatever the range, and stops counting one once it is closed", async () => {
    const before = await overview(`from=${T0 + 100 * MINUTE}&to=${T0 + 120 * MINUTE}`);
    expect(before.body.open_alerts).toEqual({ total: 3, by_level: { ...NONE, medium: 2, high: 1 } });

    await env.DB.prepare("UPDATE alerts SET status = 'closed' WHERE rule_id = ?").bind(NET_RULE_ID).run();

    const after = await overview();
    expect(after.body.open_alerts).toEqual({ total: 2, by_level: { ...NONE, medium: 2 } });
    expect(after.body.top_rules.map((r) => r.rule_id)).toEqual([WHOAMI_RULE_ID, NET_RULE_ID]);
  });

  it("leaves out alerts and events outside the range", async () => {
    const { body } = await overview(`from=${T0 + 3.5 * MINUTE}&to=${T0 + 30 * MINUTE}`);
    expect(body.alerts_over_time.buckets).toEqual([{ ts: T0 + 4 * MINUTE, levels: { ...NONE, high: 1 } }]);
    expect(body.top_rules.map((r) => r.rule_id)).toEqual([NET_RULE_ID]);
    expect(body.top_hosts.by_events).toEqual([
      { host: "WS01", events: 2 },
      { host: "WS03", events: 1 },
    ]);
    expect(body.ingest.batches).toEqual({ count: 0, events: 0 });
  });

  it("is open to viewers", async () => {
    const viewer = await userWithRole(admin, "vera", "viewer");
    expect((await overview(RANGE, viewer)).status).toBe(200);
  });

  it("refuses a request without a session", async () => {
    expect((await call(`/api/v1/overview?${RANGE}`)).status).toBe(401);
  });

  it("refuses a range that ends before it starts, and a time that is not one", async () => {
    const backwards = await overview(`from=${T0 + MINUTE}&to=${T0}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body).toEqual({ error: "'from' must be before 'to'" });
    expect((await overview("from=yesterday")).status).toBe(400);
  });
});

describe("indexes", () => {
  it("bounds every statement by an index instead of scanning a table or a whole index", async () => {
    const statements = overviewStatements(openStore(env.DB), { from: 0, to: 1, intervalMs: 60_000 });
    const plans = await Promise.all(
      statements.map(async (statement) => {
        const query = statement.toSQL();
        const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
          .bind(...query.params)
          .all<{ detail: string }>();
        return results.map((r) => r.detail).join(" | ");
      }),
    );
    expect(plans).toHaveLength(7);
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH \w+ USING (COVERING )?INDEX/);
      expect(plan).not.toMatch(/\bSCAN\b/);
    }
  });
});
