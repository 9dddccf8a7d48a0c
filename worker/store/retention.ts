/**
 * The D1 side of retention and restore, in raw D1 (json_each id lists, LIMITed deletes). Every
 * statement touches a bounded number of rows (a LIMIT or an explicit id list), so a run's cost is
 * set by its row budget, not by the size of the store.
 *
 * Two rules keep deletion safe (worker/archive/retention-run.ts relies on both):
 * - an event linked to an alert (alert_events, by batch id and index) is never deleted;
 * - the event with the highest id is never deleted. SQLite gives a new row the highest id + 1, so
 *   keeping that row means ids are never reused: every event stored after an archive part was
 *   written has a higher id than any the part holds.
 */

import { chunkJsonRows } from "./batch-write.ts";
import { ARCHIVE_COLUMNS, type ArchivedEvent } from "./event-row.ts";
import type { StoreHandle } from "./handle.ts";

const NOT_ALERT_LINKED =
  "NOT EXISTS (SELECT 1 FROM alert_events a WHERE a.batch_id = events.batch_id AND a.batch_index = events.batch_index)";
const NOT_NEWEST = "id < (SELECT max(id) FROM events)";

// Retention counts from when an event was received, not from its own time: a log from 2019
// imported today is kept as long as one sent today. The events_received index serves all three.
const OLDEST_DELETABLE = `SELECT received_at FROM events
WHERE received_at >= ?1 AND received_at < ?2 AND ${NOT_ALERT_LINKED}
ORDER BY received_at LIMIT 1`;

// `+id` keeps SQLite on the events_received index (the day's entries only) rather than walking the
// table by rowid from the cursor, which past the day's last event would read every newer event.
const ARCHIVE_CHUNK = `SELECT ${ARCHIVE_COLUMNS.join(", ")} FROM events
WHERE id IN (SELECT id FROM events WHERE received_at >= ?1 AND received_at < ?2 AND +id > ?3 ORDER BY id LIMIT ?4)
ORDER BY id`;

const DELETE_IDS = `DELETE FROM events
WHERE id IN (SELECT value FROM json_each(?1)) AND ${NOT_NEWEST} AND ${NOT_ALERT_LINKED}`;

const DELETE_ARCHIVED_BELOW = `DELETE FROM events
WHERE id IN (SELECT id FROM events WHERE received_at >= ?1 AND received_at < ?2 AND +id <= ?3 AND ${NOT_ALERT_LINKED} ORDER BY id LIMIT ?4)
AND ${NOT_NEWEST}`;

/** The statements that read or delete events by received day, for the tests that check their query plans. */
export const RETENTION_SQL = { OLDEST_DELETABLE, ARCHIVE_CHUNK, DELETE_IDS, DELETE_ARCHIVED_BELOW } as const;

const INSERT_RESTORED = `WITH rows AS MATERIALIZED (SELECT jsonb(value) AS row FROM json_each(?1))
INSERT OR IGNORE INTO events (${ARCHIVE_COLUMNS.join(", ")})
SELECT ${ARCHIVE_COLUMNS.map((_, i) => `row ->> ${i}`).join(", ")} FROM rows`;

/** [start, end) in epoch ms, of received time. */
export interface TimeRange {
  start: number;
  end: number;
}

/** When the oldest event received in [from, before) that retention may delete (not alert-linked) arrived. */
export async function oldestDeletableReceivedAt(
  store: StoreHandle,
  from: number,
  before: number,
): Promise<number | undefined> {
  const row = await store.d1.prepare(OLDEST_DELETABLE).bind(from, before).first<{ received_at: number }>();
  return row?.received_at;
}

/** The next `limit` events received in the range with an id above `afterId`, whole rows, in id order. */
export async function selectArchiveChunk(
  store: StoreHandle,
  range: TimeRange,
  afterId: number,
  limit: number,
): Promise<ArchivedEvent[]> {
  const { results } = await store.d1
    .prepare(ARCHIVE_CHUNK)
    .bind(range.start, range.end, afterId, limit)
    .all<ArchivedEvent>();
  return results;
}

/** Deletes these (archived) events, except alert-linked ones and the newest; returns how many went. */
export async function deleteArchivedIds(store: StoreHandle, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await store.d1.prepare(DELETE_IDS).bind(JSON.stringify(ids)).run();
  return result.meta.changes;
}

/**
 * Deletes up to `limit` events received in the range with ids up to `throughId`, which the archive already
 * holds: left behind by a run stopped between writing a part and deleting its rows, or restored.
 */
export async function deleteArchivedBelow(
  store: StoreHandle,
  range: TimeRange,
  throughId: number,
  limit: number,
): Promise<number> {
  const result = await store.d1.prepare(DELETE_ARCHIVED_BELOW).bind(range.start, range.end, throughId, limit).run();
  return result.meta.changes;
}

