import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import mixed from "../fixtures/batches/mixed.json";
import { agentToken, call, gzip, ingest, login } from "../support/workers/api.ts";

let admin: string;
let agent: { id: string; token: string };

beforeEach(async () => {
  admin = await login();
  agent = await agentToken(admin, "WS01");
});

async function storedEvents() {
  const { results } = await env.DB.prepare(
    "SELECT host, source, dataset, event_code, category, outcome, user, process, command_line, parent_process, src_ip, src_port, dst_ip, dst_port, batch_id, batch_index FROM events ORDER BY batch_index",
  ).all();
  return results;
}

describe("ingest formats", () => {
  it("stores an {events:[...]} batch of every format as the event model", async () => {
    const res = await ingest(agent.token, JSON.stringify(mixed));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      batch_id: mixed.batch_id,
      accepted: 6,
      rejected: [],
      status: "stored",
      alerts: expect.any(Number),
    });
    const rows = await storedEvents();
    expect(rows.map((r) => [r.source, r.dataset, r.event_code])).toEqual([
      ["evtx", "windows.sysmon_operational", "1"],
      ["evtx", "windows.sysmon_operational", "3"],
      ["evtx", "windows.security", "4625"],
      ["linux_auth", "linux.auth", null],
      ["zeek", "zeek.http", null],
      ["generic", "generic", null],
    ]);
    expect(rows[0]).toMatchObject({
      host: "WS01.corp.example",
      process: "C:\\Windows\\System32\\cmd.exe",
      parent_process: "C:\\Windows\\explorer.exe",
      user: "CORP\\bob",
    });
    expect(rows[1]).toMatchObject({ dst_ip: "198.51.100.23", dst_port: 8081, src_port: 50312 });
    expect(rows[2]).toMatchObject({ user: "administrator", outcome: "failure", src_ip: "203.0.113.50" });
    expect(rows[3]).toMatchObject({ host: "web1", user: "deploy", outcome: "success", src_ip: "192.0.2.10" });
    expect(rows[4]).toMatchObject({ src_ip: "10.0.0.21", dst_port: 8081 });
  });

  it("keeps the original record whole in raw", async () => {
    await ingest(agent.token, JSON.stringify(mixed));
    const row = await env.DB.prepare("SELECT raw FROM events WHERE batch_index = 0").first<{ raw: string }>();
    expect(JSON.parse(row?.raw ?? "null")).toEqual(mixed.events[0]);
  });

  it("accepts a bare JSON array", async () => {
    const res = await ingest(agent.token, JSON.stringify(mixed.events.slice(0, 2)));
    expect(res.body).toMatchObject({ accepted: 2, rejected: [] });
  });

  it("accepts NDJSON", async () => {
    const body = mixed.events.map((e) => JSON.stringify(e)).join("\n");
    const res = await ingest(agent.token, `${body}\n`, { "content-type": "application/x-ndjson" });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(6);
  });

  it("accepts a gzip-compressed body", async () => {
    const res = await ingest(agent.token, await gzip(JSON.stringify(mixed)), { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(6);
  });

  it("stores nested EVTX-JSON as evtx_dump writes it", async () => {
    const record = {
      Event: {
        "#attributes": { xmlns: "http://schemas.microsoft.com/win/2004/08/events/event" },
        System: {
          Provider: { "#attributes": { Name: "Microsoft-Windows-Sysmon" } },
          EventID: 1,
          TimeCreated: { "#attributes": { SystemTime: "2026-11-23T07:00:00.000000Z" } },
          Channel: "Microsoft-Windows-Sysmon/Operational",
          Computer: "WS02",
        },
        EventData: { Image: "C:\\Windows\\System32\\whoami.exe", CommandLine: "whoami /all" },
      },
    };
    const res = await ingest(agent.token, JSON.stringify([record]));
    expect(res.body.accepted).toBe(1);
    const row = await env.DB.prepare("SELECT ts, host, source, process, command_line FROM events").first();
    expect(row).toEqual({
      ts: Date.parse("2026-11-23T07:00:00Z"),
      host: "WS02",
      source: "evtx_json",
      process: "C:\\Windows\\System32\\whoami.exe",
      command_line: "whoami /all",
    });
  });

  it("stores Winlogbeat/ECS documents", async () => {
    const doc = {
      "@timestamp": "2026-11-23T07:01:00.000Z",
      event: { code: "1", provider: "Microsoft-Windows-Sysmon" },
      host: { name: "WS03" },
      winlog: {
        channel: "Microsoft-Windows-Sysmon/Operational",
        event_id: 1,
        computer_name: "WS03",
        event_data: { Image: "C:\\Windows\\System32\\net.exe", CommandLine: "net group /domain" },
      },
      process: { executable: "C:\\Windows\\System32\\net.exe", command_line: "net group /domain" },
    };
    const res = await ingest(agent.token, JSON.stringify([doc]));
    expect(res.body.accepted).toBe(1);
    const row = await env.DB.prepare("SELECT host, source, dataset, event_code, command_line FROM events").first();
    expect(row).toEqual({
      host: "WS03",
      source: "ecs",
      dataset: "windows.sysmon_operational",
      event_code: "1",
      command_line: "net group /domain",
    });
  });
});

