/**
 * INGEST_QUEUE's consumer: detects and stores each queued part of a batch, the same way the direct
 * path does (alerts, exception hits and correlation state included, each counted once however
 * often a part is delivered).
 * A part that fails is retried with exponential back-off; after wrangler.toml's max_retries the
 * Queue moves it to the dead-letter queue, where it is kept, never dropped.
 */
import type { DetectionSettings } from "../../alerts/settings.ts";
import { backOffSeconds } from "../../queue/back-off.ts";
import { isIngestPart } from "../../queue/messages.ts";
import { type EventShards, singleDatabaseShards } from "../../store/event-shards.ts";
import type { StoredBatch } from "../store-batch.ts";
import { storeIngestPart } from "./ingest-part.ts";

/** First retry delay of a failed part (INGEST_RETRY_BASE_SECONDS overrides it), doubled on each further attempt. */
export const DEFAULT_INGEST_RETRY_BASE_SECONDS = 5;

export function retryDelaySeconds(attempts: number, baseSeconds = DEFAULT_INGEST_RETRY_BASE_SECONDS): number {
  return backOffSeconds(attempts, baseSeconds, 300);
}

export async function consumeIngestQueue(
  batch: MessageBatch<unknown>,
  d1: D1Database,
  detection: DetectionSettings,
  retryBaseSeconds = DEFAULT_INGEST_RETRY_BASE_SECONDS,
  shards: EventShards = singleDatabaseShards(d1),
): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body;
    if (!isIngestPart(body)) {
      console.error(`ingest queue: message ${message.id} is not an ingest part; dead-lettering it`);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, retryBaseSeconds) });
      continue;
    }
    let stored: StoredBatch;
    try {
      stored = await storeIngestPart(shards, body, detection);
      message.ack();
    } catch (error) {
      const delaySeconds = retryDelaySeconds(message.attempts, retryBaseSeconds);
      console.error(
        `ingest queue: storing part of batch ${body.batchId} failed (attempt ${message.attempts}), retrying in ${delaySeconds}s: ${(error as Error).message}`,
      );
      message.retry({ delaySeconds });
      continue;
    }
    await detection.notify(stored.newAlerts);
  }
}