/** Puts archived rows back as they were (ids included); rows already present are left alone. */
export async function insertRestoredRows(store: StoreHandle, rows: readonly ArchivedEvent[]): Promise<number> {
  const payloads = chunkJsonRows(rows.map((row) => ARCHIVE_COLUMNS.map((column) => row[column] ?? null)));
  if (payloads.length === 0) return 0;
  const results = await store.d1.batch(payloads.map((payload) => store.d1.prepare(INSERT_RESTORED).bind(payload)));
  return results.reduce((sum, result) => sum + result.meta.changes, 0);
}

export interface ArchiveHold {
  day: string;
  holdUntil: number;
  restoredBy: string;
  restoredAt: number;
}

export async function activeHolds(store: StoreHandle, now: number): Promise<ArchiveHold[]> {
  const { results } = await store.d1
    .prepare(
      "SELECT day, hold_until AS holdUntil, restored_by AS restoredBy, restored_at AS restoredAt FROM archive_holds WHERE hold_until > ?1 ORDER BY day",
    )
    .bind(now)
    .all<ArchiveHold>();
  return results;
}

const HOLD_DAY = `INSERT INTO archive_holds (day, hold_until, restored_by, restored_at) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (day) DO UPDATE SET hold_until = max(archive_holds.hold_until, excluded.hold_until),
  restored_by = excluded.restored_by, restored_at = excluded.restored_at
RETURNING hold_until AS holdUntil`;

/** Holds the day until `until` (or longer, if an earlier restore asked for longer). */
export async function holdDay(store: StoreHandle, hold: ArchiveHold): Promise<number> {
  const row = await store.d1
    .prepare(HOLD_DAY)
    .bind(hold.day, hold.holdUntil, hold.restoredBy, hold.restoredAt)
    .first<{ holdUntil: number }>();
  return row?.holdUntil ?? hold.holdUntil;
}

/** Holds each of `days` as `hold` holds its day, in one round trip. */
export async function holdDays(store: StoreHandle, days: readonly string[], hold: ArchiveHold): Promise<void> {
  if (days.length === 0) return;
  await store.d1.batch(
    days.map((day) => store.d1.prepare(HOLD_DAY).bind(day, hold.holdUntil, hold.restoredBy, hold.restoredAt)),
  );
}

/** Rows past their use, removed a bounded number at a time (none of these tables is large). */
export interface SweepCounts {
  sessions: number;
  loginFailures: number;
  correlationState: number;
  archiveHolds: number;
}

export async function sweepExpired(
  store: StoreHandle,
  now: number,
  loginWindowMs: number,
  limit: number,
): Promise<SweepCounts> {
  const sweep = (table: string, condition: string, bound: number) =>
    store.d1
      .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${condition} LIMIT ?2)`)
      .bind(bound, limit);
  const [sessions, loginFailures, correlationState, archiveHolds] = await store.d1.batch([
    sweep("sessions", "expires_at < ?1", now),
    // A failure window that has passed, with no lock within it, counts for nothing: the next
    // failure starts a new one.
    sweep("login_failures", "window_start <= ?1 AND locked_until <= ?1", now - loginWindowMs),
    sweep("correlation_state", "expires_at < ?1", now),
    sweep("archive_holds", "hold_until <= ?1", now),
  ]);
  return {
    sessions: sessions?.meta.changes ?? 0,
    loginFailures: loginFailures?.meta.changes ?? 0,
    correlationState: correlationState?.meta.changes ?? 0,
    archiveHolds: archiveHolds?.meta.changes ?? 0,
  };
}

export interface StoreFigures {
  /** From D1's result metadata (`meta.size_after`): the database file's size in bytes. */
  sizeBytes: number | undefined;
  events: number;
  oldestTs: number | null;
  newestTs: number | null;
}

/** The store's size and the events' count and time span, in one round trip. */
export async function storeFigures(store: StoreHandle): Promise<StoreFigures> {
  const [counts, span] = await store.d1.batch([
    store.d1.prepare("SELECT count(*) AS events FROM events"),
    // Two index lookups: min and max of events_ts, not a scan.
    store.d1.prepare("SELECT (SELECT min(ts) FROM events) AS oldest, (SELECT max(ts) FROM events) AS newest"),
  ]);
  const count = (counts?.results[0] as { events: number } | undefined)?.events ?? 0;
  const times = span?.results[0] as { oldest: number | null; newest: number | null } | undefined;
  const size = span?.meta.size_after;
  return {
    sizeBytes: typeof size === "number" && size > 0 ? size : undefined,
    events: count,
    oldestTs: times?.oldest ?? null,
    newestTs: times?.newest ?? null,
  };
}
