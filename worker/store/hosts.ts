/**
 * What the hosts page needs of D1, read in one round trip. Every statement is bounded by an index:
 * the events ones walk events_host_ts one host at a time (CROSS JOIN keeps `hosts` as the outer
 * loop, so SQLite cannot pick a scan of the whole events_ts range instead), and the delivery
 * cadence reads only the last day of ingest_batches through ingest_batches_received. Raw D1, since
 * the CROSS JOIN and index choices are the point of these statements.
 */
import type { StoreHandle } from "./handle.ts";

export const ACTIVITY_WINDOW_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Each host with its token and how many events it had in the window (covering index only). */
const HOSTS = `SELECT h.name, h.first_seen, h.last_seen, h.last_event_ts, h.last_token_id,
  t.name AS token_name, t.revoked_at AS token_revoked_at,
  (SELECT count(*) FROM events e WHERE e.host = h.name AND e.ts > ?1 AND e.ts <= ?2) AS events_in_window
FROM hosts h LEFT JOIN agent_tokens t ON t.id = h.last_token_id
ORDER BY h.name`;

/**
 * Sources and datasets of each host over the day up to its own last event, so a host that went
 * quiet still shows what it used to send.
 */
const DATASETS = `SELECT h.name AS host, e.source, e.dataset, count(*) AS events
FROM hosts h CROSS JOIN events e
  ON e.host = h.name AND e.ts > h.last_event_ts - ?1 AND e.ts <= h.last_event_ts
GROUP BY h.name, e.source, e.dataset
ORDER BY h.name, events DESC`;

/**
 * The median gap between the minutes in which a host's batches arrived over the window. Minutes,
 * not single batches: an agent catching up sends bursts whose near-zero gaps say nothing of its
 * rhythm. Arrival time, not event time: silence is measured from the last arrival too.
 */
const CADENCE = `WITH received AS (
  SELECT DISTINCT j.value AS host, b.received_at / ${MINUTE_MS} AS minute
  FROM ingest_batches b, json_each(b.hosts) j
  WHERE b.received_at > ?1 AND b.received_at <= ?2
), gaps AS (
  SELECT host, minute - lag(minute) OVER (PARTITION BY host ORDER BY minute) AS gap FROM received
), ranked AS (
  SELECT host, gap,
    row_number() OVER (PARTITION BY host ORDER BY gap) AS position,
    count(*) OVER (PARTITION BY host) AS gaps
  FROM gaps WHERE gap IS NOT NULL
)
SELECT host, avg(gap) AS median_gap_minutes, max(gaps) AS gaps
FROM ranked WHERE position IN ((gaps + 1) / 2, (gaps + 2) / 2)
GROUP BY host`;

export interface HostRow {
  name: string;
  first_seen: number;
  last_seen: number;
  last_event_ts: number;
  last_token_id: string | null;
  token_name: string | null;
  token_revoked_at: number | null;
  events_in_window: number;
}

export interface HostDatasetRow {
  host: string;
  source: string;
  dataset: string;
  events: number;
}

export interface HostCadenceRow {
  host: string;
  median_gap_minutes: number;
  /** How many gaps the median is taken over. */
  gaps: number;
}

export interface HostFigures {
  hosts: HostRow[];
  datasets: HostDatasetRow[];
  cadence: HostCadenceRow[];
}

export async function hostFigures(store: StoreHandle, now: number): Promise<HostFigures> {
  const from = now - ACTIVITY_WINDOW_MS;
  const [hosts, datasets, cadence] = await store.d1.batch([
    store.d1.prepare(HOSTS).bind(from, now),
    store.d1.prepare(DATASETS).bind(ACTIVITY_WINDOW_MS),
    store.d1.prepare(CADENCE).bind(from, now),
  ]);
  return {
    hosts: (hosts?.results ?? []) as HostRow[],
    datasets: (datasets?.results ?? []) as HostDatasetRow[],
    cadence: (cadence?.results ?? []) as HostCadenceRow[],
  };
}

/** The statements' query plans, for the test that proves they stay on their indexes. */
export const HOST_QUERIES = { HOSTS, DATASETS, CADENCE } as const;
