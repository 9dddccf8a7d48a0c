/**
 * The edge of the ingest path: load what detection needs, detect (pure), and store the batch with
 * its detection through the store's one ingest write, or, when that fails, hand the batch to the
 * retry queue. The caller answers the agent only after one of the two succeeded. The queue
 * consumer stores its parts through `storeBatch` too, so detection runs the same way on both paths.
 */
import { finishDetection, matchBatch } from "../alerts/detect-batch.ts";
import type { DetectionSettings } from "../alerts/settings.ts";
import type { BatchDetection } from "../model/batch-detection.ts";
import type { BatchMeta } from "../model/ingest-batch.ts";
import type { PreparedEvent } from "../model/prepared-event.ts";
import { type AlertNotice, alertLink } from "../notify/types.ts";
import { buildPartMessages, groupForSend, type IngestPartMessage } from "../queue/messages.ts";
import { loadCorrelationGroups } from "../store/correlation-state.ts";
import type { StoreHandle } from "../store/handle.ts";
import { partStored } from "../store/ingest-batches.ts";
import { loadExceptions } from "../store/ingest-exceptions.ts";
import { type NewAlert, writeIngestBatch } from "../store/ingest-write.ts";

export interface StoredBatch {
  /** Alerts this write raised or added events to. */
  alerts: number;
  /** The alerts this write created, for notifications. */
  newAlerts: AlertNotice[];
}

export type StoreOutcome = ({ stored: true } & StoredBatch) | { stored: false; queuedParts: number; cause: string };

export class StorageUnavailableError extends Error {}

const NO_DETECTION: BatchDetection = {
  candidates: [],
  exceptionHits: new Map(),
  ruleHits: new Map(),
  correlationChanges: { upsert: {}, remove: [] },
};

async function detect(
  store: StoreHandle,
  batchId: string,
  events: readonly PreparedEvent[],
  settings: DetectionSettings,
): Promise<BatchDetection> {
  const first = events[0];
  if (first === undefined) return NO_DETECTION;
  const [stored, ruleSet, exceptions] = await Promise.all([
    partStored(store, batchId, first.index),
    settings.loadRuleSet(),
    loadExceptions(store),
  ]);
  // Its detection was stored with it; running it again would feed correlations the same events twice.
  if (stored) return NO_DETECTION;
  const matched = matchBatch(ruleSet, batchId, events, exceptions);
  const loaded = await loadCorrelationGroups(store, matched.groupKeys);
  return finishDetection(matched, loaded, settings.dedupWindowMs);
}

function notice({ id, candidate, count, firstSeen, lastSeen }: NewAlert): AlertNotice {
  return {
    alertId: id,
    ruleId: candidate.rule.id,
    title: candidate.rule.title,
    level: candidate.rule.level,
    tags: [...candidate.rule.tags],
    host: candidate.host,
    firstSeen,
    lastSeen,
    count,
    keyFields: candidate.keyFields,
    link: alertLink(id),
  };
}

/**
 * Detects and stores one batch (or one queued part of it) in ONE D1 batch. Writing the same events
 * again stores, counts and alerts nothing twice.
 */
export async function storeBatch(
  store: StoreHandle,
  meta: BatchMeta,
  events: readonly PreparedEvent[],
  settings: DetectionSettings,
): Promise<StoredBatch> {
  const now = Date.now();
  const detection = await detect(store, meta.batchId, events, settings);
  const written = await writeIngestBatch(store, meta, events, detection, {
    dedupWindowMs: settings.dedupWindowMs,
    now,
  });
  return { alerts: written.alertsTouched, newAlerts: written.newAlerts.map(notice) };
}

export async function storeOrEnqueue(
  store: StoreHandle,
  queue: Queue<unknown>,
  meta: BatchMeta,
  events: readonly PreparedEvent[],
  settings: DetectionSettings,
): Promise<StoreOutcome> {
  let stored: StoredBatch;
  try {
    stored = await storeBatch(store, meta, events, settings);
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
        importId: meta.importId,
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
  await settings.notify(stored.newAlerts);
  return { stored: true, ...stored };
}
