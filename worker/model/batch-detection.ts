/** What detection decided for one batch, everything the ingest write stores besides the events themselves. */
import type { AlertCandidate } from "./alert-candidate.ts";

/** A correlation group's state: plain JSON, kept until the event time it holds nothing after. */
export interface CorrelationGroupState {
  readonly expiresAt: number;
}

export interface BatchDetection {
  candidates: AlertCandidate[];
  /** Exception id -> suppressed hits in this batch. */
  exceptionHits: ReadonlyMap<number, number>;
  /** Batch index -> ids of the rules the event matched (suppressed matches left out). */
  ruleHits: ReadonlyMap<number, readonly string[]>;
  /** Groups to write back by group key, and keys of the groups the batch emptied. */
  correlationChanges: { upsert: Readonly<Record<string, CorrelationGroupState>>; remove: readonly string[] };
}
