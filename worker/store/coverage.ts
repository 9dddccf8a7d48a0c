/**
 * What the Coverage page reads from D1: the volume rollups and the alert counts per rule over a
 * window of whole days. Both are aggregates over small tables (days × sources × hosts, alerts), so
 * the answer time does not grow with the number of stored events. Raw D1: two hand-written
 * aggregates, read in one batch.
 */
import { DAY_MS } from "./epoch-day.ts";
import type { StoreHandle } from "./handle.ts";

/** The volume of one dataset/event code over the window (eventCode null: events without a code). */
export interface SourceVolume {
  dataset: string;
  eventCode: string | null;
  events: number;
  bytes: number;
  hosts: number;
}

export interface CoverageFigures {
  volumes: SourceVolume[];
  alerts: Map<string, number>;
}

const VOLUMES = `SELECT dataset, event_code, sum(events) AS events, sum(bytes) AS bytes, count(DISTINCT host) AS hosts
FROM volume_rollups WHERE day >= ?1 GROUP BY dataset, event_code`;

const ALERTS = "SELECT rule_id, count(*) AS alerts FROM alerts WHERE last_seen >= ?1 GROUP BY rule_id";

/** `firstDay`: the window's first epoch day (UTC), today's included. */
export async function coverageFigures(store: StoreHandle, firstDay: number): Promise<CoverageFigures> {
  const [volumes, alerts] = await store.d1.batch<Record<string, unknown>>([
    store.d1.prepare(VOLUMES).bind(firstDay),
    store.d1.prepare(ALERTS).bind(firstDay * DAY_MS),
  ]);
  return {
    volumes: (volumes?.results ?? []).map((row) => ({
      dataset: String(row.dataset),
      eventCode: row.event_code === "" ? null : String(row.event_code),
      events: Number(row.events),
      bytes: Number(row.bytes),
      hosts: Number(row.hosts),
    })),
    alerts: new Map((alerts?.results ?? []).map((row) => [String(row.rule_id), Number(row.alerts)])),
  };
}
