/**
 * Correlation state in D1, one row per (correlation rule, group). A batch loads only the groups
 * its matches touch and writes back only the ones that changed. The writes run before the batch's
 * events are inserted and only when the first of them is not stored yet: a batch written twice
 * must not feed the same events into a window twice.
 */
import type { CorrelationState, GroupState } from "../detect/correlation/state.ts";
import { ruleIdOfGroupKey } from "../detect/correlation/state.ts";
import type { BatchDetection } from "../model/batch-detection.ts";
import { chunkJsonRows } from "./batch-write.ts";
import type { StoreHandle } from "./handle.ts";

const FRESH_PART = "NOT EXISTS (SELECT 1 FROM events WHERE batch_id = ?2 AND batch_index = ?3)";

/** Key lists travel as JSON arrays of one-element rows, chunked like every other payload. */
const KEYS_IN = "group_key IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))";

const SELECT_GROUPS = `SELECT group_key, state FROM correlation_state WHERE ${KEYS_IN}`;

const UPSERT_GROUPS = `INSERT INTO correlation_state (rule_id, group_key, state, expires_at, updated_at)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), ?4
FROM json_each(?1) WHERE ${FRESH_PART}
ON CONFLICT (rule_id, group_key) DO UPDATE SET
  state = excluded.state, expires_at = excluded.expires_at, updated_at = excluded.updated_at`;

const DELETE_GROUPS = `DELETE FROM correlation_state
WHERE ${KEYS_IN} AND ${FRESH_PART}`;

/** The stored groups under `keys`: the correlation state detection advances for one batch. */
export async function loadCorrelationGroups(store: StoreHandle, keys: readonly string[]): Promise<CorrelationState> {
  if (keys.length === 0) return {};
  const queries = chunkJsonRows(keys.map((key) => [key])).map((payload) =>
    store.d1.prepare(SELECT_GROUPS).bind(payload),
  );
  const state: CorrelationState = {};
  for (const result of await store.d1.batch<{ group_key: string; state: string }>(queries)) {
    for (const row of result.results) state[row.group_key] = JSON.parse(row.state) as GroupState;
  }
  return state;
}

export function correlationStateStatements(
  d1: D1Database,
  changes: BatchDetection["correlationChanges"],
  marker: { batchId: string; batchIndex: number },
  now: number,
): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  const rows = Object.entries(changes.upsert).map(([key, group]) => [
    ruleIdOfGroupKey(key),
    key,
    JSON.stringify(group),
    group.expiresAt,
  ]);
  for (const payload of chunkJsonRows(rows)) {
    statements.push(d1.prepare(UPSERT_GROUPS).bind(payload, marker.batchId, marker.batchIndex, now));
  }
  for (const payload of chunkJsonRows(changes.remove.map((key) => [key]))) {
    statements.push(d1.prepare(DELETE_GROUPS).bind(payload, marker.batchId, marker.batchIndex));
  }
  return statements;
}
