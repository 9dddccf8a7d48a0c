/**
 * Dead-lettered ingest parts through the real local Queue and D1: a SQLite trigger that refuses
 * some batches' events is the fault (a real D1 error on every store attempt, from the direct path,
 * the retry queue and the dead-letter consumer alike); dropping it is the fix.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PublicDeadLetter } from "../../worker/http/routes/dead-letters.ts";
import { consumeIngestDeadLetters, DEAD_LETTER_CONSUMER } from "../../worker/ingest/retry/dead-letter-consumer.ts";
import { deadLetterRetryDelaySeconds } from "../../worker/queue/keep-dead-letters.ts";
import type { IngestPartMessage } from "../../worker/queue/messages.ts";
import { processStart, T0 } from "../support/workers/alert-events.ts";
import { ruleSetOf, testSettings, userWithRole, WHOAMI_RULE, WHOAMI_RULE_ID } from "../support/workers/alerts.ts";
import { agentToken, call, ingest, login } from "../support/workers/api.ts";

const FAULT = "injected fault: the events table refuses this batch";

function injectFault(message = FAULT) {
  return env.DB.prepare(
    `CREATE TRIGGER dead_letter_fault BEFORE INSERT ON events WHEN NEW.batch_id LIKE 'poison-%'
     BEGIN SELECT RAISE(ABORT, '${message}'); END`,
  ).run();
}

function removeFault() {
  return env.DB.prepare("DROP TRIGGER IF EXISTS dead_letter_fault").run();
}

interface ListBody {
  items: PublicDeadLetter[];
  total: number;
  pending: number;
}

let admin: string;
let agent: { id: string; token: string };

beforeEach(async () => {
  admin = await login();
  agent = await agentToken(admin, "WS01");
  const created = await call("/api/v1/rules", { method: "POST", token: admin, json: { text: WHOAMI_RULE } });
  expect(created.status).toBe(201);
  await injectFault();
});

afterEach(removeFault);

/** Two whoami runs (one alert of count 2) and a net.exe run that matches nothing. */
function records() {
  return [
    processStart({ at: T0 }),
    processStart({ at: T0 + 1000 }),
    processStart({ at: T0 + 2000, image: "C:\\Windows\\System32\\net.exe" }),
  ];
}

async function list(query = ""): Promise<ListBody> {
  const res = await call<ListBody>(`/api/v1/dead-letters${query}`, { token: admin });
  expect(res.status).toBe(200);
  return res.body;
}

