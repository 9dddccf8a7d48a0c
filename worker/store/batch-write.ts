/**
 * The statements that store one ingest batch's events, rollups, hosts, token and batch record, run
 * in the ingest write's ONE D1 batch (ingest-write.ts: one round trip, one transaction).
 *
 * Rows travel as one JSON array per statement, expanded by SQLite's json_each: a single bound
 * parameter carries dozens of events, where column-per-parameter inserts would fit only four
 * events under D1's 100-parameter limit. Each array is kept under MAX_STATEMENT_PAYLOAD so a
 * statement also stays under D1's 100 KB statement size whichever way the limit is counted.
 *
 * Every statement is idempotent: events are unique by (batch_id, batch_index) and the batch's
 * counts are derived from what is stored, so the same batch written twice (agent resend, queue
 * retry after a write that did commit) is stored once. The volume rollups count each event the
 * first time it is stored (volume-rollup-statements.ts).
 */
import type { BatchMeta } from "../model/ingest-batch.ts";
import type { PreparedEvent } from "../model/prepared-event.ts";
import { EVENT_COLUMNS, eventRow } from "./event-row.ts";
import { addVolumeStatement, volumeRow } from "./volume-rollup-statements.ts";

export const MAX_STATEMENT_PAYLOAD = 90_000;
/** What a stored batch record keeps of the rejections, enough for a resend's answer. */
export const MAX_STORED_REJECTIONS = 1000;

// Each row is converted to binary JSONB once and its columns read from that: json_extract on the
// row's text would parse it again for every one of the columns (twice as slow in SQLite 3.51).
const INSERT_EVENTS = `WITH rows AS MATERIALIZED (SELECT jsonb(value) AS row FROM json_each(?1))
INSERT OR IGNORE INTO events (${EVENT_COLUMNS.join(", ")}, received_at, batch_id, import_id)
SELECT ${EVENT_COLUMNS.map((_, i) => `row ->> ${i}`).join(", ")}, ?2, ?3, ?4
FROM rows`;

const UPSERT_HOSTS = `INSERT INTO hosts (name, first_seen, last_seen, last_event_ts, last_token_id)
SELECT json_extract(value, '$[0]'), ?2, ?2, json_extract(value, '$[1]'), ?3 FROM json_each(?1) WHERE true
ON CONFLICT (name) DO UPDATE SET
  last_seen = max(hosts.last_seen, excluded.last_seen),
  last_event_ts = max(hosts.last_event_ts, excluded.last_event_ts),
  last_token_id = coalesce(excluded.last_token_id, hosts.last_token_id)`;

const TOUCH_TOKEN = "UPDATE agent_tokens SET last_used_at = max(coalesce(last_used_at, 0), ?2) WHERE id = ?1";

const UPSERT_BATCH = `INSERT INTO ingest_batches
  (id, token_id, body_hash, received_at, stored_at, status, event_count, accepted, rejected, hosts)
SELECT ?1, ?2, ?3, ?4, ?5, CASE WHEN stored.n >= ?6 THEN 'stored' ELSE 'partial' END, ?6, stored.n, ?7, ?8
FROM (SELECT count(*) AS n FROM events WHERE batch_id = ?1) AS stored WHERE true
ON CONFLICT (id) DO UPDATE SET
  stored_at = excluded.stored_at,
  status = excluded.status,
  accepted = excluded.accepted,
  rejected = CASE WHEN excluded.rejected = '[]' THEN ingest_batches.rejected ELSE excluded.rejected END,
  hosts = (SELECT json_group_array(name) FROM (
    SELECT value AS name FROM json_each(ingest_batches.hosts)
    UNION SELECT value FROM json_each(excluded.hosts)))`;

/** Splits rows into JSON arrays of at most `maxChars` characters (one row alone may exceed it). */
export function chunkJsonRows(rows: unknown[][], maxChars = MAX_STATEMENT_PAYLOAD): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (current.length > 0 && size + json.length + 1 > maxChars) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

function hostSummary(events: readonly PreparedEvent[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const { event } of events) {
    if (event.host === null) continue;
    latest.set(event.host, Math.max(latest.get(event.host) ?? 0, event.ts));
  }
  return latest;
}

/** `ruleHits`: batch index -> ids of the rules the event matched, kept in events.rule_hits. */
export function batchWriteStatements(
  d1: D1Database,
  meta: BatchMeta,
  events: readonly PreparedEvent[],
  ruleHits: ReadonlyMap<number, readonly string[]>,
  now = Date.now(),
) {
  const statements: D1PreparedStatement[] = [];
  // Before the events insert: they count the events that insert is about to add.
  for (const payload of chunkJsonRows(events.map(volumeRow))) {
    statements.push(addVolumeStatement(d1, payload, meta.batchId));
  }
  for (const payload of chunkJsonRows(events.map((e) => eventRow(e, ruleHits.get(e.index))))) {
    statements.push(d1.prepare(INSERT_EVENTS).bind(payload, meta.receivedAt, meta.batchId, meta.importId));
  }
  const hosts = hostSummary(events);
  if (hosts.size > 0) {
    statements.push(d1.prepare(UPSERT_HOSTS).bind(JSON.stringify([...hosts]), meta.receivedAt, meta.tokenId));
  }
  if (meta.tokenId !== null) statements.push(d1.prepare(TOUCH_TOKEN).bind(meta.tokenId, meta.receivedAt));
  statements.push(
    d1
      .prepare(UPSERT_BATCH)
      .bind(
        meta.batchId,
        meta.tokenId,
        meta.bodyHash,
        meta.receivedAt,
        now,
        meta.expected,
        JSON.stringify(meta.rejected.slice(0, MAX_STORED_REJECTIONS)),
        JSON.stringify([...hosts.keys()]),
      ),
  );
  return statements;
}
