/**
 * What goes to INGEST_QUEUE when D1 cannot take a batch: the batch's valid records (not their
 * normalised form: the consumer runs normalisation again, so a fix to an adapter also applies to
 * batches waiting in the queue), split into parts that each fit one queue message.
 */
import type { BatchMeta } from "../model/ingest-batch.ts";
import type { PreparedEvent, Rejection } from "../model/prepared-event.ts";
import { MAX_STORED_REJECTIONS } from "../store/batch-write.ts";

/** Queues take 128 KB per message; leave room for the envelope. */
export const MAX_MESSAGE_BYTES = 120 * 1024;
/** sendBatch takes at most 100 messages and 256 KB in one call. */
const MAX_SEND_MESSAGES = 100;
const MAX_SEND_BYTES = 250 * 1024;

/** A part of a batch: the batch's record (only the first part carries its rejections) and some records. */
export interface IngestPartMessage extends BatchMeta {
  kind: "ingest-part";
  /** Each record as it was received, with its index in the original batch and its format when not auto. */
  records: QueuedRecord[];
}

export interface QueuedRecord {
  index: number;
  raw: string;
  /** A format name of ingest/formats.ts; the consumer reads an unknown one as auto. */
  format?: string;
}

const encoder = new TextEncoder();

function byteLength(text: string) {
  return encoder.encode(text).byteLength;
}

export function buildPartMessages(
  meta: Omit<IngestPartMessage, "kind" | "records" | "rejected">,
  rejected: Rejection[],
  events: readonly PreparedEvent[],
): { body: IngestPartMessage; bytes: number }[] {
  const parts: { body: IngestPartMessage; bytes: number }[] = [];
  const envelope = (records: IngestPartMessage["records"]): IngestPartMessage => ({
    kind: "ingest-part",
    ...meta,
    rejected: parts.length === 0 ? rejected.slice(0, MAX_STORED_REJECTIONS) : [],
    records,
  });
  let records: IngestPartMessage["records"] = [];
  let size = byteLength(JSON.stringify(envelope([])));
  const flush = () => {
    const body = envelope(records);
    parts.push({ body, bytes: byteLength(JSON.stringify(body)) });
    records = [];
    size = byteLength(JSON.stringify(envelope([])));
  };
  for (const { index, rawJson, format } of events) {
    // Measured as it travels, a string inside the message's JSON: quotes and backslashes double.
    const entrySize = byteLength(JSON.stringify(rawJson)) + 64;
    if (records.length > 0 && size + entrySize > MAX_MESSAGE_BYTES) flush();
    records.push(format === "auto" ? { index, raw: rawJson } : { index, raw: rawJson, format });
    size += entrySize;
  }
  if (records.length > 0 || parts.length === 0) flush();
  return parts;
}

/** Groups messages into sendBatch calls that respect the per-call count and size limits. */
export function groupForSend<T extends { bytes: number }>(messages: T[]): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let size = 0;
  for (const message of messages) {
    if (group.length > 0 && (group.length >= MAX_SEND_MESSAGES || size + message.bytes > MAX_SEND_BYTES)) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(message);
    size += message.bytes;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

export function isIngestPart(body: unknown): body is IngestPartMessage {
  return typeof body === "object" && body !== null && (body as { kind?: unknown }).kind === "ingest-part";
}
