import { count, desc, eq, type SQL, sql } from "drizzle-orm";
import { NEWEST_FIRST } from "../search/event-filter.ts";
import type { Database } from "./db.ts";
import { events } from "./schema.ts";

export function listEventsQuery(db: Database, where: SQL, limit: number) {
  return db
    .select()
    .from(events)
    .where(where)
    .orderBy(...NEWEST_FIRST)
    .limit(limit);
}

export function findEvent(db: Database, id: number) {
  return db.query.events.findFirst({ where: eq(events.id, id) });
}

/**
 * Totals, the top datasets and hosts, a histogram, and the counts by event type (dataset + action,
 * under `typeWhere`, which may leave out a selected type) in one D1 round trip.
 */
export async function eventStats(db: Database, where: SQL, intervalMs: number, typeWhere: SQL = where) {
  // D1 binds numbers as REAL: without the cast the division is not whole and every event is a bucket.
  const interval = sql`cast(${intervalMs} as integer)`;
  const bucket = sql<number>`(${events.ts} / ${interval}) * ${interval}`;
  const [total, byDataset, byHost, histogram, byType] = await db.batch([
    db.select({ n: count() }).from(events).where(where),
    db
      .select({ dataset: events.dataset, count: count() })
      .from(events)
      .where(where)
      .groupBy(events.dataset)
      .orderBy(desc(count())),
    db
      .select({ host: events.host, count: count() })
      .from(events)
      .where(where)
      .groupBy(events.host)
      .orderBy(desc(count()))
      .limit(100),
    db.select({ ts: bucket, count: count() }).from(events).where(where).groupBy(bucket).orderBy(bucket),
    db
      .select({ dataset: events.dataset, action: events.action, count: count() })
      .from(events)
      .where(typeWhere)
      .groupBy(events.dataset, events.action)
      .orderBy(desc(count()))
      .limit(100),
  ]);
  return { total: total[0]?.n ?? 0, byDataset, byHost, histogram, byType };
}
