/**
 * Ingest parts the retry queue gave up on (migrations/0008_ingest_dead_letters.sql), kept until an
 * admin replays or discards them. Rows are never deleted: a settled one stays as the record of what
 * happened to the part. Raw D1: the status counts and conditional settles are plain SQL.
 */
import type { StoreHandle } from "./handle.ts";

export const DEAD_LETTER_STATUSES = ["pending", "replayed", "discarded"] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

export interface NewIngestDeadLetter {
  partKey: string;
  batchId: string | null;
  tokenId: string | null;
  recordCount: number;
  /** The queue message body, kept as JSON text. */
  message: string;
}

export interface IngestDeadLetterRow {
  id: number;
  part_key: string;
  batch_id: string | null;
  token_id: string | null;
  token_name: string | null;
  record_count: number;
  first_error: string | null;
  last_error: string | null;
  attempts: number;
  dead_lettered_at: number;
  status: DeadLetterStatus;
  replayed_at: number | null;
  replayed_by: string | null;
  discarded_at: number | null;
  discarded_by: string | null;
}

export type IngestDeadLetterWithMessage = IngestDeadLetterRow & { message: string };

const COLUMNS = `d.id, d.part_key, d.batch_id, d.token_id, t.name AS token_name, d.record_count, d.first_error,
  d.last_error, d.attempts, d.dead_lettered_at, d.status, d.replayed_at, d.replayed_by, d.discarded_at, d.discarded_by`;
const FROM = "FROM ingest_dead_letters d LEFT JOIN agent_tokens t ON t.id = d.token_id";

/**
 * Records a dead-lettered part and returns its row id. The same part arriving again (a redelivery of
 * the dead-letter message, or the batch dead-lettered anew after a resend) reopens its one row.
 */
export async function recordIngestDeadLetter(
  store: StoreHandle,
  letter: NewIngestDeadLetter,
  now: number,
): Promise<number> {
  const row = await store.d1
    .prepare(
      `INSERT INTO ingest_dead_letters (part_key, batch_id, token_id, record_count, message, dead_lettered_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (part_key) DO UPDATE SET message = excluded.message, record_count = excluded.record_count,
         dead_lettered_at = excluded.dead_lettered_at, status = 'pending',
         replayed_at = NULL, replayed_by = NULL, discarded_at = NULL, discarded_by = NULL
       RETURNING id`,
    )
    .bind(letter.partKey, letter.batchId, letter.tokenId, letter.recordCount, letter.message, now)
    .first<{ id: number }>();
  if (!row) throw new Error(`D1 returned no id for the dead letter of ${letter.partKey}`);
  return row.id;
}

export interface DeadLetterPage {
  items: IngestDeadLetterRow[];
  /** Rows matching the filter. */
  total: number;
  /** Pending rows, whatever the filter. */
  pending: number;
}

export async function listIngestDeadLetters(
  store: StoreHandle,
  filter: { status: DeadLetterStatus | null; limit: number; offset: number },
): Promise<DeadLetterPage> {
  const where = filter.status === null ? "" : "WHERE d.status = ?1";
  const bindings = filter.status === null ? [] : [filter.status];
  const [items, counts] = await store.d1.batch([
    store.d1
      .prepare(`SELECT ${COLUMNS} ${FROM} ${where} ORDER BY d.dead_lettered_at DESC, d.id DESC LIMIT ? OFFSET ?`)
      .bind(...bindings, filter.limit, filter.offset),
    store.d1
      .prepare(
        `SELECT (SELECT count(*) FROM ingest_dead_letters d ${where}) AS total,
          (SELECT count(*) FROM ingest_dead_letters WHERE status = 'pending') AS pending`,
      )
      .bind(...bindings),
  ]);
  const count = (counts?.results[0] ?? { total: 0, pending: 0 }) as { total: number; pending: number };
  return { items: (items?.results ?? []) as IngestDeadLetterRow[], total: count.total, pending: count.pending };
}

export function findIngestDeadLetter(store: StoreHandle, id: number): Promise<IngestDeadLetterWithMessage | null> {
  return store.d1
    .prepare(`SELECT ${COLUMNS}, d.message ${FROM} WHERE d.id = ?`)
    .bind(id)
    .first<IngestDeadLetterWithMessage>();
}

/** The oldest pending rows first, so a replay of all of them goes in arrival order. */
export async function pendingIngestDeadLetterIds(store: StoreHandle, limit: number): Promise<number[]> {
  const { results } = await store.d1
    .prepare("SELECT id FROM ingest_dead_letters WHERE status = 'pending' ORDER BY dead_lettered_at, id LIMIT ?")
    .bind(limit)
    .all<{ id: number }>();
  return results.map((row) => row.id);
}

/** How an admin settles a pending row: each outcome has its own time and actor columns. */
const SETTLE = {
  replayed:
    "UPDATE ingest_dead_letters SET status = 'replayed', replayed_at = ?2, replayed_by = ?3 WHERE id = ?1 AND status = 'pending'",
  discarded:
    "UPDATE ingest_dead_letters SET status = 'discarded', discarded_at = ?2, discarded_by = ?3 WHERE id = ?1 AND status = 'pending'",
} as const;

/** Marks a pending row replayed or discarded; false when it was not pending any more (someone else settled it). */
export async function settleIngestDeadLetter(
  store: StoreHandle,
  id: number,
  outcome: keyof typeof SETTLE,
  by: string,
  now: number,
): Promise<boolean> {
  const result = await store.d1.prepare(SETTLE[outcome]).bind(id, now, by).run();
  return result.meta.changes > 0;
}

/** Counts a failed store attempt; the first error recorded stays, the latest replaces the last. */
export async function recordIngestDeadLetterFailure(store: StoreHandle, id: number, error: string): Promise<void> {
  await store.d1
    .prepare(
      `UPDATE ingest_dead_letters SET attempts = attempts + 1, last_error = ?2, first_error = coalesce(first_error, ?2)
       WHERE id = ?1 AND status = 'pending'`,
    )
    .bind(id, error)
    .run();
}
