/** What the ingest write records about a batch besides its events, the same for a whole batch and each queued part. */
import type { Rejection } from "./prepared-event.ts";

export interface BatchMeta {
  batchId: string;
  tokenId: string | null;
  bodyHash: string;
  receivedAt: number;
  /** How many valid events the whole batch has (a queued part holds only some of them). */
  expected: number;
  rejected: Rejection[];
  /** The import the batch belongs to (worker/imports/), or null for a shipper's batch. */
  importId: string | null;
}
