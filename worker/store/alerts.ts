/**
 * Alert queries for the API: the filtered, newest-first list, one alert with its events, notes and
 * history, triage updates (one alert or many) and the host's events around an alert.
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, or, type SQL } from "drizzle-orm";
import {
  type AlertHistoryField,
  type AlertHistoryRow,
  type AlertRow,
  type AlertStatus,
  alertEvents,
  alertHistory,
  alertNotes,
  alerts,
} from "./alerts-schema.ts";
import type { Database } from "./db.ts";
import { type EventRow, events } from "./schema.ts";

export interface AlertFilter {
  statuses?: AlertStatus[];
  /** Level rank (0 informational .. 4 critical): this level or above. */
  minLevelRank?: number;
  ruleId?: string;
  host?: string;
  /** Alerts active in [from, to): first seen before `to`, last seen at or after `from`. */
  from?: number;
  to?: number;
}

/** Keyset position: the last alert of the previous page. */
export interface AlertCursor {
  lastSeen: number;
  id: number;
}

export function alertCondition(filter: AlertFilter, cursor: AlertCursor | null): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.statuses && filter.statuses.length > 0) conditions.push(inArray(alerts.status, filter.statuses));
  if (filter.minLevelRank !== undefined) conditions.push(gte(alerts.levelRank, filter.minLevelRank));
  if (filter.ruleId !== undefined) conditions.push(eq(alerts.ruleId, filter.ruleId));
  if (filter.host !== undefined) conditions.push(eq(alerts.host, filter.host));
  if (filter.from !== undefined) conditions.push(gte(alerts.lastSeen, filter.from));
  if (filter.to !== undefined) conditions.push(lt(alerts.firstSeen, filter.to));
  if (cursor) {
    conditions.push(
      or(lt(alerts.lastSeen, cursor.lastSeen), and(eq(alerts.lastSeen, cursor.lastSeen), lt(alerts.id, cursor.id))),
    );
  }
  return and(...conditions);
}

export function listAlerts(db: Database, where: SQL | undefined, limit: number): Promise<AlertRow[]> {
  return db.select().from(alerts).where(where).orderBy(desc(alerts.lastSeen), desc(alerts.id)).limit(limit);
}

export async function findAlert(db: Database, id: number): Promise<AlertRow | undefined> {
  const rows = await db.select().from(alerts).where(eq(alerts.id, id));
  return rows[0];
}

/** The alert's newest linked events; a link whose event retention has deleted has a null event. */
export function alertEventRows(db: Database, alertId: number, limit: number) {
  return db
    .select({ link: alertEvents, event: events })
    .from(alertEvents)
    .leftJoin(events, and(eq(events.batchId, alertEvents.batchId), eq(events.batchIndex, alertEvents.batchIndex)))
    .where(eq(alertEvents.alertId, alertId))
    .orderBy(desc(alertEvents.ts), desc(alertEvents.batchIndex))
    .limit(limit);
}

export function alertNoteRows(db: Database, alertId: number) {
  return db.select().from(alertNotes).where(eq(alertNotes.alertId, alertId)).orderBy(asc(alertNotes.id));
}

export interface AlertChanges {
  status?: AlertStatus;
  /** A username, or null to unassign. */
  assignee?: string | null;
  note?: { author: string; text: string };
}

const IDS_IN = "id IN (SELECT value FROM json_each(?1))";

/**
 * One history row per alert whose field really changes, read from the row before the update that
 * follows it in the same D1 batch. `field` is one of two fixed column names, never input.
 */
function historyStatement(
  d1: D1Database,
  field: AlertHistoryField,
  ids: string,
  value: string | null,
  actor: string,
  now: number,
): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO alert_history (alert_id, actor, field, old_value, new_value, created_at)
SELECT id, ?2, '${field}', ${field}, ?3, ?4 FROM alerts WHERE ${IDS_IN} AND ${field} IS NOT ?3`,
    )
    .bind(ids, actor, value, now);
}

/**
 * Applies status/assignee changes (and a note) to the alerts, recording each real change in the
 * alert's history, all in one D1 batch. Answers the ids that exist; the others are left alone.
 */
export async function updateAlerts(
  d1: D1Database,
  ids: readonly number[],
  changes: AlertChanges,
  actor: string,
  now: number,
): Promise<number[]> {
  const idList = JSON.stringify(ids);
  const statements: D1PreparedStatement[] = [];
  const sets = ["updated_at = ?2"];
  const values: unknown[] = [idList, now];
  if (changes.status !== undefined) {
    statements.push(historyStatement(d1, "status", idList, changes.status, actor, now));
    values.push(changes.status);
    sets.push(`status = ?${values.length}`);
  }
  if (changes.assignee !== undefined) {
    statements.push(historyStatement(d1, "assignee", idList, changes.assignee, actor, now));
    values.push(changes.assignee);
    sets.push(`assignee = ?${values.length}`);
  }
  const updateAt = statements.length;
  statements.push(d1.prepare(`UPDATE alerts SET ${sets.join(", ")} WHERE ${IDS_IN} RETURNING id`).bind(...values));
  if (changes.note) {
    statements.push(
      d1
        .prepare(
          `INSERT INTO alert_notes (alert_id, author, text, created_at)
SELECT id, ?2, ?3, ?4 FROM alerts WHERE ${IDS_IN}`,
        )
        .bind(idList, changes.note.author, changes.note.text, now),
    );
  }
  const results = await d1.batch<{ id: number }>(statements);
  return (results[updateAt]?.results ?? []).map((row) => row.id).sort((a, b) => a - b);
}

export function alertHistoryRows(db: Database, alertId: number): Promise<AlertHistoryRow[]> {
  return db.select().from(alertHistory).where(eq(alertHistory.alertId, alertId)).orderBy(asc(alertHistory.id));
}

/**
 * The host's events within `spanMs` either side of `center`, oldest first: at most `perSide` on each
 * side, the ones nearest the centre kept, so a busy host still shows the moments around the alert.
 */
export async function hostEventsAround(
  db: Database,
  host: string,
  center: number,
  spanMs: number,
  perSide: number,
): Promise<{ rows: EventRow[]; truncated: boolean }> {
  const [before, after] = await db.batch([
    db
      .select()
      .from(events)
      .where(and(eq(events.host, host), gte(events.ts, center - spanMs), lt(events.ts, center)))
      .orderBy(desc(events.ts), desc(events.id))
      .limit(perSide + 1),
    db
      .select()
      .from(events)
      .where(and(eq(events.host, host), gte(events.ts, center), lte(events.ts, center + spanMs)))
      .orderBy(asc(events.ts), asc(events.id))
      .limit(perSide + 1),
  ]);
  return {
    rows: [...before.slice(0, perSide).reverse(), ...after.slice(0, perSide)],
    truncated: before.length > perSide || after.length > perSide,
  };
}
