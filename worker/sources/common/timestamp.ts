/**
 * Event-time parsing shared by every adapter. Parsing is strict and written out rather than left to
 * `Date.parse`, whose handling of anything but full ISO strings differs between engines and reads a
 * zone-less "2024-01-02 03:04:05" as local time.
 */
import { isRecord, quote } from "./values.ts";

export type TimestampResult = { ok: true; ts: number } | { ok: false; error: string };

/** ISO 8601 / RFC 3339 and the "YYYY-MM-DD HH:MM:SS.fff" form; any fraction length, no zone = UTC. */
const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
/** PowerShell 5.1's ConvertTo-Json date; the optional offset is display-only, the number is UTC ms. */
const MS_AJAX = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;
const NUMERIC = /^\d+(?:\.\d+)?$/;
/** The range a JavaScript Date can hold. */
const MAX_MS = 8.64e15;

/** Epoch numbers carry no unit, so it is read from the magnitude: s < 1e11 <= ms < 1e14 <= us < 1e17 <= ns. */
function fromEpoch(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1e3);
  return Math.round(value / 1e6);
}

function fromIsoLike(value: string): number | null {
  const m = ISO_LIKE.exec(value);
  if (!m) return null;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "", zone = "Z"] = m;
  const ms = Number(fraction.slice(0, 3).padEnd(3, "0"));
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    ms,
  );
  const check = new Date(local);
  // Date.UTC rolls "02-30" over to March and maps years 0-99 to 19xx; a round trip catches both.
  if (
    check.getUTCFullYear() !== Number(year) ||
    check.getUTCMonth() !== Number(month) - 1 ||
    check.getUTCDate() !== Number(day) ||
    check.getUTCHours() !== Number(hour) ||
    check.getUTCMinutes() !== Number(minute) ||
    check.getUTCSeconds() !== Number(second)
  ) {
    return null;
  }
  return local - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string): number {
  if (zone === "Z" || zone === "z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
  return (zone.startsWith("-") ? -1 : 1) * minutes * 60_000;
}

/**
 * A date from a string (ISO, "YYYY-MM-DD HH:MM:SS", MS-AJAX, digits), an epoch number, or
 * PowerShell's wrapped `{"value": "/Date(..)/"}`; null if the value is none of these.
 */
export function parseDate(value: unknown): number | null {
  let ms: number | null = null;
  if (typeof value === "number") ms = fromEpoch(value);
  else if (isRecord(value)) return parseDate(typeof value.value === "string" ? value.value : undefined);
  else if (typeof value === "string") {
    const trimmed = value.trim();
    const ajax = MS_AJAX.exec(trimmed);
    if (ajax) ms = Number(ajax[1]);
    else if (NUMERIC.test(trimmed)) ms = fromEpoch(Number(trimmed));
    else ms = fromIsoLike(trimmed);
  }
  return ms !== null && Math.abs(ms) <= MAX_MS ? ms : null;
}

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/**
 * The event time from the first candidate field that is present. A present value that is not a date
 * is an error, not a reason to try the next field: a wrong time must never be stored silently.
 */
export function timestampFrom(record: Record<string, unknown>, candidates: readonly string[]): TimestampResult {
  for (const field of candidates) {
    const value = record[field];
    if (isAbsent(value)) continue;
    const ts = parseDate(value);
    if (ts === null) return { ok: false, error: `timestamp ${quote(value)} in field '${field}' is not a date` };
    return { ok: true, ts };
  }
  return { ok: false, error: `no parsable timestamp (looked for ${candidates.join(", ")})` };
}
