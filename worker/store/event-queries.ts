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

/** Totals, the top datasets and hosts, and a histogram, in one D1 round trip. */
export async function eventStats(db: Database, where: SQL, intervalMs: number) {
  const bucket = sql<number>`(${events.ts} / ${intervalMs}) * ${intervalMs}`;
  const [total, byDataset, byHost, histogram] = await db.batch([
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
  ]);
  return { total: total[0]?.n ?? 0, byDataset, byHost, histogram };
}
