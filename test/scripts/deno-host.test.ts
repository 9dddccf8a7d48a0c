/**
 * The same Worker on Deno (`deno task start`) with its SQLite-file store, driven over HTTP as an
 * agent and an analyst would: batches of several formats are stored, a resend is answered as a
 * duplicate and stored once, an alert fires, and a batch posted while the store is locked is
 * queued durably and reaches the store once it is free again.
 */
import { DatabaseSync } from "node:sqlite";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_CSP } from "../../worker/http/security-headers.ts";
import mixed from "../fixtures/batches/mixed.json" with { type: "json" };
import { type DenoHost, startDenoHost } from "../support/deno-host.ts";
import { ApiClient } from "../support/ui-session.ts";

let host: DenoHost;
let admin: ApiClient;
let token: string;

beforeAll(async () => {
  // Queued parts retry at once, so the locked-store case settles in seconds.
  host = await startDenoHost({ INGEST_RETRY_BASE_SECONDS: "0" });
  admin = await ApiClient.signIn(host.url, "admin", host.adminPassword);
  token = await admin.createAgentToken("deno-ws01");
});

afterAll(async () => {
  await host?.stop();
});

async function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  const response = await fetch(`${host.url}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function eventsOfBatch(batchId: string): Promise<{ dataset: string; batch_id: string }[]> {
  const now = Date.now();
  const { events } = await admin.call<{ events: { dataset: string; batch_id: string }[] }>(
    "GET",
    `/events?from=${now - 400 * 86_400_000}&to=${now + 86_400_000}&limit=500`,
  );
  return events.filter((event) => event.batch_id === batchId);
}

describe("EdgeSIEM on Deno", () => {
  it("serves the dashboard with the security headers of the build's _headers file, and not the file", async () => {
    for (const path of ["/", "/favicon.svg", "/index.html"]) {
      const response = await fetch(`${host.url}${path}`);
      await response.arrayBuffer();
      expect(response.headers.get("content-security-policy"), path).toBe(DASHBOARD_CSP);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    const api = await fetch(`${host.url}/api/v1/health`);
    await api.arrayBuffer();
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    const file = await fetch(`${host.url}/_headers`);
    expect(await file.text()).not.toContain("Content-Security-Policy:");
  });

  it("stores a mixed batch as the event model and fires its alerts", async () => {
    const answer = await post(JSON.stringify(mixed));
    expect(answer).toEqual({
      status: 200,
      body: { batch_id: mixed.batch_id, accepted: 6, rejected: [], status: "stored", alerts: expect.any(Number) },
    });
    const stored = await eventsOfBatch(mixed.batch_id);
    expect(stored.map((event) => event.dataset).sort()).toEqual([
      "generic",
      "linux.auth",
      "windows.security",
      "windows.sysmon_operational",
      "windows.sysmon_operational",
      "zeek.http",
    ]);
    expect(answer.body.alerts).toBeGreaterThan(0);
    const { alerts } = await admin.call<{ alerts: unknown[] }>("GET", "/alerts?limit=50");
    expect(alerts.length).toBeGreaterThan(0);
  });

  it("answers a resent batch as a duplicate and stores it once", async () => {
    const answer = await post(JSON.stringify(mixed));
    expect(answer.body).toMatchObject({ batch_id: mixed.batch_id, status: "duplicate" });
    expect(await eventsOfBatch(mixed.batch_id)).toHaveLength(6);
  });

  it("takes NDJSON and gzip bodies", async () => {
    const ndjson = `${mixed.events.map((event) => JSON.stringify(event)).join("\n")}\n`;
    const lines = await post(ndjson, { "content-type": "application/x-ndjson", "idempotency-key": "deno-ndjson-1" });
    expect(lines).toMatchObject({ status: 200, body: { accepted: 6, status: "stored" } });
    const gzipped = await post(new Uint8Array(gzipSync(JSON.stringify(mixed.events))), {
      "content-encoding": "gzip",
      "idempotency-key": "deno-gzip-1",
    });
    expect(gzipped).toMatchObject({ status: 200, body: { accepted: 6, status: "stored" } });
    expect(await eventsOfBatch("deno-gzip-1")).toHaveLength(6);
  });

  it("queues a batch while the store is locked and stores it once the lock is gone", async () => {
    const locker = new DatabaseSync(host.sqlitePath);
    locker.exec("PRAGMA busy_timeout = 5000");
    locker.exec("BEGIN IMMEDIATE");
    let answer: Awaited<ReturnType<typeof post>>;
    try {
      answer = await post(JSON.stringify(mixed.events.slice(0, 3)), { "idempotency-key": "deno-locked-1" });
    } finally {
      locker.exec("ROLLBACK");
      locker.close();
    }
    expect(answer).toMatchObject({ status: 202, body: { accepted: 3, status: "queued" } });
    const deadline = Date.now() + 30_000;
    let stored = await eventsOfBatch("deno-locked-1");
    while (stored.length < 3 && Date.now() < deadline) {
      await new Promise((wake) => setTimeout(wake, 250));
      stored = await eventsOfBatch("deno-locked-1");
    }
    expect(stored).toHaveLength(3);
  });
});
