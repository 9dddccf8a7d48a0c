/**
 * Alert reads for the API, with drizzle: the filtered, newest-first list, one alert with its events,
 * notes and history, and the host's events around an alert. Triage writes are in alert-triage.ts.
 */
import { and, asc, countDistinct, desc, eq, gte, inArray, isNotNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import {
  type AlertHistoryRow,
  type AlertRow,
  type AlertStatus,
  alertEvents,
  alertHistory,
  alertNotes,
  alerts,
} from "./alerts-schema.ts";
import type { StoreHandle } from "./handle.ts";
import { type EventRow, events } from "./schema.ts";

export interface AlertFilter {
  statuses?: AlertStatus[];
  /** Level rank (0 informational .. 4 critical): this level or above. */
  minLevelRank?: number;
  ruleId?: string;
  host?: string;
  /** Alerts raised or added to by one import's events (worker/imports/). */
  importId?: string;
  /** Alerts active in [from, to): first seen before `to`, last seen at or after `from`. */
  from?: number;
  to?: number;
}

/** Keyset position: the last alert of the previous page. */
export interface AlertCursor {
  lastSeen: number;
  id: number;
}

/** Through the import's events (a partial index) to their alert links (keyed by batch and index). */
function importAlertIds(importId: string) {
  return sql`(SELECT ${alertEvents.alertId} FROM ${alertEvents} JOIN ${events}
    ON ${events.batchId} = ${alertEvents.batchId} AND ${events.batchIndex} = ${alertEvents.batchIndex}
    WHERE ${events.importId} = ${importId})`;
}

export function alertCondition(filter: AlertFilter, cursor: AlertCursor | null): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.statuses && filter.statuses.length > 0) conditions.push(inArray(alerts.status, filter.statuses));
  if (filter.minLevelRank !== undefined) conditions.push(gte(alerts.levelRank, filter.minLevelRank));
  if (filter.ruleId !== undefined) conditions.push(eq(alerts.ruleId, filter.ruleId));
  if (filter.host !== undefined) conditions.push(eq(alerts.host, filter.host));
  if (filter.importId !== undefined) conditions.push(inArray(alerts.id, importAlertIds(filter.importId)));
  if (filter.from !== undefined) conditions.push(gte(alerts.lastSeen, filter.from));
  if (filter.to !== undefined) conditions.push(lt(alerts.firstSeen, filter.to));
  if (cursor) {
    conditions.push(
      or(lt(alerts.lastSeen, cursor.lastSeen), and(eq(alerts.lastSeen, cursor.lastSeen), lt(alerts.id, cursor.id))),
    );
  }
  return and(...conditions);
}

export function listAlerts(store: StoreHandle, where: SQL | undefined, limit: number): Promise<AlertRow[]> {
  return store.orm.select().from(alerts).where(where).orderBy(desc(alerts.lastSeen), desc(alerts.id)).limit(limit);
}

export async function findAlert(store: StoreHandle, id: number): Promise<AlertRow | undefined> {
  const rows = await store.orm.select().from(alerts).where(eq(alerts.id, id));
  return rows[0];
}

/** The alert's newest linked events; a link whose event retention has deleted has a null event. */
export function alertEventRows(store: StoreHandle, alertId: number, limit: number) {
  return store.orm
    .select({ link: alertEvents, event: events })
    .from(alertEvents)
    .leftJoin(events, and(eq(events.batchId, alertEvents.batchId), eq(events.batchIndex, alertEvents.batchIndex)))
    .where(eq(alertEvents.alertId, alertId))
    .orderBy(desc(alertEvents.ts), desc(alertEvents.batchIndex))
    .limit(limit);
}

export interface NamedCount {
  name: string;
  events: number;
}

export interface AlertEventNames {
  /** How many events the alert links (its count also includes the ones it counts without linking). */
  linked: number;
  hosts: NamedCount[];
  hostTotal: number;
  users: NamedCount[];
  userTotal: number;
}

/**
 * The distinct hosts and users of the alert's linked events, most events first, at most `limit`
 * of each, and how many distinct there are. A correlation alert's links are bounded
 * (detect/correlation/refs.ts), so this reads a bounded number of rows.
 */
export async function alertEventNames(store: StoreHandle, alertId: number, limit: number): Promise<AlertEventNames> {
  const linked = and(eq(events.batchId, alertEvents.batchId), eq(events.batchIndex, alertEvents.batchIndex));
  const ofAlert = eq(alertEvents.alertId, alertId);
  const named = (column: typeof events.host | typeof events.user) =>
    store.orm
      .select({ name: sql<string>`${column}`, events: sql<number>`count(*)` })
      .from(alertEvents)
      .innerJoin(events, linked)
      .where(and(ofAlert, isNotNull(column)))
      .groupBy(column)
      .orderBy(desc(sql`count(*)`), asc(column))
      .limit(limit);
  const [totals, hosts, users] = await store.orm.batch([
    store.orm
      .select({
        links: sql<number>`count(*)`,
        hosts: countDistinct(events.host),
        users: countDistinct(events.user),
      })
      .from(alertEvents)
      .leftJoin(events, linked)
      .where(ofAlert),
    named(events.host),
    named(events.user),
  ]);
  const total = totals[0];
  return {
    linked: total?.links ?? 0,
    hosts,
    hostTotal: total?.hosts ?? 0,
    users,
    userTotal: total?.users ?? 0,
  };
}

export function alertNoteRows(store: StoreHandle, alertId: number) {
  return store.orm.select().from(alertNotes).where(eq(alertNotes.alertId, alertId)).orderBy(asc(alertNotes.id));
}

export function alertHistoryRows(store: StoreHandle, alertId: number): Promise<AlertHistoryRow[]> {
  return store.orm.select().from(alertHistory).where(eq(alertHistory.alertId, alertId)).orderBy(asc(alertHistory.id));
}

/**
 * The host's events within `spanMs` either side of `center`, oldest first: at most `perSide` on each
 * side, the ones nearest the centre kept, so a busy host still shows the moments around the alert.
 */
export async function hostEventsAround(
  store: StoreHandle,
  host: string,
  center: number,
  spanMs: number,
  perSide: number,
): Promise<{ rows: EventRow[]; truncated: boolean }> {
  const [before, after] = await store.orm.batch([
    store.orm
      .select()
      .from(events)
      .where(and(eq(events.host, host), gte(events.ts, center - spanMs), lt(events.ts, center)))
      .orderBy(desc(events.ts), desc(events.id))
      .limit(perSide + 1),
    store.orm
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