/** Ingests each batch while the fault holds and waits until every one is a dead letter with its error. */
async function deadLetter(...batchIds: string[]): Promise<PublicDeadLetter[]> {
  for (const batchId of batchIds) {
    const res = await ingest(agent.token, JSON.stringify({ batch_id: batchId, events: records() }));
    expect(res.body).toMatchObject({ status: "queued", accepted: 3 });
  }
  const deadline = Date.now() + 40_000;
  for (;;) {
    const { items } = await list();
    const ready = items.filter((item) => batchIds.includes(item.batch_id ?? "") && item.last_error !== null);
    if (ready.length === batchIds.length) return batchIds.flatMap((id) => ready.filter((item) => item.batch_id === id));
    if (Date.now() > deadline) throw new Error(`not dead-lettered in time: ${JSON.stringify(items)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function storedEvents(batchId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE batch_id = ?")
    .bind(batchId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function whoamiAlertCounts(): Promise<number[]> {
  const res = await call<{ alerts: { count: number }[] }>(`/api/v1/alerts?rule=${WHOAMI_RULE_ID}`, { token: admin });
  return res.body.alerts.map((alert) => alert.count);
}

function replay(id: number | undefined, token = admin) {
  return call<{ dead_letter: PublicDeadLetter; alerts?: number; error?: string }>(`/api/v1/dead-letters/${id}/replay`, {
    method: "POST",
    token,
  });
}

describe("ingest dead letters", () => {
  it("keeps a batch that keeps failing as a pending dead letter with the real error and its records", async () => {
    const [letter] = await deadLetter("poison-kept");
    expect(letter).toMatchObject({
      batch_id: "poison-kept",
      token_id: agent.id,
      token_name: "WS01",
      record_count: 3,
      status: "pending",
      attempts: 1,
      replayed_at: null,
    });
    expect(letter?.last_error).toContain(FAULT);
    expect(letter?.first_error).toBe(letter?.last_error);
    expect(await storedEvents("poison-kept")).toBe(0);
    expect(await list()).toMatchObject({ total: 1, pending: 1 });

    const detail = await call<{ records: Record<string, unknown>[]; rejected: number }>(
      `/api/v1/dead-letters/${letter?.id}`,
      { token: admin },
    );
    expect(detail.status).toBe(200);
    expect(detail.body.rejected).toBe(0);
    expect(detail.body.records.map((r) => [r.index, r.host, r.dataset, r.event_code])).toEqual([
      [0, "WS01", "windows.sysmon_operational", "1"],
      [1, "WS01", "windows.sysmon_operational", "1"],
      [2, "WS01", "windows.sysmon_operational", "1"],
    ]);
    expect(detail.body.records[2]?.preview).toContain("net.exe");
  }, 60_000);

  it("replays a dead letter once the fault is gone: every event stored once, its alert raised once", async () => {
    const [letter] = await deadLetter("poison-replay");
    expect(await whoamiAlertCounts()).toEqual([]);
    await removeFault();

    const res = await replay(letter?.id);
    expect(res.status).toBe(200);
    expect(res.body.alerts).toBe(1);
    expect(res.body.dead_letter).toMatchObject({ status: "replayed", replayed_by: "admin" });
    expect(res.body.dead_letter.replayed_at).toEqual(expect.any(String));
    expect(await storedEvents("poison-replay")).toBe(3);
    expect(await whoamiAlertCounts()).toEqual([2]);
    const batch = await env.DB.prepare(
      "SELECT status, accepted FROM ingest_batches WHERE id = 'poison-replay'",
    ).first();
    expect(batch).toEqual({ status: "stored", accepted: 3 });

    // A second replay is refused; nothing is stored or counted again.
    const again = await replay(letter?.id);
    expect(again.status).toBe(409);
    expect(again.body.error).toContain("replayed already");
    expect(await storedEvents("poison-replay")).toBe(3);
    expect(await whoamiAlertCounts()).toEqual([2]);
    expect(await list()).toMatchObject({ total: 1, pending: 0 });
  }, 60_000);

  it("replaying a part that was stored meanwhile (the agent resent it) stores and alerts nothing twice", async () => {
    const [letter] = await deadLetter("poison-resent");
    await removeFault();
    const resent = await ingest(agent.token, JSON.stringify({ batch_id: "poison-resent", events: records() }));
    expect(resent.body).toMatchObject({ status: "stored", alerts: 1 });
    expect(await whoamiAlertCounts()).toEqual([2]);

    const res = await replay(letter?.id);
    expect(res.status).toBe(200);
    expect(res.body.dead_letter.status).toBe("replayed");
    expect(await storedEvents("poison-resent")).toBe(3);
    expect(await whoamiAlertCounts()).toEqual([2]);
  }, 60_000);

  it("keeps a dead letter pending with the new error when its replay fails again", async () => {
    const [letter] = await deadLetter("poison-again");
    await removeFault();
    await injectFault("injected fault: a second, different failure");

    const res = await replay(letter?.id);
    expect(res.status).toBe(503);
    expect(res.body.error).toContain("a second, different failure");
    expect(res.body.dead_letter).toMatchObject({ status: "pending", attempts: 2 });
    expect(res.body.dead_letter.first_error).toContain(FAULT);
    expect(res.body.dead_letter.last_error).toContain("a second, different failure");
    expect(await storedEvents("poison-again")).toBe(0);
  }, 60_000);

  it("replays all pending dead letters at once, and discarded ones stay discarded", async () => {
    const [first, second, third] = await deadLetter("poison-all-1", "poison-all-2", "poison-all-3");
    const discarded = await call<{ dead_letter: PublicDeadLetter }>(`/api/v1/dead-letters/${third?.id}/discard`, {
      method: "POST",
      token: admin,
    });
    expect(discarded.status).toBe(200);
    expect(discarded.body.dead_letter).toMatchObject({ status: "discarded", discarded_by: "admin" });
    await removeFault();

    const res = await call<{ replayed: number; failed: number; pending: number; results: { id: number }[] }>(
      "/api/v1/dead-letters/replay",
      { method: "POST", token: admin },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replayed: 2, failed: 0, pending: 0 });
    expect(res.body.results.map((r) => r.id).sort()).toEqual([first?.id, second?.id].sort());
    expect(await storedEvents("poison-all-1")).toBe(3);
    expect(await storedEvents("poison-all-2")).toBe(3);
    expect(await storedEvents("poison-all-3")).toBe(0);
    // Both batches fall in one dedup window: one alert, one count per whoami event.
    expect(await whoamiAlertCounts()).toEqual([4]);

    expect((await list("?status=discarded")).items.map((item) => item.id)).toEqual([third?.id]);
    expect(await list("?status=replayed")).toMatchObject({ total: 2, pending: 0 });
    expect((await replay(third?.id)).status).toBe(409);

    const audited = await env.DB.prepare(
      "SELECT action, actor_name, target_id FROM audit_log WHERE action LIKE 'dead_letter.%' ORDER BY id",
    ).all<{ action: string; actor_name: string; target_id: string }>();
    expect(audited.results).toEqual([
      { action: "dead_letter.discard", actor_name: "admin", target_id: String(third?.id) },
      ...[first?.id, second?.id].map((id) => ({
        action: "dead_letter.replay",
        actor_name: "admin",
        target_id: String(id),
      })),
    ]);
  }, 60_000);

  it("answers bad ids, unknown ids and bad filters with clear 4xx errors", async () => {
    await removeFault();
    const bad = await call("/api/v1/dead-letters/abc/replay", { method: "POST", token: admin });
    expect(bad).toMatchObject({ status: 400, body: { error: "'id' must be a positive integer" } });
    const missing = await call("/api/v1/dead-letters/999/discard", { method: "POST", token: admin });
    expect(missing).toMatchObject({ status: 404, body: { error: "no dead letter with id 999" } });
    expect((await call("/api/v1/dead-letters/999", { token: admin })).status).toBe(404);
    const filter = await call("/api/v1/dead-letters?status=lost", { token: admin });
    expect(filter.status).toBe(400);
    expect(filter.body.error).toContain("'status' must be one of pending, replayed, discarded");
    expect((await call("/api/v1/dead-letters?offset=-1", { token: admin })).status).toBe(400);
    const hexOffset = await call("/api/v1/dead-letters?offset=0x10", { token: admin });
    expect(hexOffset).toMatchObject({ status: 400, body: { error: "'offset' must be a whole number, 0 or more" } });
  });

  it("is for admins only: viewers and analysts get 403, no session 401", async () => {
    await removeFault();
    for (const role of ["viewer", "analyst"] as const) {
      const token = await userWithRole(admin, `${role}-user`, role);
      for (const [method, path] of [
        ["GET", "/api/v1/dead-letters"],
        ["GET", "/api/v1/dead-letters/1"],
        ["POST", "/api/v1/dead-letters/1/replay"],
        ["POST", "/api/v1/dead-letters/1/discard"],
        ["POST", "/api/v1/dead-letters/replay"],
      ] as const) {
        const res = await call(path, { method, token });
        expect(res.status, `${role} ${method} ${path}`).toBe(403);
      }
    }
    expect((await call("/api/v1/dead-letters")).status).toBe(401);
  });
});

describe("the dead-letter queue consumer", () => {
  function part(batchId: string): IngestPartMessage {
    return {
      kind: "ingest-part",
      batchId,
      tokenId: null,
      bodyHash: "test",
      receivedAt: T0,
      expected: 3,
      importId: null,
      rejected: [],
      records: records().map((raw, index) => ({ index, raw: JSON.stringify(raw) })),
    };
  }

  async function consume(d1: D1Database, ...bodies: unknown[]) {
    const batch = createMessageBatch(
      "edgesiem-ingest-dlq",
      bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    const ctx = createExecutionContext();
    await consumeIngestDeadLetters(batch, d1, testSettings(ruleSetOf(WHOAMI_RULE)));
    return getQueueResult(batch, ctx);
  }

  it("retries a dead letter while D1 cannot take it, never acknowledging it before it is stored", async () => {
    const down = {
      prepare() {
        throw new Error("D1_ERROR: injected outage");
      },
    } as unknown as D1Database;
    const result = await consume(down, part("poison-d1-down"));
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m0"]);
    expect((await list()).total).toBe(0);
    // A minute, doubling to an hour: with max_retries = 100 that outlasts about four days of outage.
    expect([1, 2, 3, 7, 100].map(deadLetterRetryDelaySeconds)).toEqual([60, 120, 240, 3600, 3600]);
  });

  it("stores a part on its own try when the fault has passed, and keeps the record of it", async () => {
    await removeFault();
    const result = await consume(env.DB, part("poison-passed"));
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(await storedEvents("poison-passed")).toBe(3);
    const { items, pending } = await list();
    expect(pending).toBe(0);
    expect(items).toMatchObject([
      { batch_id: "poison-passed", status: "replayed", replayed_by: DEAD_LETTER_CONSUMER, last_error: null },
    ]);
  });

  it("keeps a message that is not an ingest part, saying why it cannot be replayed", async () => {
    const result = await consume(env.DB, { kind: "something-else" });
    expect(result.explicitAcks).toEqual(["m0"]);
    const [item] = (await list()).items;
    expect(item).toMatchObject({ batch_id: null, record_count: 0, status: "pending", attempts: 1 });
    expect(item?.last_error).toContain("not an ingest part");
  });
});
