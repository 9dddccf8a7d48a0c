/**
 * Reads for the noisy-rules view: alerts per rule over a window with their false-positive share
 * (drizzle: one grouped select through the alert filter's window), and a rule's latest alerts with
 * each one's newest stored event (raw D1: a correlated subquery drizzle cannot spell).
 */
import { count, desc, max, sql } from "drizzle-orm";
import { alertCondition } from "./alerts.ts";
import { alerts } from "./alerts-schema.ts";
import type { StoreHandle } from "./handle.ts";

export interface RuleAlertVolume {
  ruleId: string;
  title: string;
  level: string;
  kind: string;
  alerts: number;
  falsePositives: number;
  events: number;
  lastSeen: number;
}

const FALSE_POSITIVES = sql<number>`sum(case when ${alerts.status} = 'false_positive' then 1 else 0 end)`;

/** The `limit` rules with the most alerts active in [from, to), or the highest false-positive share. */
export async function ruleAlertVolumes(
  store: StoreHandle,
  window: { from: number; to: number },
  sort: "alerts" | "false_positive",
  limit: number,
): Promise<RuleAlertVolume[]> {
  const alertCount = count();
  const order =
    sort === "alerts"
      ? [desc(alertCount), desc(FALSE_POSITIVES)]
      : [desc(sql`${FALSE_POSITIVES} * 1.0 / count(*)`), desc(alertCount)];
  const rows = await store.orm
    .select({
      ruleId: alerts.ruleId,
      title: max(alerts.title),
      level: max(alerts.level),
      kind: max(alerts.ruleKind),
      alerts: alertCount,
      falsePositives: FALSE_POSITIVES,
      events: sql<number>`sum(${alerts.count})`,
      lastSeen: max(alerts.lastSeen),
    })
    .from(alerts)
    .where(alertCondition(window, null))
    .groupBy(alerts.ruleId)
    .orderBy(...order, alerts.ruleId)
    .limit(limit);
  return rows.map((row) => ({
    ruleId: row.ruleId,
    title: row.title ?? row.ruleId,
    level: row.level ?? "informational",
    kind: row.kind ?? "sigma",
    alerts: row.alerts,
    falsePositives: Number(row.falsePositives ?? 0),
    events: Number(row.events ?? 0),
    lastSeen: row.lastSeen ?? 0,
  }));
}

/** One sampled alert and its newest stored event (null once retention deleted them all). */
export interface SampledAlertEvent {
  alertId: number;
  event: { source: string; dataset: string; eventCode: string | null; raw: string; receivedAt: number } | null;
}

const LATEST_ALERT_EVENTS = `SELECT a.id AS alert_id, e.source, e.dataset, e.event_code, e.raw, e.received_at
FROM (SELECT id FROM alerts WHERE rule_id = ?1 AND last_seen >= ?2 AND first_seen < ?3
      ORDER BY last_seen DESC, id DESC LIMIT ?4) AS a
LEFT JOIN events e ON e.id = (
  SELECT ev.id FROM alert_events l JOIN events ev ON ev.batch_id = l.batch_id AND ev.batch_index = l.batch_index
  WHERE l.alert_id = a.id ORDER BY l.ts DESC, l.batch_index DESC LIMIT 1)`;

/** The rule's `limit` latest alerts active in [from, to), each with its newest event still stored. */
export async function latestAlertEvents(
  store: StoreHandle,
  ruleId: string,
  window: { from: number; to: number },
  limit: number,
): Promise<SampledAlertEvent[]> {
  const { results } = await store.d1.prepare(LATEST_ALERT_EVENTS).bind(ruleId, window.from, window.to, limit).all<{
    alert_id: number;
    source: string | null;
    dataset: string | null;
    event_code: string | null;
    raw: string | null;
    received_at: number | null;
  }>();
  return results.map((row) => ({
    alertId: row.alert_id,
    event:
      row.raw === null || row.source === null || row.dataset === null || row.received_at === null
        ? null
        : {
            source: row.source,
            dataset: row.dataset,
            eventCode: row.event_code,
            raw: row.raw,
            receivedAt: row.received_at,
          },
  }));
}
