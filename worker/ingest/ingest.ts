/**
 * One ingest request, from decoded records to the answer: resend check, normalisation, detection
 * and storage (or the retry queue). The answer promises durability: it is built only after the batch is
 * stored or enqueued.
 */
import type { DetectionSettings } from "../alerts/settings.ts";
import { batchAlertCount } from "../store/batch-alert-count.ts";
import { type BatchMeta, MAX_STORED_REJECTIONS } from "../store/batch-write.ts";
import { openStore } from "../store/handle.ts";
import { sha256Hex } from "./decode.ts";
import { IngestError } from "./errors.ts";
import type { FormatName } from "./formats.ts";
import { prepareBatch, type Rejection } from "./prepare.ts";
import { storeOrEnqueue } from "./store-batch.ts";

export interface IngestInput {
  records: unknown[];
  /** Each record's format; detected by shape where absent. */
  formats?: FormatName[];
  /** The agent's batch id, or null to have one generated (then a resend cannot be recognised). */
  batchId: string | null;
  /** The decoded body, whose hash tells a true resend from a different batch reusing an id. */
  text: string;
  tokenId: string | null;
  receivedAt: number;
}

export interface IngestAnswer {
  batch_id: string;
  accepted: number;
  rejected: Rejection[];
  /**
   * stored: in D1 now; queued: durably in the retry queue, stored shortly; duplicate: a resend;
   * rejected: not one of its events could be taken, so nothing was stored (not even the batch id).
   */
  status: "stored" | "queued" | "duplicate" | "rejected";
  /** Alerts the batch raised or added to (0 while queued: detection runs when the queue stores it). */
  alerts: number;
}

interface StoredBatch {
  body_hash: string;
  accepted: number;
  rejected: string;
}

async function previousBatch(d1: D1Database, batchId: string): Promise<StoredBatch | null> {
  try {
    return await d1
      .prepare("SELECT body_hash, accepted, rejected FROM ingest_batches WHERE id = ?")
      .bind(batchId)
      .first<StoredBatch>();
  } catch {
    // D1 unreadable: carry on; the write path is idempotent, so a resend still lands once.
    return null;
  }
}

export async function ingestRecords(
  d1: D1Database,
  queue: Queue<unknown>,
  input: IngestInput,
  detection: DetectionSettings,
): Promise<IngestAnswer> {
  const bodyHash = await sha256Hex(input.text);
  const batchId = input.batchId ?? crypto.randomUUID();

  if (input.batchId !== null) {
    const previous = await previousBatch(d1, batchId);
    if (previous) {
      if (previous.body_hash !== bodyHash) {
        throw new IngestError(409, `batch_id '${batchId}' was already used for a different batch`);
      }
      return {
        batch_id: batchId,
        accepted: previous.accepted,
        rejected: JSON.parse(previous.rejected) as Rejection[],
        status: "duplicate",
        alerts: await batchAlertCount(openStore(d1), batchId),
      };
    }
  }

  const prepared = prepareBatch(input.records, input.receivedAt, { formats: input.formats });
  // Not one of its events could be taken: refused whole. An empty batch is still a valid no-op.
  if (prepared.events.length === 0 && prepared.rejected.length > 0) {
    return { batch_id: batchId, accepted: 0, rejected: prepared.rejected, status: "rejected", alerts: 0 };
  }
  const meta: BatchMeta = {
    batchId,
    tokenId: input.tokenId,
    bodyHash,
    receivedAt: input.receivedAt,
    expected: prepared.events.length,
    rejected: prepared.rejected.slice(0, MAX_STORED_REJECTIONS),
  };
  const outcome = await storeOrEnqueue(d1, queue, meta, prepared.events, detection);
  return {
    batch_id: batchId,
    accepted: prepared.events.length,
    rejected: prepared.rejected,
    status: outcome.stored ? "stored" : "queued",
    alerts: outcome.stored ? outcome.alerts : 0,
  };
}
