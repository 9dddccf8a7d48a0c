/**
 * The false-positive filter as the ingest write uses it, in raw D1: every exception with its allow
 * list resolved (one small read per batch), and counting suppressed hits in the write's D1 batch.
 * The count runs before the batch's events are inserted and only when the first of them is not
 * stored yet, so a batch written twice (resend, queue retry after a committed write) counts its
 * hits once.
 */
import { type CidrNetwork, parseCidr } from "../detect/sigma/cidr.ts";
import type { StoreHandle } from "./handle.ts";

export interface AlertException {
  id: number;
  field: string;
  value: string;
  /** Null: applies to every rule. */
  ruleId: string | null;
  /** For a `@list:<name>` value: the allow list's networks (none when it is missing or a deny list). */
  networks?: readonly CidrNetwork[];
}

/** The value prefix naming an allow list in an exception. */
export const LIST_REFERENCE = "@list:";

const SELECT_EXCEPTIONS = `SELECT e.id, e.field, e.value, e.rule_id, l.kind, l.entries FROM alert_exceptions e
       LEFT JOIN ip_lists l ON e.value LIKE '${LIST_REFERENCE}%' AND l.name = substr(e.value, ${LIST_REFERENCE.length + 1})`;

const COUNT_HITS = `UPDATE alert_exceptions SET
  hits = hits + h.n,
  last_hit_at = max(coalesce(last_hit_at, 0), ?4)
FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS n FROM json_each(?1)) AS h
WHERE alert_exceptions.id = h.id
  AND NOT EXISTS (SELECT 1 FROM events WHERE batch_id = ?2 AND batch_index = ?3)`;

export async function loadExceptions(store: StoreHandle): Promise<AlertException[]> {
  const { results } = await store.d1.prepare(SELECT_EXCEPTIONS).all<{
    id: number;
    field: string;
    value: string;
    rule_id: string | null;
    kind: string | null;
    entries: string | null;
  }>();
  return results.map((r) => ({
    id: r.id,
    field: r.field,
    value: r.value,
    ruleId: r.rule_id,
    ...(r.value.startsWith(LIST_REFERENCE) ? { networks: allowListNetworks(r.kind, r.entries) } : {}),
  }));
}

function allowListNetworks(kind: string | null, entries: string | null): CidrNetwork[] {
  if (kind !== "allow" || entries === null) return [];
  return (JSON.parse(entries) as string[]).flatMap((entry) => parseCidr(entry) ?? []);
}

export function exceptionHitStatement(
  d1: D1Database,
  hits: ReadonlyMap<number, number>,
  marker: { batchId: string; batchIndex: number },
  at: number,
): D1PreparedStatement | null {
  if (hits.size === 0) return null;
  return d1.prepare(COUNT_HITS).bind(JSON.stringify([...hits]), marker.batchId, marker.batchIndex, at);
}
