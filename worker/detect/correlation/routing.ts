/**
 * Which correlations an input feeds, at which positions of their `rules` list, and which group it
 * belongs to. Rules are referred to by id or by name, so both are looked up.
 */
import type { FieldValue } from "../../model/event.ts";
import type { CorrelationRule, EventView } from "../types.ts";

export interface Reference {
  ruleId: string;
  ruleName: string | null;
}

export interface Target {
  rule: CorrelationRule;
  positions: number[];
}

export type TargetIndex = Map<string, CorrelationRule[]>;

export function indexTargets(rules: readonly CorrelationRule[]): TargetIndex {
  const index: TargetIndex = new Map();
  for (const rule of rules) {
    for (const ref of new Set(rule.rules)) {
      const list = index.get(ref) ?? [];
      list.push(rule);
      index.set(ref, list);
    }
  }
  return index;
}

export function targetsOf(index: TargetIndex, ref: Reference): Target[] {
  const rules = new Set([...(index.get(ref.ruleId) ?? []), ...(ref.ruleName ? (index.get(ref.ruleName) ?? []) : [])]);
  return [...rules].map((rule) => ({
    rule,
    positions: rule.rules.flatMap((name, i) => (name === ref.ruleId || name === ref.ruleName ? [i] : [])),
  }));
}

/** The field a group-by (or condition) name reads for events of the referenced rule, through `aliases`. */
export function fieldFor(rule: CorrelationRule, name: string, ref: Reference): string | null {
  const alias = rule.aliases[name];
  if (alias === undefined) return name;
  return (ref.ruleName === null ? undefined : alias[ref.ruleName]) ?? alias[ref.ruleId] ?? null;
}

function isPresent(value: FieldValue | undefined): value is FieldValue {
  return value !== undefined && value !== null && value !== "";
}

export function readField(rule: CorrelationRule, name: string, ref: Reference, view: EventView): FieldValue | null {
  const field = fieldFor(rule, name, ref);
  if (field === null) return null;
  const value = view.get(field);
  return isPresent(value) ? value : null;
}

/**
 * The input's group-by values, or null when one is missing: an event that does not say which host
 * or user it concerns belongs to no group, rather than pooling every such event into one.
 */
export function groupValues(rule: CorrelationRule, ref: Reference, view: EventView): FieldValue[] | null {
  const values: FieldValue[] = [];
  for (const name of rule.groupBy) {
    const value = readField(rule, name, ref, view);
    if (value === null) return null;
    values.push(value);
  }
  return values;
}

/**
 * Whether a correlation's own firings are alerts: not when it only feeds correlations that do not
 * `generate` (the same rule the compiler applies to referenced detection rules).
 */
export function alertingCorrelations(rules: readonly CorrelationRule[]): Set<string> {
  const referenced = new Set<string>();
  const generated = new Set<string>();
  for (const rule of rules) {
    for (const ref of rule.rules) {
      referenced.add(ref);
      if (rule.generate) generated.add(ref);
    }
  }
  const refs = (rule: CorrelationRule) => [rule.info.id, ...(rule.info.name === null ? [] : [rule.info.name])];
  return new Set(
    rules
      .filter((rule) => refs(rule).some((ref) => generated.has(ref)) || !refs(rule).some((ref) => referenced.has(ref)))
      .map((rule) => rule.info.id),
  );
}
