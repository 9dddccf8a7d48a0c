/**
 * The archive's layout in R2: one or more objects per UTC day, each a gzip-compressed NDJSON file
 * of whole events table rows (every column, original id included) in id order.
 *
 * The day is the one the events were received on (`received_at`), as retention counts from it:
 * `events/2026-11-01/received-ids-0000000000000101-0000000000001100.ndjson.gz`. The key names the id
 * range it holds, so a key is fixed by its content, ids are zero-padded so a day's keys sort by id, and
 * the last key of a day says how far that day is archived (see retention-run.ts).
 *
 * Archives written before retention counted from arrival are keyed by the events' own day and named
 * `ids-…` (`events/2026-10-14/ids-….ndjson.gz`). They stay restorable as they are, but say nothing
 * about how far a received day is archived, so retention never reads them.
 */
import { DAY_MS } from "../store/epoch-day.ts";
import type { ArchivedEvent } from "../store/event-row.ts";

const ARCHIVE_FORMAT = "edgesiem.events.v1";
export const EVENTS_PREFIX = "events/";
const ID_DIGITS = 16;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const PART_PATTERN = /^events\/(\d{4}-\d{2}-\d{2})\/(received-)?ids-(\d{16})-(\d{16})\.ndjson\.gz$/;

/** The UTC day of an epoch-ms time, as archive keys name it. */
export function dayOf(ts: number): string {
  return new Date(Math.floor(ts / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The day's time range in epoch ms, or undefined when `day` is not a real YYYY-MM-DD date. */
export function dayRange(day: string): { start: number; end: number } | undefined {
  if (!DAY_PATTERN.test(day)) return undefined;
  const start = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(start) || dayOf(start) !== day) return undefined;
  return { start, end: start + DAY_MS };
}

export function dayPrefix(day: string): string {
  return `${EVENTS_PREFIX}${day}/`;
}

/** The key of a part of the events received on `day`. */
export function partKey(day: string, firstId: number, lastId: number): string {
  const pad = (id: number) => String(id).padStart(ID_DIGITS, "0");
  return `${dayPrefix(day)}received-ids-${pad(firstId)}-${pad(lastId)}.ndjson.gz`;
}

/** What a part's day is: when its events were received, or (older archives) their own time. */
export type PartDay = "received" | "event";

export interface PartRange {
  key: string;
  day: string;
  dayOf: PartDay;
  firstId: number;
  lastId: number;
}

/** The day, its meaning and the id range a key names; undefined for any other object in the bucket. */
export function parsePartKey(key: string): PartRange | undefined {
  const match = PART_PATTERN.exec(key);
  if (!match) return undefined;
  const [, day = "", received, first = "", last = ""] = match;
  return { key, day, dayOf: received ? "received" : "event", firstId: Number(first), lastId: Number(last) };
}

/** What R2 keeps beside each object, so a listing tells what a part holds without reading it. */
export function partMetadata(day: string, rows: readonly ArchivedEvent[]): Record<string, string> {
  return {
    format: ARCHIVE_FORMAT,
    day,
    day_of: "received",
    rows: String(rows.length),
    first_id: String(rows[0]?.id ?? 0),
    last_id: String(rows.at(-1)?.id ?? 0),
  };
}

export async function encodePart(rows: readonly ArchivedEvent[]): Promise<Uint8Array> {
  const ndjson = `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`;
  const stream = new Blob([ndjson]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Reads a part back; a line that is not an archived row names the part and line at fault. */
export async function decodePart(key: string, body: ReadableStream<Uint8Array>): Promise<ArchivedEvent[]> {
  const text = await new Response(body.pipeThrough(new DecompressionStream("gzip"))).text();
  const rows: ArchivedEvent[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line === "") continue;
    const row: unknown = JSON.parse(line);
    if (row === null || typeof row !== "object" || !Number.isSafeInteger((row as { id?: unknown }).id)) {
      throw new Error(`${key} line ${index + 1}: not an archived event row`);
    }
    rows.push(row as ArchivedEvent);
  }
  return rows;
}
