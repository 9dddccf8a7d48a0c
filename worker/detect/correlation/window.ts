/**
 * One input applied to one correlation group: the sliding window by event time, the condition,
 * and what the group keeps afterwards. Pure: the group passed in is never modified.
 *
 * Firing: when the condition holds the group fires once, forgets its entries and stays quiet for
 * one timespan (events up to `mutedUntil` are ignored). A burst of 1,000 failed logons against a
 * threshold of 5 therefore raises one firing per timespan, not 200. Conditions are judged as each
 * event arrives, over the window that ends at the newest event, so `lt`/`lte`/`neq` hold from the
 * first event: they are useful mainly in chains, as there is no event when a window closes quietly.
 */
import type { CorrelationRule } from "../types.ts";
import { conditionHolds, entryCap } from "./condition.ts";
import type { GroupState } from "./state.ts";

export interface StepInput {
  ts: number;
  /** Positions of the matched rule in `rule.rules` (temporal types). */
  positions: readonly number[];
  /** The value_count field's value as text; null when the event lacks it. */
  value: string | null;
}

export interface Fired {
  value: number;
  firstTs: number;
  lastTs: number;
}

export interface StepResult {
  /** The group afterwards; null when it holds nothing. */
  group: GroupState | null;
  fired: Fired | null;
}

type Entries =
  | { type: "event_count"; times: number[] }
  | { type: "value_count"; values: Record<string, number> }
  | { type: "temporal"; seen: (number | null)[] }
  | { type: "temporal_ordered"; starts: (number | null)[] };

/** A group saved under an older version of the rule (another type or rule count) starts over. */
function usable(rule: CorrelationRule, group: GroupState | undefined): GroupState | null {
  if (group === undefined || group.type !== rule.type) return null;
  if (group.type === "temporal" && group.seen.length !== rule.rules.length) return null;
  if (group.type === "temporal_ordered" && group.starts.length !== rule.rules.length) return null;
  return group;
}

function emptyEntries(rule: CorrelationRule): Entries {
  const nulls = () => rule.rules.map(() => null);
  switch (rule.type) {
    case "event_count":
      return { type: "event_count", times: [] };
    case "value_count":
      return { type: "value_count", values: {} };
    case "temporal":
      return { type: "temporal", seen: nulls() };
    case "temporal_ordered":
      return { type: "temporal_ordered", starts: nulls() };
  }
}

function insertSorted(times: readonly number[], ts: number): number[] {
  const next = [...times];
  let i = next.length;
  while (i > 0 && (next[i - 1] as number) > ts) i--;
  next.splice(i, 0, ts);
  return next;
}

function countEvents(rule: CorrelationRule, times: readonly number[], ts: number): number[] {
  const next = insertSorted(times, ts);
  const cutoff = (next[next.length - 1] as number) - rule.timespanMs;
  let start = next.findIndex((t) => t >= cutoff);
  start = Math.max(start, next.length - entryCap(rule));
  return next.slice(start);
}

function countValues(rule: CorrelationRule, values: Record<string, number>, ts: number, value: string) {
  const next = { ...values, [value]: Math.max(values[value] ?? ts, ts) };
  const cutoff = Math.max(...Object.values(next)) - rule.timespanMs;
  const kept = Object.entries(next)
    .filter(([, seen]) => seen >= cutoff)
    .sort((a, b) => a[1] - b[1])
    .slice(-entryCap(rule));
  return Object.fromEntries(kept);
}

function latest(slots: readonly (number | null)[], positions: readonly number[], ts: number): (number | null)[] {
  const next = [...slots];
  for (const p of positions) next[p] = Math.max(next[p] ?? ts, ts);
  return next;
}

function prune(slots: readonly (number | null)[], cutoff: number): (number | null)[] {
  return slots.map((t) => (t !== null && t >= cutoff ? t : null));
}

/**
 * The latest start of an in-order chain through rules 0..i, for every i. Positions are applied from
 * the last to the first so one event cannot fill two consecutive places (`rules: [a, a]` needs two).
 */
function advanceChain(
  rule: CorrelationRule,
  starts: readonly (number | null)[],
  positions: readonly number[],
  ts: number,
) {
  const next = prune(starts, ts - rule.timespanMs);
  for (const p of [...positions].sort((a, b) => b - a)) {
    const start = p === 0 ? ts : next[p - 1];
    if (start === null || start === undefined) continue;
    next[p] = Math.max(next[p] ?? start, start);
  }
  return next;
}

function present(slots: readonly (number | null)[]): number[] {
  return slots.filter((t): t is number => t !== null);
}

/** The window after the input, and its count / first / last times. */
function advance(
  rule: CorrelationRule,
  entries: Entries,
  input: StepInput,
): { entries: Entries; window: Fired } | null {
  switch (entries.type) {
    case "event_count": {
      const times = countEvents(rule, entries.times, input.ts);
      const window = { value: times.length, firstTs: times[0] as number, lastTs: times[times.length - 1] as number };
      return { entries: { type: "event_count", times }, window };
    }
    case "value_count": {
      if (input.value === null) return null;
      const values = countValues(rule, entries.values, input.ts, input.value);
      const seen = Object.values(values);
      const window = { value: seen.length, firstTs: Math.min(...seen), lastTs: Math.max(...seen) };
      return { entries: { type: "value_count", values }, window };
    }
    case "temporal": {
      const updated = latest(entries.seen, input.positions, input.ts);
      const seenTimes = prune(updated, Math.max(...present(updated)) - rule.timespanMs);
      const times = present(seenTimes);
      const window = { value: times.length, firstTs: Math.min(...times), lastTs: Math.max(...times) };
      return { entries: { type: "temporal", seen: seenTimes }, window };
    }
    case "temporal_ordered": {
      const starts = advanceChain(rule, entries.starts, input.positions, input.ts);
      const length = starts.findLastIndex((t) => t !== null) + 1;
      const firstTs = length === 0 ? input.ts : (starts[length - 1] as number);
      return { entries: { type: "temporal_ordered", starts }, window: { value: length, firstTs, lastTs: input.ts } };
    }
  }
}

function newestOf(entries: Entries): number | null {
  const times =
    entries.type === "event_count"
      ? entries.times
      : entries.type === "value_count"
        ? Object.values(entries.values)
        : present(entries.type === "temporal" ? entries.seen : entries.starts);
  return times.length === 0 ? null : Math.max(...times);
}

export function stepGroup(rule: CorrelationRule, previous: GroupState | undefined, input: StepInput): StepResult {
  const group = usable(rule, previous);
  if (group !== null && group.mutedUntil !== null && input.ts <= group.mutedUntil) return { group, fired: null };
  const entries: Entries = group === null || group.mutedUntil !== null ? emptyEntries(rule) : group;
  const advanced = advance(rule, entries, input);
  if (advanced === null) return { group: group?.mutedUntil === null ? group : null, fired: null };
  if (advanced.window.value > 0 && conditionHolds(rule, advanced.window.value)) {
    const mutedUntil = advanced.window.lastTs + rule.timespanMs;
    return { group: { ...emptyEntries(rule), mutedUntil, expiresAt: mutedUntil }, fired: advanced.window };
  }
  const newest = newestOf(advanced.entries);
  if (newest === null) return { group: null, fired: null };
  return { group: { ...advanced.entries, mutedUntil: null, expiresAt: newest + rule.timespanMs }, fired: null };
}
