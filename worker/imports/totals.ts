/** An import's totals over every database that may hold its events (its events may be of any date). */
import type { EventShards } from "../store/event-shards.ts";
import { openStore } from "../store/handle.ts";
import { type ImportTotals, importTotals } from "../store/imports.ts";

export async function importTotalsAcross(shards: EventShards, importId: string): Promise<ImportTotals> {
  const databases = await shards.forRange(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const parts = await Promise.all(databases.map((db) => importTotals(openStore(db), importId)));
  return parts.reduce<ImportTotals>(
    (sum, part) => ({
      events: sum.events + part.events,
      alerts: sum.alerts + part.alerts,
      firstTs: minOf(sum.firstTs, part.firstTs),
      lastTs: maxOf(sum.lastTs, part.lastTs),
    }),
    { events: 0, alerts: 0, firstTs: null, lastTs: null },
  );
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}
