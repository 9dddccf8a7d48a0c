/**
 * The correlation engine's memory, as plain JSON so the storage layer can keep it in D1 between
 * batches. One entry per (correlation rule, group): the key is the JSON array `[ruleId, ...group
 * values]`, so the rows a batch needs can be loaded and written back one group at a time.
 */
import type { FieldValue } from "../../model/event.ts";
import type { CorrelationType } from "../types.ts";
import type { EventRefs } from "./refs.ts";

/** The alert a group raised, while it is muted: the events it takes meanwhile are added to it. */
export interface RaisedAlert {
  /** The alert's host (part of its identity), and when its window began. */
  host: string | null;
  firstTs: number;
  /** Events added to it since it fired. */
  added: number;
}

interface GroupBase {
  type: CorrelationType;
  /**
   * Event time (ms) until which the group stays quiet after firing; events up to it are ignored,
   * so one burst raises one firing per timespan. Null when the group has not fired.
   */
  mutedUntil: number | null;
  /** Event time (ms) after which the group holds nothing: safe to delete when events have passed it. */
  expiresAt: number;
  /** The stored events of the window. Absent in state saved before refs were kept: it starts with none. */
  refs?: EventRefs;
  /** Set while muted after firing; absent in state saved before, whose quiet events are not added. */
  raised?: RaisedAlert;
}

export type GroupState = GroupBase &
  (
    | { type: "event_count" /** Event times in the window, ascending. */; times: number[] }
    | { type: "value_count" /** Distinct value -> the latest time it was seen. */; values: Record<string, number> }
    | {
        type: "value_sum" | "value_avg" | "value_percentile";
        /** [event time, the field's value] per event in the window, oldest first; at most MAX_FIELD_ITEMS. */
        items: [number, number | string][];
      }
    | {
        type: "temporal" /** Per referenced rule, the latest time it matched (null: not in the window). */;
        seen: (number | null)[];
      }
    | {
        type: "temporal_ordered";
        /** Per position i, the latest start of an in-order chain through rules 0..i (null: none). */
        starts: (number | null)[];
      }
  );

/** Group key -> group. Only groups that hold something are present. */
export type CorrelationState = Record<string, GroupState>;

export function groupKey(ruleId: string, values: readonly FieldValue[]): string {
  return JSON.stringify([ruleId, ...values]);
}

export function ruleIdOfGroupKey(key: string): string {
  const parsed: unknown = JSON.parse(key);
  if (!Array.isArray(parsed) || typeof parsed[0] !== "string") throw new Error(`'${key}' is not a group key`);
  return parsed[0];
}

/** The groups of `state` under the given keys: what a batch needs loaded. */
export function pickGroups(state: CorrelationState, keys: readonly string[]): CorrelationState {
  const picked: CorrelationState = {};
  for (const key of keys) {
    const group = state[key];
    if (group !== undefined) picked[key] = group;
  }
  return picked;
}

/**
 * What to write back after a batch: the groups that changed, and the keys of groups that the batch
 * emptied (present before, absent after), whose rows are to be deleted.
 */
export function groupChanges(
  before: CorrelationState,
  after: CorrelationState,
): { upsert: CorrelationState; remove: string[] } {
  const upsert: CorrelationState = {};
  for (const [key, group] of Object.entries(after)) if (before[key] !== group) upsert[key] = group;
  const remove = Object.keys(before).filter((key) => !(key in after));
  return { upsert, remove };
}
