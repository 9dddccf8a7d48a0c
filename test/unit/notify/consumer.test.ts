import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  consumeNotifyDeadLetters,
  consumeNotifyQueue,
  notifyRetryDelaySeconds,
} from "../../../worker/notify/consumer.ts";
import type { DeliveryMessage } from "../../../worker/notify/types.ts";
import { notice } from "../../support/workers/notices.ts";

/** The real local D1, except that every query fails: what a D1 outage looks like to the consumer. */
const failingDb = {
  prepare() {
    throw new Error("D1_ERROR: injected failure");
  },
} as unknown as D1Database;

async function consume(queueEnv: Parameters<typeof consumeNotifyQueue>[1], body: unknown) {
  const batch = createMessageBatch("edgesiem-notify", [{ id: "m", timestamp: new Date(), attempts: 2, body }]);
  const ctx = createExecutionContext();
  await consumeNotifyQueue(batch, queueEnv);
  return getQueueResult(batch, ctx);
}

describe("notify queue consumer", () => {
  it("drops a delivery to a target deleted since the alerts were fanned out", async () => {
    const message: DeliveryMessage = {
      kind: "notify-delivery",
      targetId: "gone",
      alerts: [notice(1, "high")],
      test: false,
    };
    const result = await consume(env, message);
    expect(result.explicitAcks).toEqual(["m"]);
  });

  it("retries fan-out and delivery while D1 cannot be read", async () => {
    const down = { ...env, DB: failingDb };
    const fanOut = await consume(down, { kind: "notify-alerts", alerts: [notice(1, "high")] });
    expect(fanOut.retryMessages.map((m) => m.msgId)).toEqual(["m"]);
    const delivery = await consume(down, { kind: "notify-delivery", targetId: "t", alerts: [], test: false });
    expect(delivery.retryMessages.map((m) => m.msgId)).toEqual(["m"]);
  });

  it("acknowledges a message that is not a notification instead of retrying it forever", async () => {
    expect((await consume(env, { kind: "ingest-part" })).explicitAcks).toEqual(["m"]);
  });

  it("keeps a dead-lettered notification in the queue until D1 has stored it", async () => {
    const body = { kind: "notify-alerts", alerts: [notice(3, "high")] };
    const message = { id: "m", timestamp: new Date(), attempts: 1, body };
    const down = createMessageBatch("edgesiem-notify-dlq", [message]);
    await consumeNotifyDeadLetters(down, failingDb);
    const downResult = await getQueueResult(down, createExecutionContext());
    expect(downResult.explicitAcks).toEqual([]);
    expect(downResult.retryMessages.map((m) => m.msgId)).toEqual(["m"]);

    const up = createMessageBatch("edgesiem-notify-dlq", [{ ...message, attempts: 2 }]);
    await consumeNotifyDeadLetters(up, env.DB);
    expect((await getQueueResult(up, createExecutionContext())).explicitAcks).toEqual(["m"]);
    const row = await env.DB.prepare("SELECT target_id, alert_ids FROM notification_dead_letters").first();
    expect(row).toEqual({ target_id: null, alert_ids: "[3]" });
  });

  it("doubles the retry delay on each attempt, up to an hour", () => {
    expect([1, 2, 3, 4, 5, 20].map((attempts) => notifyRetryDelaySeconds(attempts, 10))).toEqual([
      10, 20, 40, 80, 160, 3600,
    ]);
  });
});
