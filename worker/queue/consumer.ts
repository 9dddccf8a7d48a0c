/**
 * INGEST_QUEUE's consumer: detects and stores each queued part of a batch, the same way the direct
 * path does (alerts, exception hits and correlation state included, each counted once however
 * often a part is delivered).
 * A part that fails is retried with exponential back-off; after wrangler.toml's max_retries the
 * Queue moves it to the dead-letter queue, where it is kept, never dropped.
 */
import type { DetectionSettings } from "../alerts/settings.ts";
import { isFormatName } from "../ingest/formats.ts";
import { prepareBatch } from "../ingest/prepare.ts";
import { type StoredBatch, storeBatch } from "../ingest/store-batch.ts";
import { isIngestPart } from "./messages.ts";

export function retryDelaySeconds(attempts: number): number {
  return Math.min(5 * 2 ** Math.max(0, attempts - 1), 300);
}

export async function consumeIngestQueue(
  batch: MessageBatch<unknown>,
  d1: D1Database,
  detection: DetectionSettings,
): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body;
    if (!isIngestPart(body)) {
      console.error(`ingest queue: message ${message.id} is not an ingest part; dead-lettering it`);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      continue;
    }
    let stored: StoredBatch;
    try {
      const records = body.records.map((r) => JSON.parse(r.raw) as unknown);
      const prepared = prepareBatch(records, body.receivedAt, {
        indexes: body.records.map((r) => r.index),
        formats: body.records.map((r) => (isFormatName(r.format) ? r.format : "auto")),
      });
      // Records were valid when accepted; one that no longer normalises is kept in the batch's
      // rejections rather than lost silently.
      const rejected = [...body.rejected, ...prepared.rejected];
      stored = await storeBatch(
        d1,
        {
          batchId: body.batchId,
          tokenId: body.tokenId,
          bodyHash: body.bodyHash,
          receivedAt: body.receivedAt,
          expected: body.expected,
          rejected,
        },
        prepared.events,
        detection,
      );
      message.ack();
    } catch (error) {
      const delaySeconds = retryDelaySeconds(message.attempts);
      console.error(
        `ingest queue: storing part of batch ${body.batchId} failed (attempt ${message.attempts}), retrying in ${delaySeconds}s: ${(error as Error).message}`,
      );
      message.retry({ delaySeconds });
      continue;
    }
    await detection.notify(stored.newAlerts);
  }
}
