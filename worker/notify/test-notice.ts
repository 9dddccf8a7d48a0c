/** The notice `POST /api/v1/notifications/targets/:id/test` sends, through the same queue as real alerts. */
import type { AlertNotice, DeliveryMessage } from "./types.ts";

export function testNotice(now: number): AlertNotice {
  return {
    alertId: 0,
    ruleId: "edgesiem-test",
    title: "EdgeSIEM test notification",
    level: "informational",
    tags: [],
    host: null,
    firstSeen: now,
    lastSeen: now,
    count: 1,
    keyFields: {},
    link: "/alerts",
  };
}

export async function enqueueTestNotice(queue: Queue<unknown>, targetId: string, now: number): Promise<void> {
  const message: DeliveryMessage = { kind: "notify-delivery", targetId, alerts: [testNotice(now)], test: true };
  await queue.send(message, { contentType: "json" });
}
