/**
 * Counting suppressed hits against their exceptions, in the batch's D1 batch. The statement runs
 * before the batch's events are inserted and only when the first of them is not stored yet, so a
 * batch written twice (resend, queue retry after a committed write) counts its hits once.
 */
const COUNT_HITS = `UPDATE alert_exceptions SET
  hits = hits + h.n,
  last_hit_at = max(coalesce(last_hit_at, 0), ?4)
FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS n FROM json_each(?1)) AS h
WHERE alert_exceptions.id = h.id
  AND NOT EXISTS (SELECT 1 FROM events WHERE batch_id = ?2 AND batch_index = ?3)`;

export function exceptionHitStatement(
  d1: D1Database,
  hits: ReadonlyMap<number, number>,
  marker: { batchId: string; batchIndex: number },
  at: number,
): D1PreparedStatement | null {
  if (hits.size === 0) return null;
  return d1.prepare(COUNT_HITS).bind(JSON.stringify([...hits]), marker.batchId, marker.batchIndex, at);
}
