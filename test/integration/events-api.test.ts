import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { FIELD_COLUMNS } from "../../worker/sources/field-map.ts";
import { listEventsQuery } from "../../worker/store/event-queries.ts";
import { filterCondition } from "../../worker/store/event-search/event-filter.ts";
import { openStore } from "../../worker/store/handle.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const T0 = Date.parse("2026-11-23T08:00:00Z");

function sysmon(i: number, host: string, image: string, minute: number) {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: host,
    UtcTime: new Date(T0 + minute * 60_000).toISOString().replace("T", " ").replace("Z", ""),
    Image: image,
    CommandLine: `${image} --run ${i}`,
    ParentImage: "C:\\Windows\\explorer.exe",
    User: "CORP\\bob",
    IntegrityLevel: "High",
  };
}

interface EventsPage {
  events: { id: number; host: string; process: string; "@timestamp": string; raw: Record<string, unknown> }[];
  next_cursor: string | null;
}

let admin: string;
const range = `from=${T0 - 3_600_000}&to=${T0 + 3_600_000}`;

beforeEach(async () => {
  admin = await login();
  const agent = await agentToken(admin, "loader");
  const batch = [
    ...Array.from({ length: 30 }, (_, i) => sysmon(i, "WS01", "C:\\Windows\\System32\\cmd.exe", i)),
    ...Array.from({ length: 10 }, (_, i) => sysmon(i, "WS02", "C:\\Tools\\psexec.exe", i)),
    {
      Channel: "Security",
      EventID: 4624,
      Computer: "DC01",
      TimeCreated: new Date(T0 + 5 * 60_000).toISOString(),
      TargetUserName: "alice",
      LogonType: "10",
      IpAddress: "192.0.2.44",
    },
  ];
  const res = await ingest(agent.token, JSON.stringify(batch));
  expect(res.body.accepted).toBe(41);
});

describe("GET /events", () => {
  it("lists events newest first within the time range", async () => {
    const res = await call<EventsPage>(`/api/v1/events?${range}&limit=5`, { token: admin });
    expect(res.status).toBe(200);
    const times = res.body.events.map((e) => Date.parse(e["@timestamp"]));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[0]).toBe(T0 + 29 * 60_000);
  });

  it("pages through everything with the cursor, each event once", async () => {
    const seen = new Set<number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: EventsPage } = await call<EventsPage>(
        `/api/v1/events?${range}&limit=7${cursor ? `&cursor=${cursor}` : ""}`,
        { token: admin },
      );
      for (const e of res.body.events) seen.add(e.id);
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.size).toBe(41);
    expect(pages).toBe(6);
  });

  it("filters by host, dataset and event code", async () => {
    const byHost = await call<EventsPage>(`/api/v1/events?${range}&host=WS02`, { token: admin });
    expect(byHost.body.events).toHaveLength(10);
    const byCode = await call<EventsPage>(`/api/v1/events?${range}&dataset=windows.security&code=4624`, {
      token: admin,
    });
    expect(byCode.body.events.map((e) => e.host)).toEqual(["DC01"]);
  });

  it("filters by field:value terms on ECS names, native names and wildcards", async () => {
    const ecs = await call<EventsPage>(`/api/v1/events?${range}&term=process.executable:C:\\Tools\\psexec.exe`, {
      token: admin,
    });
    expect(ecs.body.events).toHaveLength(10);
    const native = await call<EventsPage>(`/api/v1/events?${range}&term=Image:*psexec*`, { token: admin });
    expect(native.body.events).toHaveLength(10);
    const raw = await call<EventsPage>(`/api/v1/events?${range}&term=LogonType:10`, { token: admin });
    expect(raw.body.events.map((e) => e.host)).toEqual(["DC01"]);
    const both = await call<EventsPage>(
      `/api/v1/events?${range}&term=${encodeURIComponent('CommandLine:"*--run 3"')}&term=host.name:WS01`,
      { token: admin },
    );
    expect(both.body.events).toHaveLength(1);
  });

  it("treats term values as data, never as SQL", async () => {
    const hostile = encodeURIComponent("Image:' OR 1=1 --");
    const res = await call<EventsPage>(`/api/v1/events?${range}&term=${hostile}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.events).toHaveLength(0);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM events").first<{ n: number }>();
    expect(count?.n).toBe(41);
  });

  it("answers bad parameters with 400 naming the problem", async () => {
    const badTime = await call(`/api/v1/events?from=yesterday`, { token: admin });
    expect(badTime.status).toBe(400);
    expect(badTime.body).toEqual({ error: "'from' must be an ISO date or epoch milliseconds" });
    expect((await call(`/api/v1/events?${range}&term=nocolon`, { token: admin })).status).toBe(400);
    expect((await call(`/api/v1/events?${range}&cursor=%%%`, { token: admin })).status).toBe(400);
    expect((await call(`/api/v1/events?${range}&limit=0`, { token: admin })).status).toBe(400);
    expect((await call(`/api/v1/events?${range}&term=destination.port:abc`, { token: admin })).status).toBe(400);
  });

  it("requires a session", async () => {
    expect((await call(`/api/v1/events`)).status).toBe(401);
  });
});

describe("GET /events/:id", () => {
  it("returns one event with its raw record", async () => {
    const list = await call<EventsPage>(`/api/v1/events?${range}&host=DC01`, { token: admin });
    const id = list.body.events[0]?.id;
    const res = await call<{ event: EventsPage["events"][number] }>(`/api/v1/events/${id}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.event.raw).toMatchObject({ TargetUserName: "alice" });
    expect((await call(`/api/v1/events/999999`, { token: admin })).status).toBe(404);
    expect((await call(`/api/v1/events/abc`, { token: admin })).status).toBe(400);
  });
});

