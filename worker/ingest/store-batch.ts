/**
 * The edge of the ingest path: detect and store a prepared batch in one D1 batch, or, when D1
 * fails, hand it to the retry queue. The caller answers the agent only after one of the two
 * succeeded. The queue consumer stores its parts through `storeBatch` too, so detection runs the
 * same way on both paths.
 */
import { alertStatements, newWriteId } from "../alerts/alert-statements.ts";
import type { AlertCandidate } from "../alerts/candidates.ts";
import { correlationStateStatements, loadCorrelationGroups } from "../alerts/correlation-store.ts";
import { type BatchDetection, finishDetection, matchBatch } from "../alerts/detect-batch.ts";
import { exceptionHitStatement } from "../alerts/exception-statements.ts";
import type { DetectionSettings } from "../alerts/settings.ts";
import { type AlertNotice, alertLink } from "../notify/types.ts";
import { buildPartMessages, groupForSend, type IngestPartMessage } from "../queue/messages.ts";
import { type BatchMeta, batchWriteStatements } from "../store/batch-write.ts";
import { loadExceptions } from "../store/exceptions.ts";
import type { PreparedEvent } from "./prepare.ts";

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

/** Whether this part's events were stored before (a resend or retry): all or none of them are. */
async function partStored(d1: D1Database, batchId: string, first: PreparedEvent): Promise<boolean> {
  const row = await d1
    .prepare("SELECT 1 AS stored FROM events WHERE batch_id = ? AND batch_index = ?")
    .bind(batchId, first.index)
    .first();
  return row !== null;
}

async function detect(
  d1: D1Database,
  batchId: string,
  events: readonly PreparedEvent[],
  settings: DetectionSettings,
): Promise<BatchDetection> {
  const first = events[0];
  if (first === undefined) return NO_DETECTION;
  const [stored, ruleSet, exceptions] = await Promise.all([
    partStored(d1, batchId, first),
    settings.loadRuleSet(),
    loadExceptions(d1),
  ]);
  // Its detection was stored with it; running it again would feed correlations the same events twice.
  if (stored) return NO_DETECTION;
  const matched = matchBatch(ruleSet, events, exceptions);
  const loaded = await loadCorrelationGroups(d1, matched.groupKeys);
  return finishDetection(matched, loaded, settings.dedupWindowMs);
}

function notices(
  candidates: readonly AlertCandidate[],
  created: { id: number; dedup_key: string; first_seen: number }[],
  touched: Map<number, { count: number; first_seen: number; last_seen: number }>,
): AlertNotice[] {
  return created.flatMap((row) => {
    const candidate = candidates.find((c) => c.dedupKey === row.dedup_key && c.firstTs === row.first_seen);
    if (!candidate) return [];
    const state = touched.get(row.id);
    return [
      {
        alertId: row.id,
        ruleId: candidate.rule.id,
        title: candidate.rule.title,
        level: candidate.rule.level,
        tags: [...candidate.rule.tags],
        host: candidate.host,
        firstSeen: state?.first_seen ?? candidate.firstTs,
        lastSeen: state?.last_seen ?? candidate.lastTs,
        count: state?.count ?? candidate.events.length,
        keyFields: candidate.keyFields,
        link: alertLink(row.id),
      },
    ];
  });
}

/**
 * Detects and stores one batch (or one queued part of it) in ONE D1 batch: exception hit counts,
 * correlation state, events, alerts, host last-seen and the batch record. Writing the same events
 * again stores, counts and alerts nothing twice.
 */
export async function storeBatch(
  d1: D1Database,
  meta: BatchMeta,
  events: PreparedEvent[],
  settings: DetectionSettings,
): Promise<StoredBatch> {
  const now = Date.now();
  const detection = await detect(d1, meta.batchId, events, settings);
  const statements: D1PreparedStatement[] = [];
  const first = events[0];
  if (first) {
    // Guarded by "this part's first event is not stored yet" against a concurrent write of the same
    // part, so these run before the events insert.
    const marker = { batchId: meta.batchId, batchIndex: first.index };
    const hits = exceptionHitStatement(d1, detection.exceptionHits, marker, meta.receivedAt);
    if (hits) statements.push(hits);
    statements.push(...correlationStateStatements(d1, detection.correlationChanges, marker, now));
  }
  statements.push(...batchWriteStatements(d1, meta, events, detection.ruleHits, now));
  const alertWrite = alertStatements(
    d1,
    meta.batchId,
    detection.candidates,
    settings.dedupWindowMs,
    newWriteId(),
    now,
    statements.length,
  );
  statements.push(...alertWrite.statements);
  const results = await d1.batch(statements);
  if (alertWrite.refreshAt === null) return { alerts: 0, newAlerts: [] };
  const refreshed = (results[alertWrite.refreshAt]?.results ?? []) as {
    id: number;
    count: number;
    first_seen: number;
    last_seen: number;
  }[];
  const touched = new Map(refreshed.map((row) => [row.id, row]));
  const created = alertWrite.createAt.flatMap(
    (at) => (results[at]?.results ?? []) as { id: number; dedup_key: string; first_seen: number }[],
  );
  return { alerts: touched.size, newAlerts: notices(detection.candidates, created, touched) };
}

export async function storeOrEnqueue(
  d1: D1Database,
  queue: Queue<unknown>,
  meta: BatchMeta,
  events: PreparedEvent[],
  settings: DetectionSettings,
): Promise<StoreOutcome> {
  let stored: StoredBatch;
  try {
    stored = await storeBatch(d1, meta, events, settings);
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
  await settings.notify(stored.newAlerts);
  return { stored: true, ...stored };
}
