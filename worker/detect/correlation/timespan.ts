/**
 * Sigma correlation `timespan`: a positive whole number and a lower-case unit. The spec lists
 * s, m, h and d; `w` is accepted too, as pySigma does. pySigma's month and year units are refused:
 * their length varies, and a window that long is better expressed in days.
 */
const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const TIMESPAN = /^([0-9]+)([a-zA-Z])$/;

export function parseTimespan(value: unknown): { ok: true; ms: number } | { ok: false; reason: string } {
  const text = typeof value === "number" ? String(value) : value;
  const m = typeof text === "string" ? TIMESPAN.exec(text.trim()) : null;
  if (!m) return { ok: false, reason: `timespan '${String(value)}' is not a number and a unit (e.g. 5m, 1h, 2d)` };
  const unitMs = UNIT_MS[m[2] ?? ""];
  if (unitMs === undefined) {
    return { ok: false, reason: `timespan '${text}': unit '${m[2]}' is not one of s, m, h, d, w` };
  }
  const count = Number(m[1]);
  if (count <= 0) return { ok: false, reason: `timespan '${text}' must be longer than zero` };
  return { ok: true, ms: count * unitMs };
}
