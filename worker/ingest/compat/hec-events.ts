/**
 * Splunk HEC bodies -> records for the normal ingest path. `/services/collector/event` takes JSON
 * event objects, one after another with or without whitespace between them (Splunk's own batching);
 * `/services/collector/raw` takes lines of text. A string event becomes `{"message": ...}`, so a
 * syslog line is read by the auth-log adapter; an object event is kept as it is. HEC's metadata
 * fills what the event lacks (`host`, `@timestamp`) and the rest is kept under `splunk.*`.
 */
import { isRecord } from "../../sources/common/values.ts";
import { HEC, type HecReply } from "./hec-replies.ts";

/** Request-wide metadata: the query string of `/raw` (and the defaults of `/event`). */
export interface HecMetadata {
  host: string | null;
  source: string | null;
  sourcetype: string | null;
  index: string | null;
}

type Refusal = { ok: false; reply: HecReply; invalidEventNumber?: number };
export type HecParse = { ok: true; records: Record<string, unknown>[] } | Refusal;

const refuse = (reply: HecReply, invalidEventNumber?: number): Refusal => ({ ok: false, reply, invalidEventNumber });

const METADATA_KEYS = ["source", "sourcetype", "index"] as const;

/** The end of the JSON value starting at `start` (an object), or -1 if the text ends first. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Splits `{...}{...} {...}` into its objects, or names (from 0) the first that is not valid JSON. */
function splitObjects(text: string): { ok: true; values: unknown[] } | { ok: false; at: number } {
  const values: unknown[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) return { ok: true, values };
    if (text[i] !== "{") return { ok: false, at: values.length };
    const end = objectEnd(text, i);
    if (end < 0) return { ok: false, at: values.length };
    try {
      values.push(JSON.parse(text.slice(i, end)));
    } catch {
      return { ok: false, at: values.length };
    }
    i = end;
  }
}

const textOf = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : null;

/** HEC `time` is epoch seconds, a number or a numeric string, with optional fractions. */
function hecTime(value: unknown): string | null | "invalid" {
  if (value === undefined || value === null || value === "") return null;
  const seconds = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0) return "invalid";
  const date = new Date(Math.round(seconds * 1000));
  return Number.isNaN(date.getTime()) ? "invalid" : date.toISOString();
}

function withMetadata(
  event: Record<string, unknown>,
  meta: HecMetadata,
  timestamp: string | null,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const record: Record<string, unknown> = { ...event };
  for (const [name, value] of Object.entries(fields)) if (!(name in record)) record[name] = value;
  if (meta.host !== null && record.host === undefined) record.host = meta.host;
  if (timestamp !== null && record["@timestamp"] === undefined) record["@timestamp"] = timestamp;
  const splunk: Record<string, string> = {};
  for (const key of METADATA_KEYS) {
    const value = meta[key];
    if (value !== null) splunk[key] = value;
  }
  if (Object.keys(splunk).length > 0) record.splunk = splunk;
  return record;
}

function eventRecord(
  value: unknown,
  number: number,
  defaults: HecMetadata,
): { ok: true; record: Record<string, unknown> } | Refusal {
  if (!isRecord(value)) return refuse(HEC.invalidDataFormat, number);
  if (!("event" in value)) return refuse(HEC.eventRequired, number);
  const event = value.event;
  if (event === null || event === "" || (isRecord(event) && Object.keys(event).length === 0)) {
    return refuse(HEC.eventBlank, number);
  }
  const time = hecTime(value.time);
  if (time === "invalid") return refuse(HEC.invalidDataFormat, number);
  if (value.fields !== undefined && !isRecord(value.fields)) return refuse(HEC.invalidDataFormat, number);
  const meta: HecMetadata = {
    host: textOf(value.host) ?? defaults.host,
    source: textOf(value.source) ?? defaults.source,
    sourcetype: textOf(value.sourcetype) ?? defaults.sourcetype,
    index: textOf(value.index) ?? defaults.index,
  };
  const body = isRecord(event) ? event : { message: typeof event === "string" ? event : JSON.stringify(event) };
  return { ok: true, record: withMetadata(body, meta, time, isRecord(value.fields) ? value.fields : {}) };
}

/** `/services/collector/event`: every event must be valid, or nothing is ingested (Splunk's numbering, from 0). */
export function parseHecEvents(text: string, defaults: HecMetadata): HecParse {
  if (text.trim() === "") return refuse(HEC.noData);
  const split = splitObjects(text);
  if (!split.ok) return refuse(HEC.invalidDataFormat, split.at);
  const records: Record<string, unknown>[] = [];
  for (const [number, value] of split.values.entries()) {
    const result = eventRecord(value, number, defaults);
    if (!result.ok) return result;
    records.push(result.record);
  }
  return { ok: true, records };
}

/** `/services/collector/raw`: one event per non-empty line, stamped with the request's metadata. */
export function parseHecRaw(text: string, meta: HecMetadata): HecParse {
  const lines = text
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.trim() !== "");
  if (lines.length === 0) return refuse(HEC.noData);
  return { ok: true, records: lines.map((line) => withMetadata({ message: line }, meta, null, {})) };
}
