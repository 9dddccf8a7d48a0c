import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { HOST_QUERIES } from "../../worker/store/hosts.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const MINUTE = 60_000;

interface HostsBody {
  rule: { window_hours: number; silence_factor: number; min_gaps: number; threshold_minutes: number };
  hosts: {
    name: string;
    first_seen: string;
    last_seen: string;
    last_event_at: string;
    events_24h: number;
    events_per_hour: number;
    datasets: { source: string; dataset: string; events: number }[];
    token: { id: string; name: string | null; revoked: boolean } | null;
    median_gap_minutes: number | null;
    expected_interval_minutes: number;
    expected_basis: "cadence" | "threshold";
    silent: boolean;
  }[];
}

function sysmonProcess(host: string, at: number) {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: host,
    UtcTime: new Date(at).toISOString().replace("T", " ").replace("Z", ""),
    Image: "C:\\Windows\\System32\\whoami.exe",
    CommandLine: "whoami",
  };
}

function securityLogon(host: string, at: number) {
  return { Channel: "Security", EventID: 4624, Computer: host, TimeCreated: new Date(at).toISOString() };
}

/** A host whose batches arrived at these times (ms), as the ingest path would have recorded them. */
async function hostDeliveredAt(name: string, arrivals: number[]) {
  const last = Math.max(...arrivals);
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO hosts (name, first_seen, last_seen, last_event_ts, last_token_id) VALUES (?1, ?2, ?3, ?3, NULL)",
    ).bind(name, Math.min(...arrivals), last),
    ...arrivals.map((at, i) =>
      env.DB.prepare(
        `INSERT INTO ingest_batches (id, body_hash, received_at, stored_at, status, event_count, accepted, hosts)
         VALUES (?1, 'hash', ?2, ?2, 'stored', 1, 1, ?3)`,
      ).bind(`${name}-${i}`, at, JSON.stringify([name])),
    ),
  ]);
}

let admin: string;

beforeEach(async () => {
  admin = await login();
});