describe("ingest errors", () => {
  it("lists per-event problems by index and stores the valid events", async () => {
    const res = await ingest(
      agent.token,
      JSON.stringify([
        mixed.events[0],
        42,
        { note: "no time at all" },
        { UtcTime: "garbage", EventID: 1, Channel: "x" },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r) => r.index)).toEqual([1, 2, 3]);
    for (const r of res.body.rejected) expect(r.error).toEqual(expect.any(String));
    expect(await storedEvents()).toHaveLength(1);
  });

  it("answers invalid JSON with 400 naming the line and column, storing nothing", async () => {
    const res = await ingest(agent.token, '{"events": [\n  {"a": 1},\n  {"b": }\n]}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringMatching(/invalid JSON at line 3, column \d+/) });
    expect(await storedEvents()).toHaveLength(0);
  });

  it("names the NDJSON line that is not JSON", async () => {
    const res = await ingest(agent.token, '{"a":1}\n{"b":2}\nnot json\n', { "content-type": "application/x-ndjson" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringContaining("on NDJSON line 3") });
  });

  it("refuses more than 10,000 events with 413", async () => {
    const res = await ingest(agent.token, JSON.stringify(Array.from({ length: 10_001 }, () => ({}))));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: "a batch holds at most 10000 events" });
  });

  it("refuses a body over 5 MB with 413", async () => {
    const big = JSON.stringify([{ message: "x".repeat(5 * 1024 * 1024) }]);
    const res = await ingest(agent.token, big);
    expect(res.status).toBe(413);
  });

  it("refuses a gzip bomb once it inflates past 5 MB", async () => {
    const bomb = await gzip(`[${'{"a":"'.concat("A".repeat(1000), '"},').repeat(6000)}{}]`);
    expect(bomb.byteLength).toBeLessThan(200_000);
    const res = await ingest(agent.token, bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: expect.stringContaining("after decompression") });
  });

  it("refuses corrupt gzip, invalid UTF-8 and unknown encodings", async () => {
    const corrupt = await ingest(agent.token, new Uint8Array([0x1f, 0x8b, 1, 2, 3]), { "content-encoding": "gzip" });
    expect(corrupt.status).toBe(400);
    const latin1 = await ingest(agent.token, new Uint8Array([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]));
    expect(latin1.status).toBe(400);
    expect(latin1.body).toEqual({ error: "body is not valid UTF-8" });
    const br = await ingest(agent.token, "[]", { "content-encoding": "br" });
    expect(br.status).toBe(415);
  });

  it("refuses ingest without a token, with a session token, or with a forged one", async () => {
    expect((await call("/api/v1/ingest", { method: "POST", body: "[]" })).status).toBe(401);
    const withSession = await ingest(admin, "[]");
    expect(withSession.status).toBe(401);
    expect(withSession.body).toEqual({ error: "a session token cannot be used for ingest" });
    expect((await ingest(`${agent.token.slice(0, -2)}xx`, "[]")).status).toBe(401);
  });

  it("refuses an agent token on the dashboard API", async () => {
    const res = await call("/api/v1/events", { token: agent.token });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "an agent token cannot be used for the dashboard API" });
  });
});

describe("idempotent resend", () => {
  it("stores a resent batch once and answers it as a duplicate", async () => {
    const body = JSON.stringify(mixed);
    const first = await ingest(agent.token, body);
    const second = await ingest(agent.token, body);
    expect(first.body.status).toBe("stored");
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, status: "duplicate" });
    expect(await storedEvents()).toHaveLength(6);
  });

  it("takes the batch id from the Idempotency-Key header", async () => {
    const body = JSON.stringify(mixed.events);
    await ingest(agent.token, body, { "idempotency-key": "abc-1" });
    const again = await ingest(agent.token, body, { "idempotency-key": "abc-1" });
    expect(again.body).toMatchObject({ batch_id: "abc-1", status: "duplicate" });
    expect(await storedEvents()).toHaveLength(6);
  });

  it("refuses a batch id reused for a different batch with 409", async () => {
    await ingest(agent.token, JSON.stringify(mixed.events), { "idempotency-key": "abc-2" });
    const other = await ingest(agent.token, JSON.stringify(mixed.events.slice(1)), { "idempotency-key": "abc-2" });
    expect(other.status).toBe(409);
  });
});

describe("hosts, tokens and submissions", () => {
  it("updates each host's last-seen time and the token's last-used time", async () => {
    const before = Date.now();
    await ingest(agent.token, JSON.stringify(mixed));
    const hosts = await env.DB.prepare("SELECT name, last_seen, last_token_id FROM hosts ORDER BY name").all<{
      name: string;
      last_seen: number;
      last_token_id: string;
    }>();
    expect(hosts.results.map((h) => h.name)).toEqual(["DC01.corp.example", "WS01.corp.example", "web1"]);
    for (const h of hosts.results) {
      expect(h.last_seen).toBeGreaterThanOrEqual(before);
      expect(h.last_token_id).toBe(agent.id);
    }
    const tokens = await call<{ tokens: { id: string; last_used_at: string | null }[] }>("/api/v1/tokens", {
      token: admin,
    });
    const used = tokens.body.tokens.find((t) => t.id === agent.id);
    expect(Date.parse(used?.last_used_at ?? "")).toBeGreaterThanOrEqual(before - 1000);
  });

  it("records the batch as a submission with its counts", async () => {
    await ingest(agent.token, JSON.stringify([mixed.events[0], 7]), { "idempotency-key": "sub-1" });
    const row = await env.DB.prepare(
      "SELECT status, event_count, accepted, rejected FROM ingest_batches WHERE id = 'sub-1'",
    ).first();
    expect(row).toEqual({
      status: "stored",
      event_count: 1,
      accepted: 1,
      rejected: JSON.stringify([{ index: 1, error: "event is not a JSON object" }]),
    });
  });
});
