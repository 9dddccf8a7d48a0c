import { describe, expect, it } from "vitest";
import { alertMessages, notifyNewAlerts } from "../../../worker/notify/enqueue.ts";
import type { AlertsMessage } from "../../../worker/notify/types.ts";
import { notice } from "../../support/workers/notices.ts";

/** A Queue that records what it is given, or fails like a queue that is down. */
function recordingQueue(fail = false) {
  const sent: unknown[][] = [];
  const queue = {
    async send() {
      throw new Error("use sendBatch");
    },
    async sendBatch(messages: Iterable<MessageSendRequest<unknown>>) {
      if (fail) throw new Error("queue unavailable");
      sent.push([...messages].map((m) => m.body));
    },
  } as unknown as Queue<unknown>;
  return { queue, sent };
}

describe("notifyNewAlerts", () => {
  it("sends new alerts in one call and sends nothing when there are none", async () => {
    const { queue, sent } = recordingQueue();
    await notifyNewAlerts(queue, []);
    expect(sent).toEqual([]);
    await notifyNewAlerts(queue, [notice(1, "high"), notice(2, "low")]);
    expect(sent).toEqual([[{ kind: "notify-alerts", alerts: [notice(1, "high"), notice(2, "low")] }]]);
  });

  it("cuts long key-field values, which come from log records", async () => {
    const { queue, sent } = recordingQueue();
    await notifyNewAlerts(queue, [notice(1, "high", { keyFields: { CommandLine: "a".repeat(5000) } })]);
    const [message] = sent[0] as AlertsMessage[];
    expect(message?.alerts[0]?.keyFields.CommandLine).toBe(`${"a".repeat(512)}…`);
  });

  it("never fails the ingest that called it when the queue is down", async () => {
    const { queue } = recordingQueue(true);
    await expect(notifyNewAlerts(queue, [notice(1, "high")])).resolves.toBeUndefined();
  });

  it("splits many alerts into messages that each fit the queue's 128 KB", () => {
    const alerts = Array.from({ length: 600 }, (_, i) => notice(i, "high", { keyFields: { x: "y".repeat(500) } }));
    const messages = alertMessages(alerts);
    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) {
      expect(new TextEncoder().encode(JSON.stringify(message)).byteLength).toBeLessThanOrEqual(128 * 1024);
    }
    expect(messages.flatMap((m) => m.alerts.map((a) => a.alertId))).toEqual(alerts.map((a) => a.alertId));
  });
});
