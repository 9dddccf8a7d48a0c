/**
 * One input applied to one correlation group: the sliding window by event time, the condition,
 * and what the group keeps afterwards. Pure: the group passed in is never modified.
 *
 * Firing: when the condition holds the group fires once, forgets its entries and stays quiet for
 * one timespan (events up to `mutedUntil` are ignored). A burst of 1,000 failed logons against a
 * threshold of 5 therefore raises one firing per timespan, not 200. Conditions are judged as each
 * event arrives, over the window that ends at the newest event, so `lt`/`lte`/`neq` hold from the
 * first event: they are useful mainly in chains, as there is no event when a window closes quietly.
 *
 * The events a quiet group takes are still the burst's: each is handed back as added to the alert
 * the firing raised (its identity kept in `raised`), never counted towards a new firing.
 */
import type { CorrelationRule } from "../types.ts";
import { conditionHolds, entryCap } from "./condition.ts";
import { type EventRefs, mergeRefs, NO_REFS, pruneRefs, soleHost } from "./refs.ts";
import type { GroupState, RaisedAlert } from "./state.ts";

export interface StepInput {
  ts: number;
  /** Positions of the matched rule in `rule.rules` (temporal types). */
  positions: readonly number[];
  /** The `condition.field` value as text (value_* types); null when the event lacks it. */
  value: string | null;
  /** The stored events the input stands for: one event, or a chained firing's. */
  refs: EventRefs;
}

/**
 * The events a value_sum, value_avg or value_percentile group keeps per window: their answer needs
 * every event's value, not a count, so a group is bounded by a number of events instead. Past it,
 * the oldest events of the window drop out of the sum, average or share.
 */
export const MAX_FIELD_ITEMS = 1_000;

type FieldType = "value_sum" | "value_avg" | "value_percentile";

export interface Fired {
  value: number;
  firstTs: number;
  lastTs: number;
}

export interface Firing extends Fired {
  /** The window's stored events, and the one host they name (null: several or none). */
  refs: EventRefs;
  host: string | null;
}

export interface StepResult {
  /** The group afterwards; null when it holds nothing. */
  group: GroupState | null;
  fired: Firing | null;
  /** The input fell in a quiet group: the alert it adds to, with the count added before it. */
  added: RaisedAlert | null;
}

type Entries =
  | { type: "event_count"; times: number[] }
  | { type: "value_count"; values: Record<string, number> }
  | { type: FieldType; items: [number, number | string][] }
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
    case "value_sum":
    case "value_avg":
    case "value_percentile":
      return { type: rule.type, items: [] };
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

/** The field's value as the type keeps it: a finite number for sums and averages, the text for shares. */
function itemValue(type: FieldType, text: string): number | string | null {
  if (type === "value_percentile") return text;
  const number = text.trim() === "" ? Number.NaN : Number(text);
  return Number.isFinite(number) ? number : null;
}

function windowItems(
  rule: CorrelationRule,
  items: readonly [number, number | string][],
  item: [number, number | string],
) {
  const next = [...items];
  let i = next.length;
  while (i > 0 && (next[i - 1] as [number, unknown])[0] > item[0]) i--;
  next.splice(i, 0, item);
  const cutoff = (next[next.length - 1] as [number, unknown])[0] - rule.timespanMs;
  return next.filter(([ts]) => ts >= cutoff).slice(-MAX_FIELD_ITEMS);
}

/**
 * value_sum: the sum; value_avg: the mean; value_percentile: the share, in percent, of the window's
 * events whose value is the newest event's (the spec's example asks whether a process name is
 * among the rarest 1% a computer ran, and a name has no order, so its percentile is its share).
 */
function aggregate(type: FieldType, items: readonly [number, number | string][], newest: number | string): number {
  if (type === "value_percentile") {
    const same = items.filter(([, value]) => value === newest).length;
    return (same / items.length) * 100;
  }
  const sum = items.reduce((total, [, value]) => total + (value as number), 0);
  return type === "value_sum" ? sum : sum / items.length;
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
    case "value_sum":
    case "value_avg":
    case "value_percentile": {
      const value = input.value === null ? null : itemValue(entries.type, input.value);
      if (value === null) return null;
      const items = windowItems(rule, entries.items, [input.ts, value]);
      const window = {
        value: aggregate(entries.type, items, value),
        firstTs: (items[0] as [number, unknown])[0],
        lastTs: (items[items.length - 1] as [number, unknown])[0],
      };
      return { entries: { type: entries.type, items }, window };
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
        : "items" in entries
          ? entries.items.map(([ts]) => ts)
          : present(entries.type === "temporal" ? entries.seen : entries.starts);
  return times.length === 0 ? null : Math.max(...times);
}

function quiet(group: GroupState): StepResult {
  if (group.raised === undefined) return { group, fired: null, added: null };
  const raised = { ...group.raised, added: group.raised.added + 1 };
  return { group: { ...group, raised }, fired: null, added: group.raised };
}

export function stepGroup(rule: CorrelationRule, previous: GroupState | undefined, input: StepInput): StepResult {
  const group = usable(rule, previous);
  if (group !== null && group.mutedUntil !== null && input.ts <= group.mutedUntil) return quiet(group);
  const fresh = group === null || group.mutedUntil !== null;
  const entries: Entries = fresh ? emptyEntries(rule) : group;
  const advanced = advance(rule, entries, input);
  if (advanced === null) return { group: group?.mutedUntil === null ? group : null, fired: null, added: null };
  const { window } = advanced;
  const refs = pruneRefs(
    mergeRefs(fresh ? NO_REFS : (group.refs ?? NO_REFS), input.refs),
    window.lastTs - rule.timespanMs,
  );
  // A count of 0 is no window at all; a sum, average or share is judged whatever its value.
  const judged = "items" in advanced.entries || window.value > 0;
  if (judged && conditionHolds(rule, window.value)) {
    const mutedUntil = window.lastTs + rule.timespanMs;
    const host = soleHost(refs);
    const raised = { host, firstTs: window.firstTs, added: 0 };
    return {
      group: { ...emptyEntries(rule), mutedUntil, expiresAt: mutedUntil, raised },
      fired: { ...window, refs, host },
      added: null,
    };
  }
  const newest = newestOf(advanced.entries);
  if (newest === null) return { group: null, fired: null, added: null };
  return {
    group: { ...advanced.entries, mutedUntil: null, expiresAt: newest + rule.timespanMs, refs },
    fired: null,
    added: null,
  };
}
