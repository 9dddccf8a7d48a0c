/**
 * The ingest write: a batch (or one queued part of it) and what detection decided for it, stored
 * in ONE D1 batch (one round trip, one transaction): exception hit counts, correlation state,
 * volume rollups, events, hosts, the agent token's last use, the batch record and its alerts. The
 * alerts it created and touched are read back from that batch by name. Writing the same events
 * again stores, counts and alerts nothing twice (each statement says how).
 */
import type { AlertCandidate } from "../model/alert-candidate.ts";
import type { BatchDetection } from "../model/batch-detection.ts";
import type { BatchMeta } from "../model/ingest-batch.ts";
import type { PreparedEvent } from "../model/prepared-event.ts";
import { alertStatements, newWriteId } from "./alert-write.ts";
import { batchWriteStatements } from "./batch-write.ts";
import { correlationStateStatements } from "./correlation-state.ts";
import type { StoreHandle } from "./handle.ts";
import { exceptionHitStatement } from "./ingest-exceptions.ts";
import { NamedBatch } from "./named-batch.ts";

/** An alert the write created, with its state after the write. */
export interface NewAlert {
  id: number;
  candidate: AlertCandidate;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

export interface IngestWrite {
  /** How many alerts the write created or added events to. */
  alertsTouched: number;
  newAlerts: NewAlert[];
}

export interface IngestWriteOptions {
  dedupWindowMs: number;
  /** The write's time (stored_at, updated_at, created_at). */
  now: number;
}

type ResultRole = "created alerts" | "touched alerts";

interface CreatedRow {
  id: number;
  dedup_key: string;
  first_seen: number;
}

interface TouchedRow {
  id: number;
  count: number;
  first_seen: number;
  last_seen: number;
}

function newAlerts(
  candidates: readonly AlertCandidate[],
  created: readonly CreatedRow[],
  touched: ReadonlyMap<number, TouchedRow>,
): NewAlert[] {
  return created.flatMap((row) => {
    const candidate = candidates.find((c) => c.dedupKey === row.dedup_key && c.firstTs === row.first_seen);
    if (!candidate) return [];
    const state = touched.get(row.id);
    return [
      {
        id: row.id,
        candidate,
        count: state?.count ?? candidate.events.length,
        firstSeen: state?.first_seen ?? candidate.firstTs,
        lastSeen: state?.last_seen ?? candidate.lastTs,
      },
    ];
  });
}

export async function writeIngestBatch(
  store: StoreHandle,
  meta: BatchMeta,
  events: readonly PreparedEvent[],
  detection: BatchDetection,
  options: IngestWriteOptions,
): Promise<IngestWrite> {
  const { d1 } = store;
  const batch = new NamedBatch<ResultRole>();
  const first = events[0];
  if (first) {
    // Guarded by "this part's first event is not stored yet" against a concurrent write of the same
    // part, so these run before the events insert.
    const marker = { batchId: meta.batchId, batchIndex: first.index };
    const hits = exceptionHitStatement(d1, detection.exceptionHits, marker, meta.receivedAt);
    if (hits) batch.add([hits]);
    batch.add(correlationStateStatements(d1, detection.correlationChanges, marker, options.now));
  }
  batch.add(batchWriteStatements(d1, meta, events, detection.ruleHits, options.now));
  const alerts = alertStatements(d1, detection.candidates, options.dedupWindowMs, newWriteId(), options.now);
  batch.add(alerts.create, "created alerts");
  batch.add(alerts.link);
  if (alerts.refresh) batch.add([alerts.refresh], "touched alerts");
  const results = await batch.run(d1);
  const touched = new Map(results.rows<TouchedRow>("touched alerts").map((row) => [row.id, row]));
  const created = results.rows<CreatedRow>("created alerts");
  return { alertsTouched: touched.size, newAlerts: newAlerts(detection.candidates, created, touched) };
}