describe("GET /events/stats", () => {
  it("counts per dataset and host, with a histogram over the range", async () => {
    const res = await call<{
      total: number;
      by_dataset: { dataset: string; count: number }[];
      by_host: { host: string; count: number }[];
      histogram: { interval_ms: number; buckets: { ts: number; count: number }[] };
    }>(`/api/v1/events/stats?${range}`, { token: admin });
    expect(res.body.total).toBe(41);
    expect(res.body.by_dataset).toEqual([
      { dataset: "windows.sysmon_operational", count: 40 },
      { dataset: "windows.security", count: 1 },
    ]);
    expect(res.body.by_host[0]).toEqual({ host: "WS01", count: 30 });
    expect(res.body.histogram.interval_ms).toBe(120_000);
    expect(res.body.histogram.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(41);
    // Buckets start on whole intervals, so events of one interval share one bucket.
    const starts = res.body.histogram.buckets.map((b) => b.ts);
    expect(starts.every((ts) => ts % 120_000 === 0)).toBe(true);
    expect(new Set(starts).size).toBe(starts.length);
  });
});

describe("indexes", () => {
  async function plan(filter: Parameters<typeof filterCondition>[0]) {
    const query = listEventsQuery(openStore(env.DB), filterCondition(filter, FIELD_COLUMNS), 101).toSQL();
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>();
    return results.map((r) => r.detail).join(" | ");
  }

  it("serves the time range from the ts index", async () => {
    expect(await plan({ from: 0, to: 1, terms: [] })).toMatch(/USING INDEX events_ts/);
  });

  it("serves a host filter from the host+ts index", async () => {
    expect(await plan({ from: 0, to: 1, host: "WS01", terms: [] })).toMatch(/USING INDEX events_host_ts/);
  });

  it("serves a dataset and event code filter from the dataset+code+ts index", async () => {
    expect(await plan({ from: 0, to: 1, dataset: "windows.security", eventCode: "4624", terms: [] })).toMatch(
      /USING INDEX events_dataset_code_ts/,
    );
  });

  it("serves an import filter from the partial import+ts index", async () => {
    expect(await plan({ from: 0, to: 1, importId: "imp_0123", terms: [] })).toMatch(/USING INDEX events_import_ts/);
  });
});
