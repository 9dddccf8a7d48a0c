import { count, desc, eq, type SQL, sql } from "drizzle-orm";
import { NEWEST_FIRST } from "./event-search/event-filter.ts";
import type { StoreHandle } from "./handle.ts";
import { events } from "./schema.ts";

export function listEventsQuery(store: StoreHandle, where: SQL, limit: number) {
  return store.orm
    .select()
    .from(events)
    .where(where)
    .orderBy(...NEWEST_FIRST)
    .limit(limit);
}

export function findEvent(store: StoreHandle, id: number) {
  return store.orm.query.events.findFirst({ where: eq(events.id, id) });
}

/**
 * Totals, the top datasets and hosts, a histogram, and the counts by event type (dataset + action,
 * under `typeWhere`, which may leave out a selected type) in one D1 round trip.
 */
export async function eventStats(store: StoreHandle, where: SQL, intervalMs: number, typeWhere: SQL = where) {
  // D1 binds numbers as REAL: without the cast the division is not whole and every event is a bucket.
  const interval = sql`cast(${intervalMs} as integer)`;
  const bucket = sql<number>`(${events.ts} / ${interval}) * ${interval}`;
  const [total, byDataset, byHost, histogram, byType] = await store.orm.batch([
    store.orm.select({ n: count() }).from(events).where(where),
    store.orm
      .select({ dataset: events.dataset, count: count() })
      .from(events)
      .where(where)
      .groupBy(events.dataset)
      .orderBy(desc(count())),
    store.orm
      .select({ host: events.host, count: count() })
      .from(events)
      .where(where)
      .groupBy(events.host)
      .orderBy(desc(count()))
      .limit(100),
    store.orm.select({ ts: bucket, count: count() }).from(events).where(where).groupBy(bucket).orderBy(bucket),
    store.orm
      .select({ dataset: events.dataset, action: events.action, count: count() })
      .from(events)
      .where(typeWhere)
      .groupBy(events.dataset, events.action)
      .orderBy(desc(count()))
      .limit(100),
  ]);
  return { total: total[0]?.n ?? 0, byDataset, byHost, histogram, byType };
}
