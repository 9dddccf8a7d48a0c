/**
 * The stored events a backtest reads: a time range fixed when the run starts, oldest first by
 * (ts, id), a page at a time; drizzle: typed selects. The run also fixes the newest event id of each
 * database at its start, so events stored while it pages are left out and every page reads the same
 * range.
 */
import { and, asc, count, eq, gt, gte, lte, max, or, type SQL } from "drizzle-orm";
import type { StoreHandle } from "./handle.ts";
import { events } from "./schema.ts";

export interface BacktestRange {
  from: number;
  to: number;
  /** Per database, in the order the run was given them: the newest event id when it started. */
  maxIds: readonly number[];
}

/** The position after which the next page starts: the last event of the page before. */
export interface BacktestCursor {
  ts: number;
  id: number;
}

const BACKTEST_EVENT = {
  id: events.id,
  ts: events.ts,
  source: events.source,
  dataset: events.dataset,
  eventCode: events.eventCode,
  raw: events.raw,
  receivedAt: events.receivedAt,
};

function inRange(from: number, to: number, maxId: number): SQL | undefined {
  return and(gte(events.ts, from), lte(events.ts, to), lte(events.id, maxId));
}

/** Fixes the run's range: each database's newest event id now, and how many events the range holds. */
export async function startBacktestRange(
  stores: readonly StoreHandle[],
  from: number,
  to: number,
): Promise<{ range: BacktestRange; total: number }> {
  const maxIds: number[] = [];
  let total = 0;
  for (const store of stores) {
    const [newest] = await store.orm.select({ id: max(events.id) }).from(events);
    const maxId = newest?.id ?? 0;
    const [counted] = await store.orm
      .select({ n: count() })
      .from(events)
      .where(inRange(from, to, maxId));
    maxIds.push(maxId);
    total += counted?.n ?? 0;
  }
  return { range: { from, to, maxIds }, total };
}

function after(cursor: BacktestCursor | null): SQL | undefined {
  if (cursor === null) return undefined;
  return or(gt(events.ts, cursor.ts), and(eq(events.ts, cursor.ts), gt(events.id, cursor.id)));
}

/**
 * The next `limit` events of the range after `cursor`, oldest first, across the databases: each
 * one's next `limit`, merged. Event ids are unique across the databases, so (ts, id) orders them all.
 */
export async function backtestEventsAfter(
  stores: readonly StoreHandle[],
  range: BacktestRange,
  cursor: BacktestCursor | null,
  limit: number,
) {
  const pages = await Promise.all(
    stores.map((store, index) =>
      store.orm
        .select(BACKTEST_EVENT)
        .from(events)
        .where(and(inRange(range.from, range.to, range.maxIds[index] ?? 0), after(cursor)))
        .orderBy(asc(events.ts), asc(events.id))
        .limit(limit),
    ),
  );
  return pages
    .flat()
    .sort((a, b) => a.ts - b.ts || a.id - b.id)
    .slice(0, limit);
}

export type BacktestEventRow = Awaited<ReturnType<typeof backtestEventsAfter>>[number];
