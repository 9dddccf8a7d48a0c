/** Reading the list endpoints' shared query parameters: a time range and a page size. */
import { ApiError } from "./api-error.ts";
import { positiveIntParam } from "./body.ts";
import type { AppContext } from "./context.ts";

const DEFAULT_RANGE_MS = 24 * 60 * 60 * 1000;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

export function timeParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ApiError(400, `'${name}' must be an ISO date or epoch milliseconds`);
  return ms;
}

/** `from`/`to`, defaulting to the last day up to now. */
export function timeRangeParams(c: AppContext): { from: number; to: number } {
  const to = timeParam(c.req.query("to"), "to", Date.now() + 1);
  const from = timeParam(c.req.query("from"), "from", to - DEFAULT_RANGE_MS);
  if (from >= to) throw new ApiError(400, "'from' must be before 'to'");
  return { from, to };
}

/** `limit`, a positive integer capped at MAX_LIMIT. */
export function limitParam(c: AppContext): number {
  const text = c.req.query("limit");
  return text === undefined ? DEFAULT_LIMIT : Math.min(positiveIntParam(text, "limit"), MAX_LIMIT);
}
