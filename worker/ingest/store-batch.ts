/**
 * The edge of the ingest path: store a prepared batch in one D1 batch, or, when D1 fails, hand it
 * to the retry queue. The caller answers the agent only after one of the two succeeded.
 */
import { buildPartMessages, groupForSend, type IngestPartMessage } from "../queue/messages.ts";
import { type BatchMeta, batchWriteStatements } from "../store/batch-write.ts";
import type { PreparedEvent } from "./prepare.ts";

export type StoreOutcome = { stored: true } | { stored: false; queuedParts: number; cause: string };

export class StorageUnavailableError extends Error {}

export async function storeOrEnqueue(
  d1: D1Database,
  queue: Queue<unknown>,
  meta: BatchMeta,
  events: PreparedEvent[],
): Promise<StoreOutcome> {
  try {
    await d1.batch(batchWriteStatements(d1, meta, events));
    return { stored: true };
  } catch (error) {
    const cause = (error as Error).message;
    console.error(`ingest: D1 write of batch ${meta.batchId} failed, sending it to the retry queue: ${cause}`);
    const parts = buildPartMessages(
      {
        batchId: meta.batchId,
        tokenId: meta.tokenId,
        bodyHash: meta.bodyHash,
        receivedAt: meta.receivedAt,
        expected: meta.expected,
      },
      meta.rejected,
      events,
    );
    try {
      for (const group of groupForSend(parts)) {
        await queue.sendBatch(group.map((part) => ({ body: part.body satisfies IngestPartMessage })));
      }
    } catch (queueError) {
      throw new StorageUnavailableError(
        `storage and retry queue both unavailable (${cause}; ${(queueError as Error).message})`,
      );
    }
    return { stored: false, queuedParts: parts.length, cause };
  }
}
