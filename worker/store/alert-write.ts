/**
 * The D1 statements that store a batch's alert candidates, run inside the ingest write's one D1 batch
 * after its events. Decisions that depend on other batches (is there an open alert to add to?)
 * are made by SQL at write time, inside the transaction, so concurrent batches and retries agree.
 *
 * 1. create: a candidate that no open or acknowledged alert with its dedup key covers (its time
 *    span widened by the window) becomes a new alert, unless its first event is already linked
 *    to an alert of its rule (the batch was stored before: a retry or a resend).
 *    A candidate that does not open (a quiet correlation's events) is never created.
 * 2. link: each event is linked to the alert covering its candidate; an event links to at most
 *    one alert per rule, so a second write of the batch links nothing new. A correlation's events
 *    may be of earlier batches, so each link names its own batch.
 * 3. refresh: alerts that gained links in this write (write_id) add them, and the events each link
 *    counts without linking (`unlinked`), to count and widen first/last seen. Counts grow
 *    incrementally, never by recounting an alert's history.
 */
import type { AlertCandidate } from "../model/alert-candidate.ts";
import { RULE_LEVELS } from "../model/rule-level.ts";
import { chunkJsonRows } from "./batch-write.ts";

const OPEN_ALERT_COVERING = (row: string, first: number, last: number) => `a.dedup_key = json_extract(${row}, '$[0]')
    AND a.status IN ('open', 'acknowledged')
    AND json_extract(${row}, '$[${first}]') <= a.last_seen + ?2
    AND json_extract(${row}, '$[${last}]') >= a.first_seen - ?2`;

const CREATE_ALERTS = `INSERT INTO alerts
  (dedup_key, rule_id, rule_kind, title, level, level_rank, tags, host, key_fields, first_seen, last_seen, count, status, created_at, updated_at)
SELECT ${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `json_extract(c.value, '$[${i}]')`).join(", ")}, 0, 'open', ?3, ?3
FROM json_each(?1) AS c
WHERE NOT EXISTS (SELECT 1 FROM alerts AS a WHERE ${OPEN_ALERT_COVERING("c.value", 9, 10)})
  AND NOT EXISTS (SELECT 1 FROM alert_events AS l
    WHERE l.batch_id = json_extract(c.value, '$[12]') AND l.batch_index = json_extract(c.value, '$[11]')
      AND l.rule_id = json_extract(c.value, '$[1]'))
RETURNING id, dedup_key, first_seen`;

const LINK_EVENTS = `INSERT OR IGNORE INTO alert_events (alert_id, rule_id, batch_id, batch_index, ts, write_id, unlinked)
SELECT alert_id, rule_id, batch_id, batch_index, ts, ?3, unlinked FROM (
  SELECT (SELECT a.id FROM alerts AS a WHERE ${OPEN_ALERT_COVERING("l.value", 2, 3)}
          ORDER BY a.last_seen DESC, a.id DESC LIMIT 1) AS alert_id,
    json_extract(l.value, '$[1]') AS rule_id,
    json_extract(l.value, '$[6]') AS batch_id,
    json_extract(l.value, '$[4]') AS batch_index,
    json_extract(l.value, '$[5]') AS ts,
    json_extract(l.value, '$[7]') AS unlinked
  FROM json_each(?1) AS l)
WHERE alert_id IS NOT NULL`;

/** ?1: the batch ids this write links events of (a JSON array), so the links are found by primary key. */
const WRITTEN = "l.batch_id IN (SELECT value FROM json_each(?1)) AND l.write_id = ?2";

const REFRESH_ALERTS = `UPDATE alerts SET
  count = count + (SELECT sum(1 + l.unlinked) FROM alert_events AS l WHERE l.alert_id = alerts.id AND ${WRITTEN}),
  first_seen = min(first_seen, (SELECT min(ts) FROM alert_events AS l WHERE l.alert_id = alerts.id AND ${WRITTEN})),
  last_seen = max(last_seen, (SELECT max(ts) FROM alert_events AS l WHERE l.alert_id = alerts.id AND ${WRITTEN})),
  updated_at = ?3
WHERE id IN (SELECT l.alert_id FROM alert_events AS l WHERE ${WRITTEN})
RETURNING id, count, first_seen, last_seen`;

/** Key-field values are log text of any length: an alert keeps a prefix (its dedup key hashed them whole). */
const MAX_KEY_FIELD_CHARS = 2048;

function storedKeyFields(fields: Record<string, string>): string {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    kept[name] = value.length > MAX_KEY_FIELD_CHARS ? `${value.slice(0, MAX_KEY_FIELD_CHARS)}…` : value;
  }
  return JSON.stringify(kept);
}

function candidateRow(c: AlertCandidate): unknown[] {
  return [
    c.dedupKey,
    c.rule.id,
    c.rule.kind,
    c.rule.title,
    c.rule.level,
    RULE_LEVELS.indexOf(c.rule.level),
    JSON.stringify(c.rule.tags),
    c.host,
    storedKeyFields(c.keyFields),
    c.firstTs,
    c.lastTs,
    c.events[0]?.batchIndex ?? -1,
    c.events[0]?.batchId ?? "",
  ];
}

function linkRows(c: AlertCandidate): unknown[][] {
  return c.events.map((e) => [c.dedupKey, c.rule.id, c.firstTs, c.lastTs, e.batchIndex, e.ts, e.batchId, e.unlinked]);
}

/** A random id for one write attempt of a batch: links it adds carry it, links it found do not. */
export function newWriteId(): number {
  const [high = 0, low = 0] = crypto.getRandomValues(new Uint32Array(2));
  return (high & 0x1fffff) * 2 ** 32 + low;
}

export interface AlertStatements {
  /** Their RETURNING rows are the alerts this write created. */
  create: D1PreparedStatement[];
  link: D1PreparedStatement[];
  /** Its RETURNING rows are every alert this write touched; null when there is nothing to alert. */
  refresh: D1PreparedStatement | null;
}

export function alertStatements(
  d1: D1Database,
  candidates: readonly AlertCandidate[],
  windowMs: number,
  writeId: number,
  now: number,
): AlertStatements {
  if (candidates.length === 0) return { create: [], link: [], refresh: null };
  const create = chunkJsonRows(candidates.filter((c) => c.opens).map(candidateRow)).map((payload) =>
    d1.prepare(CREATE_ALERTS).bind(payload, windowMs, now),
  );
  const link = chunkJsonRows(candidates.flatMap(linkRows)).map((payload) =>
    d1.prepare(LINK_EVENTS).bind(payload, windowMs, writeId),
  );
  const batchIds = [...new Set(candidates.flatMap((c) => c.events.map((e) => e.batchId)))];
  return { create, link, refresh: d1.prepare(REFRESH_ALERTS).bind(JSON.stringify(batchIds), writeId, now) };
}
