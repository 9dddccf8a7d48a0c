/**
 * What ingest refuses in an event that otherwise reads: records nested too deep for the search to
 * read back, and events dated implausibly far ahead of their arrival. Both are answered per event,
 * by index, so the rest of the batch is stored.
 */
import { MAX_EVENT_DEPTH, MAX_FUTURE_SKEW_MS } from "./limits.ts";

/** How deep `value` nests objects and arrays, counted up to `limit + 1` and no further. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== "object") continue;
    const here = depth + 1;
    if (here > limit) return here;
    if (here > deepest) deepest = here;
    for (const child of Object.values(item)) stack.push([child, here]);
  }
  return deepest;
}

/** Why the record may not be read at all, or null. */
export function recordRefusal(record: unknown): string | null {
  return nestingDepth(record, MAX_EVENT_DEPTH) > MAX_EVENT_DEPTH
    ? `event nests objects or arrays more than ${MAX_EVENT_DEPTH} deep`
    : null;
}

function describeTime(ts: number): string {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? `${ts} ms since 1970` : date.toISOString();
}

/** Why the normalised event may not be stored, or null. */
export function eventRefusal(ts: number, receivedAt: number): string | null {
  if (ts - receivedAt <= MAX_FUTURE_SKEW_MS) return null;
  return `event time ${describeTime(ts)} is more than ${MAX_FUTURE_SKEW_MS / 3_600_000} hours after it was received (${describeTime(receivedAt)})`;
}
