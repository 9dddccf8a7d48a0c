/**
 * The ingest path's one call into notifications: hand the new alerts to NOTIFY_QUEUE and return.
 * Targets, levels and delivery are the consumer's business, so ingest reads nothing from D1 here
 * and a slow or failing webhook can never hold up a batch.
 */
import { groupForSend, MAX_MESSAGE_BYTES } from "../queue/messages.ts";
import type { AlertNotice, AlertsMessage } from "./types.ts";

/** Key-field values come from log records (attacker-controlled, unbounded): a notice shows a prefix. */
const MAX_FIELD_CHARS = 512;

const encoder = new TextEncoder();

export async function notifyNewAlerts(queue: Queue<unknown>, alerts: AlertNotice[]): Promise<void> {
  if (alerts.length === 0) return;
  try {
    const messages = alertMessages(alerts.map(trimNotice)).map((body) => ({ body, bytes: byteLength(body) }));
    for (const group of groupForSend(messages)) {
      await queue.sendBatch(group.map(({ body }) => ({ body, contentType: "json" as const })));
    }
  } catch (error) {
    // The alerts are already stored and shown in the dashboard; a lost notification must not
    // turn a stored batch into a failed ingest that the agent would resend.
    console.error(`notify: could not enqueue ${alerts.length} alert notice(s): ${(error as Error).message}`);
  }
}

function trimNotice(notice: AlertNotice): AlertNotice {
  const keyFields: Record<string, string> = {};
  for (const [name, value] of Object.entries(notice.keyFields)) {
    keyFields[name] = value.length > MAX_FIELD_CHARS ? `${value.slice(0, MAX_FIELD_CHARS)}…` : value;
  }
  return { ...notice, keyFields };
}

function byteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
}

/** Packs notices into as few messages as fit the per-message limit. */
export function alertMessages(alerts: AlertNotice[]): AlertsMessage[] {
  const messages: AlertsMessage[] = [];
  let current: AlertNotice[] = [];
  let size = byteLength({ kind: "notify-alerts", alerts: [] });
  const empty = size;
  for (const notice of alerts) {
    const noticeSize = byteLength(notice) + 1;
    if (current.length > 0 && size + noticeSize > MAX_MESSAGE_BYTES) {
      messages.push({ kind: "notify-alerts", alerts: current });
      current = [];
      size = empty;
    }
    current.push(notice);
    size += noticeSize;
  }
  if (current.length > 0) messages.push({ kind: "notify-alerts", alerts: current });
  return messages;
}
