import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index.ts";
import { consumeIngestQueue, retryDelaySeconds } from "../../worker/ingest/retry/consumer.ts";
import { buildPartMessages, type IngestPartMessage } from "../../worker/queue/messages.ts";
import mixed from "../fixtures/batches/mixed.json";
import { ruleSetOf, testSettings } from "../support/workers/alerts.ts";
import { agentToken, BASE, login } from "../support/workers/api.ts";
import { failingBatches } from "../support/workers/failing-d1.ts";

async function countEvents(batchId: string) {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE batch_id = ?").bind(batchId).first<{
    n: number;
  }>();
  return row?.n ?? 0;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function ingestDuringOutage(token: string, body: string) {
  const request = new Request(`${BASE}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  });
  const ctx = createExecutionContext();
  return worker.fetch(request, { ...env, DB: failingBatches(env.DB) }, ctx);
}

describe("retry queue", () => {
  it("enqueues a batch D1 cannot store, answers 202, and the consumer stores it exactly once", async () => {
    const admin = await login();
    const agent = await agentToken(admin);
    const batchId = "outage-1";
    const body = JSON.stringify({ ...mixed, batch_id: batchId });

    const res = await ingestDuringOutage(agent.token, body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ batch_id: batchId, accepted: 6, rejected: [], status: "queued", alerts: 0 });
    expect(await countEvents(batchId)).toBe(0);

    // The real queue delivers to this Worker's consumer, which writes through the healthy D1.
    expect(await waitFor(async () => (await countEvents(batchId)) === 6)).toBe(true);
    const batch = await env.DB.prepare("SELECT status, accepted FROM ingest_batches WHERE id = ?")
      .bind(batchId)
      .first();
    expect(batch).toEqual({ status: "stored", accepted: 6 });

    // The agent never got an answer it trusted and resends: still stored once.
    const resend = await worker.fetch(
      new Request(`${BASE}/api/v1/ingest`, {
        method: "POST",
        headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
        body,
      }),
      env,
      createExecutionContext(),
    );
    expect(await resend.json()).toMatchObject({ status: "duplicate", accepted: 6 });
    expect(await countEvents(batchId)).toBe(6);
  });

  it("stores a part delivered twice only once", async () => {
    const message = partMessage("twice-1");
    for (const id of ["m1", "m2"]) {
      const batch = createMessageBatch("edgesiem-ingest", [{ id, timestamp: new Date(), attempts: 1, body: message }]);
      const ctx = createExecutionContext();
      await consumeIngestQueue(batch, env.DB, testSettings(ruleSetOf()));
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([id]);
    }
    expect(await countEvents("twice-1")).toBe(6);
  });

  it("retries a part with growing back-off while D1 is still failing, never acking it", async () => {
    const message = partMessage("still-down-1");
    for (const attempts of [1, 2, 3]) {
      const batch = createMessageBatch("edgesiem-ingest", [
        { id: "m", timestamp: new Date(), attempts, body: message },
      ]);
      const ctx = createExecutionContext();
      await consumeIngestQueue(batch, failingBatches(env.DB), testSettings(ruleSetOf()));
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m"]);
    }
    // The test harness does not report the delay it was given, so the schedule is checked directly.
    expect([1, 2, 3, 4, 10].map((attempts) => retryDelaySeconds(attempts))).toEqual([5, 10, 20, 40, 300]);
    expect(await countEvents("still-down-1")).toBe(0);
  });

  it("splits a large batch into parts that each fit a queue message", () => {
    const events = Array.from({ length: 400 }, (_, index) => ({
      index,
      rawJson: JSON.stringify({ message: "y".repeat(1000), index }),
      format: "auto" as const,
      event: {} as never,
    }));
    const parts = buildPartMessages(
      { batchId: "big", tokenId: null, bodyHash: "h", receivedAt: 0, expected: 400, importId: null },
      [{ index: 400, error: "bad" }],
      events,
    );
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) expect(part.bytes).toBeLessThanOrEqual(128 * 1024);
    expect(parts.flatMap((p) => p.body.records.map((r) => r.index))).toEqual(events.map((e) => e.index));
    expect(parts.map((p) => p.body.rejected.length)).toEqual([1, ...Array(parts.length - 1).fill(0)]);
  });

  it("sizes parts by their records' escaped JSON, so quote- and backslash-heavy records still fit", () => {
    const events = Array.from({ length: 200 }, (_, index) => ({
      index,
      rawJson: JSON.stringify({ Image: "C:\\Windows\\System32\\".repeat(60), index }),
      format: "auto" as const,
      event: {} as never,
    }));
    const parts = buildPartMessages(
      { batchId: "escaped", tokenId: null, bodyHash: "h", receivedAt: 0, expected: 200, importId: null },
      [],
      events,
    );
    for (const part of parts) expect(part.bytes).toBeLessThanOrEqual(128 * 1024);
    expect(parts.flatMap((p) => p.body.records.map((r) => r.index))).toEqual(events.map((e) => e.index));
  });
});

function partMessage(batchId: string): IngestPartMessage {
  return {
    kind: "ingest-part",
    batchId,
    tokenId: null,
    bodyHash: "test",
    receivedAt: Date.now(),
    expected: 6,
    importId: null,
    rejected: [],
    records: mixed.events.map((raw, index) => ({ index, raw: JSON.stringify(raw) })),
  };
}