describe("GET /api/v1/hosts", () => {
  it("lists every host with its activity, datasets and the token that last sent", async () => {
    const now = Date.now();
    const agent = await agentToken(admin, "win-agent");
    const batch = [
      sysmonProcess("WS01", now - 10 * MINUTE),
      sysmonProcess("WS01", now - 5 * MINUTE),
      securityLogon("WS01", now - 2 * MINUTE),
      securityLogon("DC01", now - 30 * MINUTE),
      // Older than the last day: counted in the host's datasets, not in its current rate.
      sysmonProcess("DC01", now - 48 * 60 * MINUTE),
    ];
    expect((await ingest(agent.token, JSON.stringify(batch))).body.accepted).toBe(5);

    const res = await call<HostsBody>("/api/v1/hosts", { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.hosts.map((h) => h.name)).toEqual(["DC01", "WS01"]);
    const [dc, ws] = res.body.hosts;

    expect(ws).toMatchObject({
      events_24h: 3,
      events_per_hour: 3 / 24,
      last_event_at: new Date(now - 2 * MINUTE).toISOString(),
      token: { id: agent.id, name: "win-agent", revoked: false },
      silent: false,
    });
    expect(ws?.datasets).toEqual([
      { source: "evtx", dataset: "windows.sysmon_operational", events: 2 },
      { source: "evtx", dataset: "windows.security", events: 1 },
    ]);
    expect(Date.parse(ws?.last_seen ?? "")).toBeGreaterThanOrEqual(now);
    expect(dc).toMatchObject({ events_24h: 1, last_event_at: new Date(now - 30 * MINUTE).toISOString() });
    expect(dc?.datasets.map((d) => d.dataset)).toEqual(["windows.security"]);

    await call(`/api/v1/tokens/${agent.id}`, { method: "DELETE", token: admin });
    const after = await call<HostsBody>("/api/v1/hosts", { token: admin });
    expect(after.body.hosts[1]?.token).toEqual({ id: agent.id, name: "win-agent", revoked: true });
  });

  it("flags a host silent after three of its median delivery gaps, capped by the threshold", async () => {
    const now = Date.now();
    // Every 5 minutes for an hour, then nothing for 20 minutes: expected within 15.
    await hostDeliveredAt(
      "steady",
      [80, 75, 70, 65, 60, 55, 50, 45, 40, 35, 30, 25, 20].map((m) => now - m * MINUTE),
    );
    // Every 5 minutes until 5 minutes ago: on time.
    await hostDeliveredAt(
      "on-time",
      [25, 20, 15, 10, 5].map((m) => now - m * MINUTE),
    );
    // Two deliveries say nothing of a rhythm: the threshold alone applies.
    await hostDeliveredAt("sparse", [now - 50 * MINUTE, now - 20 * MINUTE]);
    // Hourly until three hours ago: 3 × 60 min exceeds the threshold, which caps it.
    await hostDeliveredAt(
      "hourly",
      [8, 7, 6, 5, 4, 3].map((h) => now - h * 60 * MINUTE),
    );

    const res = await call<HostsBody>("/api/v1/hosts", { token: admin });
    const byName = Object.fromEntries(res.body.hosts.map((h) => [h.name, h]));
    expect(res.body.rule).toEqual({ window_hours: 24, silence_factor: 3, min_gaps: 3, threshold_minutes: 60 });
    expect(byName.steady).toMatchObject({
      median_gap_minutes: 5,
      expected_interval_minutes: 15,
      expected_basis: "cadence",
      silent: true,
    });
    expect(byName["on-time"]).toMatchObject({ expected_interval_minutes: 15, silent: false });
    expect(byName.sparse).toMatchObject({
      median_gap_minutes: 30,
      expected_interval_minutes: 60,
      expected_basis: "threshold",
      silent: false,
    });
    expect(byName.hourly).toMatchObject({ median_gap_minutes: 60, expected_interval_minutes: 60, silent: true });

    const strict = await call<HostsBody>("/api/v1/hosts?threshold_minutes=10", { token: admin });
    const sparse = strict.body.hosts.find((h) => h.name === "sparse");
    expect(sparse).toMatchObject({ expected_interval_minutes: 10, silent: true });
  });

  it("reads events only through the events_host_ts index and batches through ingest_batches_received", async () => {
    const plan = async (sql: string, ...params: number[]) => {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      return results.map((row) => row.detail).join("\n");
    };
    const plans = [
      await plan(HOST_QUERIES.HOSTS, 0, 1),
      await plan(HOST_QUERIES.DATASETS, 1),
      await plan(HOST_QUERIES.CADENCE, 0, 1),
    ];
    const [hosts, datasets, cadence] = plans;
    expect(hosts).toContain("SEARCH e USING COVERING INDEX events_host_ts (host=? AND ts>? AND ts<?)");
    expect(datasets).toContain("SEARCH e USING INDEX events_host_ts (host=? AND ts>? AND ts<?)");
    expect(cadence).toContain("SEARCH b USING INDEX ingest_batches_received (received_at>? AND received_at<?)");
    for (const plan of plans) expect(plan).not.toMatch(/SCAN (e|events|b|ingest_batches)\b/);
  });

  it("is open to every signed-in role and to no one else", async () => {
    const signup = await call<{ user: { id: number } }>("/api/v1/auth/signup", {
      method: "POST",
      json: { username: "vera", password: "a-long-password" },
    });
    await call(`/api/v1/users/${signup.body.user.id}`, { method: "PATCH", token: admin, json: { enabled: true } });
    const viewer = await login("vera", "a-long-password");
    expect((await call("/api/v1/hosts", { token: viewer })).status).toBe(200);
    expect((await call("/api/v1/hosts")).status).toBe(401);
    const agent = await agentToken(admin, "an-agent");
    expect((await call("/api/v1/hosts", { token: agent.token })).status).toBe(401);
  });

  it("refuses a threshold that is not a whole number of minutes in range", async () => {
    for (const bad of ["0", "1.5", "abc", "43201"]) {
      const res = await call(`/api/v1/hosts?threshold_minutes=${bad}`, { token: admin });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: "'threshold_minutes' must be a whole number from 1 to 43200" });
    }
  });
});
