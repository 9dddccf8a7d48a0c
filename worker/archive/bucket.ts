/**
 * Reading the archive bucket's layout. Only `list` with prefix, delimiter, cursor and include is
 * used, so any R2Bucket implementation (R2 itself, the local one, the Deno host's directory) fits.
 */
import { dayPrefix, EVENTS_PREFIX, type PartRange, parsePartKey } from "./format.ts";

export interface ArchivedPart extends PartRange {
  size: number;
  uploaded: Date;
  /** From the object's custom metadata; undefined when the listing was made without it. */
  rows: number | undefined;
}

/**
 * Every part of the day in key order: older event-day parts first, then received-day parts, each in
 * id order. A restore continues after a key, so this is the order it goes through them in.
 */
export async function listParts(
  bucket: R2Bucket,
  day: string,
  options: { withMetadata?: boolean } = {},
): Promise<ArchivedPart[]> {
  const parts: ArchivedPart[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({
      prefix: dayPrefix(day),
      ...(cursor ? { cursor } : {}),
      ...(options.withMetadata ? { include: ["customMetadata" as const] } : {}),
    });
    for (const object of page.objects) {
      const range = parsePartKey(object.key);
      if (!range) continue;
      const rows = Number(object.customMetadata?.rows);
      parts.push({
        ...range,
        size: object.size,
        uploaded: object.uploaded,
        rows: Number.isSafeInteger(rows) ? rows : undefined,
      });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The highest id the received day's archive holds, 0 when it has none. Parts keyed by the events'
 * own day are left out: they hold that day's events, whenever received, so their ids say nothing
 * about which of the events received on the day are archived.
 */
export function archivedThrough(parts: readonly PartRange[]): number {
  return parts.reduce((highest, part) => (part.dayOf === "received" ? Math.max(highest, part.lastId) : highest), 0);
}

/** The days that have archive objects, oldest first. */
export async function listArchivedDays(bucket: R2Bucket): Promise<string[]> {
  const days: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: EVENTS_PREFIX, delimiter: "/", ...(cursor ? { cursor } : {}) });
    for (const prefix of page.delimitedPrefixes) days.push(prefix.slice(EVENTS_PREFIX.length, -1));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return days.sort();
}
