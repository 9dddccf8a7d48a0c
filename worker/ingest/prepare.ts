/** Normalises every record of a batch, keeping each one's index so errors and resends line up. */
import type { NormalisedEvent } from "../model/event.ts";
import { MAX_EVENT_BYTES } from "./limits.ts";
import { normaliseRecord } from "./normalise.ts";

export interface PreparedEvent {
  index: number;
  event: NormalisedEvent;
  /** The original record as stored in `events.raw`. */
  rawJson: string;
}

export interface Rejection {
  index: number;
  error: string;
}

export interface PreparedBatch {
  events: PreparedEvent[];
  rejected: Rejection[];
}

const encoder = new TextEncoder();

export function prepareRecord(record: unknown, index: number, receivedAt: number): PreparedEvent | Rejection {
  const rawJson = JSON.stringify(record) ?? "null";
  if (rawJson.length > MAX_EVENT_BYTES / 4 && encoder.encode(rawJson).byteLength > MAX_EVENT_BYTES) {
    return { index, error: `event is larger than ${MAX_EVENT_BYTES} bytes` };
  }
  const result = normaliseRecord(record, { receivedAt });
  if (!result.ok) return { index, error: result.error };
  return { index, event: result.event, rawJson };
}

/** `indexes` gives each record's position in the original batch when it is a part of one. */
export function prepareBatch(
  records: readonly unknown[],
  receivedAt: number,
  indexes?: readonly number[],
): PreparedBatch {
  const events: PreparedEvent[] = [];
  const rejected: Rejection[] = [];
  records.forEach((record, i) => {
    const outcome = prepareRecord(record, indexes?.[i] ?? i, receivedAt);
    if ("event" in outcome) events.push(outcome);
    else rejected.push(outcome);
  });
  return { events, rejected };
}
