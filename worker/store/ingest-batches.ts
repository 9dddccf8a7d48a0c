/**
 * What the ingest path reads about a batch before it writes: whether its id was used before (a
 * resend, answered from what was stored) and whether a part of it is stored already.
 */
import type { Rejection } from "../model/prepared-event.ts";
import type { StoreHandle } from "./handle.ts";

export interface RecordedBatch {
  bodyHash: string;
  accepted: number;
  rejected: Rejection[];
}

/** The stored record of batch `batchId`, or null when no batch had that id. */
export async function recordedBatch(store: StoreHandle, batchId: string): Promise<RecordedBatch | null> {
  const row = await store.d1
    .prepare("SELECT body_hash, accepted, rejected FROM ingest_batches WHERE id = ?")
    .bind(batchId)
    .first<{ body_hash: string; accepted: number; rejected: string }>();
  if (row === null) return null;
  return { bodyHash: row.body_hash, accepted: row.accepted, rejected: JSON.parse(row.rejected) as Rejection[] };
}

/** How many alerts a stored batch raised or added to: the answer to a resend. */
export async function batchAlertCount(store: StoreHandle, batchId: string): Promise<number> {
  const row = await store.d1
    .prepare("SELECT count(DISTINCT alert_id) AS n FROM alert_events WHERE batch_id = ?")
    .bind(batchId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * Whether the part of batch `batchId` starting at `firstIndex` was stored before (a resend or a
 * retry): all or none of a part's events are.
 */
export async function partStored(store: StoreHandle, batchId: string, firstIndex: number): Promise<boolean> {
  const row = await store.d1
    .prepare("SELECT 1 AS stored FROM events WHERE batch_id = ? AND batch_index = ?")
    .bind(batchId, firstIndex)
    .first();
  return row !== null;
}
