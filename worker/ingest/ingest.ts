/**
 * One ingest request, from decoded records to the answer: resend check, normalisation, detection
 * and storage (or the retry queue). The answer promises durability: it is built only after the batch is
 * stored or enqueued.
 */
import type { DetectionSettings } from "../alerts/settings.ts";
import type { BatchMeta } from "../model/ingest-batch.ts";
import type { Rejection } from "../model/prepared-event.ts";
import { MAX_STORED_REJECTIONS } from "../store/batch-write.ts";
import type { StoreHandle } from "../store/handle.ts";
import { batchAlertCount, type RecordedBatch, recordedBatch } from "../store/ingest-batches.ts";
import { sha256Hex } from "./decode.ts";
import { IngestError } from "./errors.ts";
import type { FormatName } from "./formats.ts";
import { prepareBatch } from "./prepare.ts";
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
  /** The import the batch belongs to, or null (absent) for a shipper's batch. */
  importId?: string | null;
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

async function previousBatch(store: StoreHandle, batchId: string): Promise<RecordedBatch | null> {
  try {
    return await recordedBatch(store, batchId);
  } catch {
    // D1 unreadable: carry on; the write path is idempotent, so a resend still lands once.
    return null;
  }
}

/** `store`: the shard that takes a batch received at `input.receivedAt` (store/event-shards.ts). */
export async function ingestRecords(
  store: StoreHandle,
  queue: Queue<unknown>,
  input: IngestInput,
  detection: DetectionSettings,
): Promise<IngestAnswer> {
  const bodyHash = await sha256Hex(input.text);
  const batchId = input.batchId ?? crypto.randomUUID();

  if (input.batchId !== null) {
    const previous = await previousBatch(store, batchId);
    if (previous) {
      if (previous.bodyHash !== bodyHash) {
        throw new IngestError(409, `batch_id '${batchId}' was already used for a different batch`);
      }
      return {
        batch_id: batchId,
        accepted: previous.accepted,
        rejected: previous.rejected,
        status: "duplicate",
        alerts: await batchAlertCount(store, batchId),
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
    importId: input.importId ?? null,
  };
  const outcome = await storeOrEnqueue(store, queue, meta, prepared.events, detection);
  return {
    batch_id: batchId,
    accepted: prepared.events.length,
    rejected: prepared.rejected,
    status: outcome.stored ? "stored" : "queued",
    alerts: outcome.stored ? outcome.alerts : 0,
  };
}
