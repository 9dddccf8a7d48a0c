/** A record of a batch as ingest normalised it, and a record it could not take. */
import type { NormalisedEvent } from "./event.ts";

export interface PreparedEvent {
  /** The record's position in its batch; with the batch id, what makes a stored event unique. */
  index: number;
  /** The format it was read in (ingest/formats.ts), kept so the retry queue reads it the same way. */
  format: string;
  event: NormalisedEvent;
  /** The original record as stored in `events.raw`. */
  rawJson: string;
}

export interface Rejection {
  index: number;
  error: string;
}
