/**
 * The overview's figures for a time range, in one D1 round trip. Every statement is bounded by a
 * time index (events_ts, alerts_last_seen, ingest_batches_received) or by alerts_status_last_seen.
 * `GROUP BY +column` keeps SQLite from choosing a full scan of the (column, time) index to avoid
 * a sort: the range search reads only the rows in range, however long the retention.
 */
import { and, count, desc, eq, gte, lt, type SQL, sql, sum } from "drizzle-orm";
import { alerts } from "./alerts-schema.ts";
import type { StoreHandle } from "./handle.ts";
import { events, ingestBatches } from "./schema.ts";

export interface OverviewRange {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  intervalMs: number;
}

export const TOP_LIMIT = 10;

/** Alerts active in the range: first seen before its end, last seen after its start. */
function alertsActiveIn(range: OverviewRange): SQL | undefined {
  return and(gte(alerts.lastSeen, range.from), lt(alerts.firstSeen, range.to));
}

function eventsIn(range: OverviewRange): SQL | undefined {
  return and(gte(events.ts, range.from), lt(events.ts, range.to));
}

/** The statements, in the order `overview` reads their answers; exposed so a test can check their plans. */
export function overviewStatements(store: StoreHandle, range: OverviewRange) {
  // D1 binds numbers as REAL: the cast keeps the division whole.
  const interval = sql`cast(${range.intervalMs} as integer)`;
  const alertBucket = sql<number>`(${alerts.firstSeen} / ${interval}) * ${interval}`;
  const alertCount = count();
  const hits = sql<number>`coalesce(${sum(alerts.count)}, 0)`.mapWith(Number);
  const eventCount = count();
  return [
    // New alerts per interval and level: an alert is drawn once, where it was first seen.
    store.orm
      .select({ ts: alertBucket, levelRank: alerts.levelRank, count: count() })
      .from(alerts)
      .where(and(gte(alerts.lastSeen, range.from), gte(alerts.firstSeen, range.from), lt(alerts.firstSeen, range.to)))
      .groupBy(alertBucket, sql`+${alerts.levelRank}`)
      .orderBy(alertBucket),
    store.orm
      .select({ levelRank: alerts.levelRank, count: count() })
      .from(alerts)
      .where(eq(alerts.status, "open"))
      .groupBy(sql`+${alerts.levelRank}`),
    store.orm
      .select({
        ruleId: alerts.ruleId,
        title: sql<string>`max(${alerts.title})`,
        levelRank: sql<number>`max(${alerts.levelRank})`,
        alerts: alertCount,
        hits,
      })
      .from(alerts)
      .where(alertsActiveIn(range))
      .groupBy(sql`+${alerts.ruleId}`)
      .orderBy(desc(alertCount), desc(hits), alerts.ruleId)
      .limit(TOP_LIMIT),
    store.orm
      .select({ host: alerts.host, alerts: alertCount, hits })
      .from(alerts)
      .where(alertsActiveIn(range))
      .groupBy(sql`+${alerts.host}`)
      .orderBy(desc(alertCount), desc(hits), alerts.host)
      .limit(TOP_LIMIT),
    store.orm
      .select({ host: events.host, events: eventCount })
      .from(events)
      .where(eventsIn(range))
      .groupBy(sql`+${events.host}`)
      .orderBy(desc(eventCount), events.host)
      .limit(TOP_LIMIT),
    store.orm
      .select({ dataset: events.dataset, events: eventCount })
      .from(events)
      .where(eventsIn(range))
      .groupBy(sql`+${events.dataset}`)
      .orderBy(desc(eventCount), events.dataset),
    store.orm
      .select({
        batches: count(),
        accepted: sql<number>`coalesce(${sum(ingestBatches.accepted)}, 0)`.mapWith(Number),
      })
      .from(ingestBatches)
      .where(and(gte(ingestBatches.receivedAt, range.from), lt(ingestBatches.receivedAt, range.to))),
  ] as const;
}

export async function overviewFigures(store: StoreHandle, range: OverviewRange) {
  const [alertBuckets, openByLevel, topRules, topAlertHosts, topEventHosts, datasets, batches] = await store.orm.batch(
    overviewStatements(store, range),
  );
  return {
    alertBuckets,
    openByLevel,
    topRules,
    topAlertHosts,
    topEventHosts,
    datasets,
    batches: batches[0] ?? { batches: 0, accepted: 0 },
  };
}

export type OverviewFigures = Awaited<ReturnType<typeof overviewFigures>>;
