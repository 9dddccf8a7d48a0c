/** Imports' totals over every database that may hold their events (an import's events may be of any date). */
import type { EventShards } from "../store/event-shards.ts";
import { openStore } from "../store/handle.ts";
import { type ImportTotals, importTotals } from "../store/imports.ts";

const NONE: ImportTotals = { events: 0, alerts: 0, firstTs: null, lastTs: null };

export async function importTotalsAcross(
  shards: EventShards,
  importIds: readonly string[],
): Promise<Map<string, ImportTotals>> {
  const sums = new Map<string, ImportTotals>(importIds.map((id) => [id, NONE]));
  if (importIds.length === 0) return sums;
  const databases = await shards.forRange(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const parts = await Promise.all(databases.map((db) => importTotals(openStore(db), importIds)));
  for (const part of parts) {
    for (const [id, totals] of part) sums.set(id, added(sums.get(id) ?? NONE, totals));
  }
  return sums;
}

function added(sum: ImportTotals, part: ImportTotals): ImportTotals {
  return {
    events: sum.events + part.events,
    alerts: sum.alerts + part.alerts,
    firstTs: minOf(sum.firstTs, part.firstTs),
    lastTs: maxOf(sum.lastTs, part.lastTs),
  };
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}
