import type { ComparisonOperator, CorrelationRule } from "../types.ts";

export function compare(op: ComparisonOperator, count: number, threshold: number): boolean {
  switch (op) {
    case "gt":
      return count > threshold;
    case "gte":
      return count >= threshold;
    case "lt":
      return count < threshold;
    case "lte":
      return count <= threshold;
    case "eq":
      return count === threshold;
    case "neq":
      return count !== threshold;
  }
}

/** Temporal correlations without a condition need every referenced rule, as the spec says. */
export function conditionHolds(rule: CorrelationRule, count: number): boolean {
  const { op, value } = rule.condition ?? { op: "gte", value: rule.rules.length };
  return compare(op, count, value);
}

/**
 * How many entries a counting group must keep: past threshold + 1 every operator's answer stays the
 * same, so older entries beyond that can be dropped.
 */
export function entryCap(rule: CorrelationRule): number {
  return Math.floor(rule.condition?.value ?? rule.rules.length) + 1;
}
