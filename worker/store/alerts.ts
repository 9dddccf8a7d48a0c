/** Alert queries for the API: the filtered, newest-first list, one alert with its events and notes, triage updates. */
import { and, asc, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { type AlertRow, type AlertStatus, alertEvents, alertNotes, alerts } from "./alerts-schema.ts";
import type { Database } from "./db.ts";
import { events } from "./schema.ts";

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

/** Applies the changes; answers false when there is no such alert. */
export async function updateAlert(db: Database, id: number, changes: AlertChanges, now: number): Promise<boolean> {
  const set: Partial<Pick<AlertRow, "status" | "assignee" | "updatedAt">> = { updatedAt: now };
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.assignee !== undefined) set.assignee = changes.assignee;
  const updated = await db.update(alerts).set(set).where(eq(alerts.id, id)).returning({ id: alerts.id });
  if (updated.length === 0) return false;
  if (changes.note) {
    await db
      .insert(alertNotes)
      .values({ alertId: id, author: changes.note.author, text: changes.note.text, createdAt: now });
  }
  return true;
}

/** How many alerts a stored batch raised or added to: the answer to a resend. */
export async function batchAlertCount(d1: D1Database, batchId: string): Promise<number> {
  const row = await d1
    .prepare("SELECT count(DISTINCT alert_id) AS n FROM alert_events WHERE batch_id = ?")
    .bind(batchId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
