/**
 * One retention run: for each UTC day of received time past the retention window, oldest first,
 * write the events received that day to R2 in parts and delete each part's rows once its object is
 * stored. Received time, not the event's own: old logs imported today stay searchable for the whole
 * window, and a day is past the window for all of its events at once.
 *
 * How far a day is archived is read from its parts' keys (format.ts), never kept anywhere else, so
 * R2 is the one record of what is safe to delete:
 * - a part is written (put resolved) before any of its rows is deleted, and only its own ids are;
 * - every event received on the day with an id up to the day's last archived id is in some part: a
 *   part takes the day's events in id order after the previous part, a row's received time never
 *   changes, and ids are never reused (store/retention.ts), so an event stored later (a queued retry
 *   or a replayed dead letter keeps its batch's received time) has a higher id. A run stopped after a
 *   put but before its delete leaves rows at or below that id; the next run deletes them without
 *   writing them again;
 * - a put that failed left no object, so the next run selects the same rows again.
 * Alert-linked events are archived with their day (the archive holds the whole day) but never deleted.
 */

import { DAY_MS } from "../store/epoch-day.ts";
import type { StoreHandle } from "../store/handle.ts";
import {
  activeHolds,
  deleteArchivedBelow,
  deleteArchivedIds,
  oldestDeletableReceivedAt,
  selectArchiveChunk,
  type TimeRange,
} from "../store/retention.ts";
import { archivedThrough, listParts } from "./bucket.ts";
import { dayOf, encodePart, partKey, partMetadata } from "./format.ts";
import type { RetentionSettings } from "./settings.ts";

/** Each day visited costs at least one R2 list: this keeps a run's R2 calls bounded too. */
const MAX_DAYS_PER_RUN = 31;
/** Archive keys name four-digit years: events received before year 1 are left alone. */
const FIRST_ARCHIVABLE_TS = Date.parse("0001-01-01T00:00:00Z");

export interface RetentionReport {
  /** Events received before this (epoch ms, a UTC midnight) are past retention. */
  cutoff: number;
  days: string[];
  /** Keys of the parts this run wrote. */
  parts: string[];
  archived: number;
  deleted: number;
  /** False when the run stopped on its budget; the next run carries on where it stopped. */
  finished: boolean;
}

/** What was received today (UTC) and in the `days` whole days before it is kept. */
export function retentionCutoff(now: number, days: number): number {
  return (Math.floor(now / DAY_MS) - days) * DAY_MS;
}

export async function runRetention(
  store: StoreHandle,
  bucket: R2Bucket,
  settings: RetentionSettings,
  now: number,
): Promise<RetentionReport> {
  const report: RetentionReport = {
    cutoff: retentionCutoff(now, settings.days),
    days: [],
    parts: [],
    archived: 0,
    deleted: 0,
    finished: false,
  };
  const held = new Set((await activeHolds(store, now)).map((hold) => hold.day));
  let from = FIRST_ARCHIVABLE_TS;
  let spent = 0;
  while (spent < settings.runRows && report.days.length < MAX_DAYS_PER_RUN) {
    const receivedAt = await oldestDeletableReceivedAt(store, from, report.cutoff);
    if (receivedAt === undefined) return { ...report, finished: true };
    const start = Math.floor(receivedAt / DAY_MS) * DAY_MS;
    const range = { start, end: start + DAY_MS };
    from = range.end;
    const day = dayOf(receivedAt);
    if (held.has(day)) continue;
    report.days.push(day);
    spent += await archiveDay(store, bucket, settings, day, range, settings.runRows - spent, report);
  }
  return report;
}

async function archiveDay(
  store: StoreHandle,
  bucket: R2Bucket,
  settings: RetentionSettings,
  day: string,
  range: TimeRange,
  budget: number,
  report: RetentionReport,
): Promise<number> {
  // Spent: events written to a part, plus events a stopped run left behind, deleted here.
  let spent = 0;
  let through = archivedThrough(await listParts(bucket, day));
  while (through > 0 && spent < budget) {
    const deleted = await deleteArchivedBelow(store, range, through, settings.partRows);
    report.deleted += deleted;
    spent += deleted;
    if (deleted < settings.partRows) break;
  }
  while (spent < budget) {
    const rows = await selectArchiveChunk(store, range, through, settings.partRows);
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) break;
    const key = partKey(day, first.id, last.id);
    await bucket.put(key, await encodePart(rows), {
      customMetadata: partMetadata(day, rows),
      httpMetadata: { contentType: "application/gzip" },
    });
    report.parts.push(key);
    report.archived += rows.length;
    report.deleted += await deleteArchivedIds(
      store,
      rows.map((row) => row.id),
    );
    through = last.id;
    spent += rows.length;
    if (rows.length < settings.partRows) break;
  }
  return spent;
}
