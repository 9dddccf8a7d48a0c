/**
 * The correlation engine: rule-matched events in, correlation firings out, with all memory in a
 * plain CorrelationState the caller keeps between batches (see state.ts for how to persist it per
 * group). Windows run on event time, never on a clock: inputs are sorted by event time first, so a
 * batch may arrive in any order. Ordering across batches is by arrival; an event older than what a
 * group has already seen still counts if it falls in the window.
 *
 * A firing is itself an input, under the correlation's id and name, to correlations that reference
 * it (chains such as "brute force, then a successful logon"); it carries the event that completed it
 * and the stored events of its window, which become the chain's too.
 */
import type { NormalisedEvent } from "../../model/event.ts";
import { createEventView } from "../event-view.ts";
import type { FieldMap } from "../field-map.ts";
import {
  type CorrelationAddition,
  type CorrelationFiring,
  type CorrelationInput,
  type CorrelationRule,
  type EventView,
  FIELD_CORRELATIONS,
} from "../types.ts";
import { type EventRefs, NO_REFS, refsOf } from "./refs.ts";
import {
  alertingCorrelations,
  groupValues,
  indexTargets,
  type Reference,
  readField,
  type TargetIndex,
  targetsOf,
} from "./routing.ts";
import { type CorrelationState, groupKey } from "./state.ts";
import { stepGroup } from "./window.ts";

export type { CorrelationState, GroupState } from "./state.ts";
export { groupChanges, groupKey, pickGroups, ruleIdOfGroupKey } from "./state.ts";

interface Context {
  index: TargetIndex;
  alerting: Set<string>;
  groups: CorrelationState;
  firings: CorrelationFiring[];
  additions: CorrelationAddition[];
  fieldMap: FieldMap;
  views: Map<NormalisedEvent, EventView>;
  /** Events already counted per group key: one event matching two referenced rules counts once. */
  counted: Map<string, Set<NormalisedEvent>>;
  /** Chains longer than the rule count can only be reference cycles. */
  maxDepth: number;
}

function viewOf(ctx: Context, event: NormalisedEvent): EventView {
  let view = ctx.views.get(event);
  if (view === undefined) {
    view = createEventView(event, ctx.fieldMap);
    ctx.views.set(event, view);
  }
  return view;
}

function alreadyCounted(ctx: Context, rule: CorrelationRule, key: string, event: NormalisedEvent): boolean {
  if (rule.type === "temporal" || rule.type === "temporal_ordered") return false;
  const seen = ctx.counted.get(key) ?? new Set<NormalisedEvent>();
  ctx.counted.set(key, seen);
  if (seen.has(event)) return true;
  seen.add(event);
  return false;
}

function countedValue(rule: CorrelationRule, ref: Reference, view: EventView): string | null {
  if (!FIELD_CORRELATIONS.includes(rule.type) || rule.condition?.field == null) return null;
  const value = readField(rule, rule.condition.field, ref, view);
  if (value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function feed(ctx: Context, ref: Reference, event: NormalisedEvent, refs: EventRefs, depth: number): void {
  if (depth > ctx.maxDepth) return;
  const view = viewOf(ctx, event);
  for (const { rule, positions } of targetsOf(ctx.index, ref)) {
    const values = groupValues(rule, ref, view);
    if (values === null) continue;
    const key = groupKey(rule.info.id, values);
    if (alreadyCounted(ctx, rule, key, event)) continue;
    const step = stepGroup(rule, ctx.groups[key], {
      ts: event.ts,
      positions,
      value: countedValue(rule, ref, view),
      refs,
    });
    if (step.group === null) delete ctx.groups[key];
    else ctx.groups[key] = step.group;
    const group = Object.fromEntries(rule.groupBy.map((name, i) => [name, values[i] ?? null]));
    const alert = ctx.alerting.has(rule.info.id);
    if (step.added !== null) {
      const { host, firstTs, added } = step.added;
      ctx.additions.push({ rule: rule.info, group, host, firstTs, addedBefore: added, event, events: refs, alert });
    }
    if (step.fired === null) continue;
    const { firstTs, lastTs, value, host } = step.fired;
    const fired = step.fired.refs;
    ctx.firings.push({ rule: rule.info, group, firstTs, lastTs, value, lastEvent: event, events: fired, host, alert });
    feed(ctx, { ruleId: rule.info.id, ruleName: rule.info.name }, event, fired, depth + 1);
  }
}

/**
 * Applies one batch of rule matches to the correlation state: the firings, and the inputs added to
 * the alert of a group that fired before (its quiet timespan). The state passed in is not modified;
 * the returned one holds every group of it, updated where the batch touched it, minus the groups
 * the batch emptied. Groups absent from `state` start empty, so the caller must load at least the
 * groups `groupKeysOf` names.
 */
export function advanceCorrelations(
  rules: readonly CorrelationRule[],
  state: CorrelationState,
  inputs: readonly CorrelationInput[],
  fieldMap: FieldMap,
): { state: CorrelationState; firings: CorrelationFiring[]; additions: CorrelationAddition[] } {
  const ctx: Context = {
    index: indexTargets(rules),
    alerting: alertingCorrelations(rules),
    groups: { ...state },
    firings: [],
    additions: [],
    fieldMap,
    views: new Map(),
    counted: new Map(),
    maxDepth: rules.length,
  };
  const ordered = [...inputs].sort((a, b) => a.event.ts - b.event.ts);
  for (const input of ordered) {
    const refs = input.ref === undefined ? NO_REFS : refsOf(input.ref);
    feed(ctx, { ruleId: input.ruleId, ruleName: input.ruleName }, input.event, refs, 0);
  }
  return { state: ctx.groups, firings: ctx.firings, additions: ctx.additions };
}

/**
 * The group keys a batch can touch, chained correlations included: the rows the storage layer must
 * load before calling advanceCorrelations. A superset: a chain's later links are listed whether or
 * not the earlier ones fire.
 */
export function groupKeysOf(
  rules: readonly CorrelationRule[],
  inputs: readonly CorrelationInput[],
  fieldMap: FieldMap,
): string[] {
  const index = indexTargets(rules);
  const keys = new Set<string>();
  for (const input of inputs) {
    const view = createEventView(input.event, fieldMap);
    const pending: Reference[] = [{ ruleId: input.ruleId, ruleName: input.ruleName }];
    const visited = new Set<string>();
    for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
      for (const { rule } of targetsOf(index, ref)) {
        const values = groupValues(rule, ref, view);
        if (values !== null) keys.add(groupKey(rule.info.id, values));
        const via = `${rule.info.id}\u0000${ref.ruleId}`;
        if (values === null || visited.has(via)) continue;
        visited.add(via);
        pending.push({ ruleId: rule.info.id, ruleName: rule.info.name });
      }
    }
  }
  return [...keys];
}
