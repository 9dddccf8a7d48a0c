/**
 * Putting an archived day back into D1: every column as it was, ids included, by INSERT OR IGNORE,
 * so a restore can be repeated or resumed and an event still in D1 (alert-linked ones are never
 * deleted) is left as it is. Nothing is detected again: alerts, counters and rollups stay as they are.
 *
 * The day is held first (archive_holds), so retention leaves it alone until the hold ends; then the
 * restored events, all of them in the archive already, are deleted again without a new part.
 * Retention goes by the day an event was received; a part of an older archive, keyed by its events'
 * own day, also holds the days its events were received on before they go back.
 */

import type { ArchivedEvent } from "../store/event-row.ts";
import type { StoreHandle } from "../store/handle.ts";
import { holdDay, holdDays, insertRestoredRows } from "../store/retention.ts";
import { listParts } from "./bucket.ts";
import { dayOf, decodePart } from "./format.ts";

/** A request restores this many parts at most; the answer's `next` continues after them. */
export const RESTORE_PARTS_PER_REQUEST = 10;

export interface RestoreOptions {
  /** Restore the parts after this key (the previous answer's `next`). */
  after?: string | undefined;
  maxParts: number;
  holdUntil: number;
  actor: string;
  now: number;
}

export interface RestoreResult {
  day: string;
  /** All of the day's parts. */
  parts: number;
  restoredParts: string[];
  /** Events read from the restored parts. */
  events: number;
  /** Of those, the ones that were not in D1 and were put back. */
  inserted: number;
  /** The key to pass as `after` to restore the rest, or null when the day is done. */
  next: string | null;
  holdUntil: number;
}

/** Undefined when the day has no archive. */
export async function restoreDay(
  store: StoreHandle,
  bucket: R2Bucket,
  day: string,
  options: RestoreOptions,
): Promise<RestoreResult | undefined> {
  const parts = await listParts(bucket, day);
  if (parts.length === 0) return undefined;
  const hold = { day, holdUntil: options.holdUntil, restoredBy: options.actor, restoredAt: options.now };
  const holdUntil = await holdDay(store, hold);
  const after = options.after;
  const pending = parts.filter((part) => after === undefined || part.key > after);
  const batch = pending.slice(0, options.maxParts);
  const result: RestoreResult = {
    day,
    parts: parts.length,
    restoredParts: [],
    events: 0,
    inserted: 0,
    next: null,
    holdUntil,
  };
  for (const part of batch) {
    const object = await bucket.get(part.key);
    if (!object) throw new Error(`archive object ${part.key} disappeared while the day was being restored`);
    const rows = await decodePart(part.key, object.body);
    if (part.dayOf === "event") await holdDays(store, receivedDays(rows, day), hold);
    result.inserted += await insertRestoredRows(store, rows);
    result.events += rows.length;
    result.restoredParts.push(part.key);
  }
  if (pending.length > batch.length) result.next = batch.at(-1)?.key ?? null;
  return result;
}

/** The days other than `day` the rows were received on. */
function receivedDays(rows: readonly ArchivedEvent[], day: string): string[] {
  const days = new Set<string>();
  for (const row of rows) {
    if (typeof row.received_at === "number") days.add(dayOf(row.received_at));
  }
  days.delete(day);
  return [...days].sort();
}
