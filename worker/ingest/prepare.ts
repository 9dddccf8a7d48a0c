/** Normalises every record of a batch, keeping each one's index so errors and resends line up. */
import type { PreparedEvent, Rejection } from "../model/prepared-event.ts";
import { eventRefusal, recordRefusal } from "./admission.ts";
import { FORMATS, type FormatName } from "./formats.ts";
import { MAX_EVENT_BYTES } from "./limits.ts";

export interface PreparedBatch {
  events: PreparedEvent[];
  rejected: Rejection[];
}

const encoder = new TextEncoder();

export function prepareRecord(
  record: unknown,
  index: number,
  receivedAt: number,
  format: FormatName = "auto",
): PreparedEvent | Rejection {
  const rawJson = JSON.stringify(record) ?? "null";
  if (rawJson.length > MAX_EVENT_BYTES / 4 && encoder.encode(rawJson).byteLength > MAX_EVENT_BYTES) {
    return { index, error: `event is larger than ${MAX_EVENT_BYTES} bytes` };
  }
  const result = FORMATS[format](record, { receivedAt });
  if (!result.ok) return { index, error: result.error };
  // A source may store the record with what it derived from it (Zeek's ECS fields, for the search).
  if (result.event.raw === record) return { index, format, event: result.event, rawJson };
  const storedJson = JSON.stringify(result.event.raw) ?? "null";
  if (encoder.encode(storedJson).byteLength > MAX_EVENT_BYTES) {
    return { index, error: `event is larger than ${MAX_EVENT_BYTES} bytes` };
  }
  return { index, format, event: result.event, rawJson: storedJson };
}

export interface RecordOptions {
  /** Each record's position in the original batch, when these are a part of one. */
  indexes?: readonly number[];
  /** Each record's format; "auto" where absent. */
  formats?: readonly FormatName[];
}

export function prepareBatch(
  records: readonly unknown[],
  receivedAt: number,
  options: RecordOptions = {},
): PreparedBatch {
  const events: PreparedEvent[] = [];
  const rejected: Rejection[] = [];
  records.forEach((record, i) => {
    const index = options.indexes?.[i] ?? i;
    const refusal = recordRefusal(record);
    if (refusal !== null) {
      rejected.push({ index, error: refusal });
      return;
    }
    const outcome = prepareRecord(record, index, receivedAt, options.formats?.[i]);
    const ahead = "event" in outcome ? eventRefusal(outcome.event.ts, receivedAt) : null;
    if (ahead !== null) rejected.push({ index, error: ahead });
    else if ("event" in outcome) events.push(outcome);
    else rejected.push(outcome);
  });
  return { events, rejected };
}
