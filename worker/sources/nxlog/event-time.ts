/**
 * When an NXLog event happened. NXLog writes `EventTime` in the collecting host's local time: NXLog
 * Community Edition (and the OTRF Security-Datasets) as "YYYY-MM-DD hh:mm:ss" with no zone at all,
 * NXLog Agent by default as ISO 8601 with the host's offset ("2024-02-22T20:38:56.221331+01:00"), or
 * in UTC when `DateFormat` says so (docs.nxlog.co, "Format timestamps" and "Preserve timestamps
 * across time zones"). A shipper behind it (Logstash) may add `@timestamp`, in UTC, when it received
 * the record, usually a few seconds later. Exports made from NXLog's fields name it `TimeCreated`.
 *
 * In order of preference:
 * 1. `EventTime` (or `TimeCreated`) with a zone: exact.
 * 2. A zone-less `EventTime` and `@timestamp`: the host's UTC offset is their difference rounded to
 *    15 minutes (every zone's offset is a multiple of it), so the event keeps its own second; a
 *    shipping delay under 7.5 minutes changes nothing, and a longer one is never worse than taking
 *    `@timestamp` itself. A difference no zone explains (more than 14 hours: a file shipped long
 *    after it was written) says nothing about the zone and is not used.
 * 3. `@timestamp` alone, when there is no `EventTime`.
 * 4. A zone-less `EventTime` and nothing else: read as UTC. Its true instant is unknowable, off by
 *    the host's offset; the record keeps the value as NXLog wrote it.
 */
import { isAbsent, parseDate, type TimestampResult } from "../common/timestamp.ts";
import { quote } from "../common/values.ts";

type Json = Record<string, unknown>;

const LOCAL_TIME_FIELDS = ["EventTime", "TimeCreated"];
const SHIPPER_TIME = "@timestamp";
/** A time of day followed by a zone: "...10:32:22Z", "...10:32:22.5+01:00". */
const ZONED = /\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const QUARTER_HOUR_MS = 15 * 60_000;
/** UTC-12 to UTC+14, the extremes of the world's zones, plus half a quarter hour of delay. */
const MIN_DIFFERENCE_MS = -14 * 3_600_000 - QUARTER_HOUR_MS / 2;
const MAX_DIFFERENCE_MS = 12 * 3_600_000 + QUARTER_HOUR_MS / 2;

function dateOf(record: Json, field: string): { ok: true; ts: number; zoned: boolean } | { ok: false; error: string } {
  const value = record[field];
  const ts = parseDate(value);
  if (ts === null) return { ok: false, error: `timestamp ${quote(value)} in field '${field}' is not a date` };
  return { ok: true, ts, zoned: typeof value === "string" && ZONED.test(value.trim()) };
}

/** The zone-less local time, taken as UTC, moved by the offset `anchor` (a UTC time) implies. */
function anchored(localAsUtc: number, anchor: number): number | null {
  const difference = anchor - localAsUtc;
  if (difference < MIN_DIFFERENCE_MS || difference > MAX_DIFFERENCE_MS) return null;
  return localAsUtc + Math.round(difference / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
}

export function nxlogEventTime(record: Json): TimestampResult {
  const localField = LOCAL_TIME_FIELDS.find((field) => !isAbsent(record[field]));
  const shipper = isAbsent(record[SHIPPER_TIME]) ? null : dateOf(record, SHIPPER_TIME);
  if (shipper !== null && !shipper.ok) return shipper;
  if (localField === undefined) {
    if (shipper === null) {
      return {
        ok: false,
        error: `no parsable timestamp (looked for ${[...LOCAL_TIME_FIELDS, SHIPPER_TIME].join(", ")})`,
      };
    }
    return { ok: true, ts: shipper.ts };
  }
  const local = dateOf(record, localField);
  if (!local.ok) return local;
  if (local.zoned) return { ok: true, ts: local.ts };
  const ts = shipper === null ? null : anchored(local.ts, shipper.ts);
  return { ok: true, ts: ts ?? local.ts };
}
