/**
 * Reading `ingest_batches` as the Submissions list: every agent batch received, newest first.
 * Raw D1: a keyset page and its count share one hand-written FROM clause.
 */
import type { StoreHandle } from "./handle.ts";

export interface SubmissionFilter {
  from: number;
  to: number;
  /** Batches that carried events of this host. */
  host?: string;
  /** A substring of a host, the token's name or the batch id (ignoring ASCII case). */
  text?: string;
}

export interface SubmissionCursor {
  receivedAt: number;
  id: string;
}

export interface SubmissionRow {
  id: string;
  token_id: string | null;
  token_name: string | null;
  received_at: number;
  stored_at: number;
  status: "stored" | "partial";
  event_count: number;
  accepted: number;
  rejected: number;
  hosts: string;
}

const FROM = `FROM ingest_batches b LEFT JOIN agent_tokens t ON t.id = b.token_id
WHERE b.received_at >= ?1 AND b.received_at < ?2
  AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(b.hosts) WHERE value = ?3))
  AND (?4 IS NULL OR instr(lower(b.id), lower(?4)) > 0 OR instr(lower(t.name), lower(?4)) > 0
       OR EXISTS (SELECT 1 FROM json_each(b.hosts) WHERE instr(lower(value), lower(?4)) > 0))`;

const PAGE = `SELECT b.id, b.token_id, t.name AS token_name, b.received_at, b.stored_at, b.status,
  b.event_count, b.accepted, json_array_length(b.rejected) AS rejected, b.hosts
${FROM}
  AND (?5 IS NULL OR b.received_at < ?5 OR (b.received_at = ?5 AND b.id < ?6))
ORDER BY b.received_at DESC, b.id DESC
LIMIT ?7`;

const COUNT = `SELECT count(*) AS n ${FROM}`;

/** One page (up to `limit` rows) after the cursor, and how many batches match the filter in all. */
export async function listSubmissions(
  store: StoreHandle,
  filter: SubmissionFilter,
  cursor: SubmissionCursor | null,
  limit: number,
): Promise<{ rows: SubmissionRow[]; total: number }> {
  const shared = [filter.from, filter.to, filter.host ?? null, filter.text ?? null];
  const [page, count] = await store.d1.batch([
    store.d1.prepare(PAGE).bind(...shared, cursor?.receivedAt ?? null, cursor?.id ?? null, limit),
    store.d1.prepare(COUNT).bind(...shared),
  ]);
  const total = (count?.results[0] as { n: number } | undefined)?.n ?? 0;
  return { rows: (page?.results ?? []) as SubmissionRow[], total };
}
