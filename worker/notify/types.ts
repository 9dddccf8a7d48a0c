/**
 * What a notification says about one alert, and the messages NOTIFY_QUEUE carries. A notice is
 * built by the ingest path from the alert it just stored, so the notify consumer never reads
 * alerts back from D1.
 */
import type { RuleLevel } from "../detect/types.ts";

export interface AlertNotice {
  /** The stored alert's id (alerts.id). */
  alertId: number;
  ruleId: string;
  title: string;
  level: RuleLevel;
  /** ATT&CK and other tags, as the rule writes them. */
  tags: string[];
  host: string | null;
  /** Epoch milliseconds of the first and the latest matching event. */
  firstSeen: number;
  lastSeen: number;
  /** How many matching events the alert has counted so far. */
  count: number;
  /** The rule's key fields (Sigma `fields`) with the values the alert was raised for, as text. */
  keyFields: Record<string, string>;
  /** Path of the alert in the dashboard: `/alerts/<id>`; targets get it joined to the Worker's origin when known. */
  link: string;
}

/** New alerts to fan out: the consumer sends one delivery per enabled target whose level they reach. */
export interface AlertsMessage {
  kind: "notify-alerts";
  alerts: AlertNotice[];
}

/** Alerts for one target, retried on its own so a failing target never holds back the others. */
export interface DeliveryMessage {
  kind: "notify-delivery";
  targetId: string;
  alerts: AlertNotice[];
  /** A test notice from the API: delivered even to a disabled target, whatever its minimum level. */
  test: boolean;
}

export type NotifyMessage = AlertsMessage | DeliveryMessage;

export function alertLink(alertId: number): string {
  return `/alerts/${alertId}`;
}
