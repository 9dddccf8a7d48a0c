/**
 * Storing one queued part of a batch: normalise its records again and store them through the same
 * `storeBatch` as the direct path. The retry queue's consumer, the dead-letter consumer and a replay
 * from the dashboard all run this, so a part stored by any of them is counted and alerted once.
 */
import type { DetectionSettings } from "../../alerts/settings.ts";
import type { IngestPartMessage } from "../../queue/messages.ts";
import type { EventShards } from "../../store/event-shards.ts";
import { openStore } from "../../store/handle.ts";
import { isFormatName } from "../formats.ts";
import { prepareBatch } from "../prepare.ts";
import { type StoredBatch, storeBatch } from "../store-batch.ts";

export async function storeIngestPart(
  shards: EventShards,
  part: IngestPartMessage,
  detection: DetectionSettings,
): Promise<StoredBatch> {
  const records = part.records.map((r) => JSON.parse(r.raw) as unknown);
  const prepared = prepareBatch(records, part.receivedAt, {
    indexes: part.records.map((r) => r.index),
    formats: part.records.map((r) => (isFormatName(r.format) ? r.format : "auto")),
  });
  // Records were valid when accepted; one that no longer normalises is kept in the batch's
  // rejections rather than lost silently.
  const rejected = [...part.rejected, ...prepared.rejected];
  // By the batch's received time, so every part lands where the direct write would have put it.
  return storeBatch(
    openStore(shards.forWrite(part.receivedAt)),
    {
      batchId: part.batchId,
      tokenId: part.tokenId,
      bodyHash: part.bodyHash,
      receivedAt: part.receivedAt,
      expected: part.expected,
      rejected,
      // A part queued before imports existed carries none.
      importId: part.importId ?? null,
    },
    prepared.events,
    detection,
  );
}

/** A part is its batch and its first record: all of a part's events are stored together or not at all. */
export function partKey(part: IngestPartMessage): string {
  return `${part.batchId}#${part.records[0]?.index ?? -1}`;
}
