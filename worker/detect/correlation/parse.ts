/**
 * A Sigma correlation document (the `correlation:` section of the Sigma correlation specification
 * v2.1.0) -> CorrelationRule, or the CompileError saying what is wrong with it. Rule references are
 * only read here; resolving them against the rule set is the compiler's job.
 */
import {
  type ComparisonOperator,
  type CompileError,
  type CorrelationRule,
  type CorrelationType,
  FIELD_CORRELATIONS,
} from "../types.ts";
import { type Doc, fail, InvalidCorrelation, isMap, optionalText, textList } from "./fields.ts";
import { readRuleInfo } from "./rule-info.ts";
import { parseTimespan } from "./timespan.ts";

const TYPES: readonly CorrelationType[] = [
  "event_count",
  "value_count",
  "value_sum",
  "value_avg",
  "value_percentile",
  "temporal",
  "temporal_ordered",
];
/** Types whose condition is a count of kept entries, each entry kept: their threshold bounds memory. */
const COUNTING: readonly CorrelationType[] = ["event_count", "value_count"];
const OPERATORS: readonly ComparisonOperator[] = ["gt", "gte", "lt", "lte", "eq", "neq"];
const SECTION_KEYS = ["type", "rules", "group-by", "timespan", "condition", "aliases", "generate"];

/**
 * Counting correlations keep at most threshold + 1 entries per group; this bounds that memory.
 * A threshold above it is refused rather than silently counted wrong.
 */
export const MAX_CORRELATION_THRESHOLD = 10_000;

function readType(value: unknown): CorrelationType {
  if (typeof value !== "string") fail("'correlation.type' is missing");
  if ((TYPES as readonly string[]).includes(value)) return value as CorrelationType;
  fail(`'${value}' is not a correlation type (${TYPES.join(", ")})`);
}

function readRules(value: unknown): string[] {
  const rules = textList(value, "correlation.rules");
  if (rules.length === 0) fail("'correlation.rules' must name at least one rule");
  if (rules.some((rule) => rule.trim() === "")) fail("'correlation.rules' holds an empty rule reference");
  return rules;
}

function readCondition(type: CorrelationType, value: unknown, ruleCount: number): CorrelationRule["condition"] {
  const temporal = type === "temporal" || type === "temporal_ordered";
  if (value === undefined || value === null) {
    if (temporal) return null;
    fail(`${type} correlations need a 'condition'`);
  }
  if (!isMap(value)) fail("'correlation.condition' must be a map such as {gte: 10}");
  const unknown = Object.keys(value).filter((key) => key !== "field" && !(OPERATORS as string[]).includes(key));
  if (unknown.length > 0) fail(`unknown condition key '${unknown[0]}' (${OPERATORS.join(", ")}, field)`);
  const ops = OPERATORS.filter((op) => op in value);
  if (ops.length !== 1) {
    fail(`'correlation.condition' must hold exactly one of ${OPERATORS.join(", ")}; ranges are not supported`);
  }
  const op = ops[0] as ComparisonOperator;
  const threshold = value[op];
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) fail(`condition '${op}' must be a number`);
  if (type !== "value_sum" && type !== "value_avg" && threshold < 0) {
    fail(`condition '${op}' must be a number of zero or more`);
  }
  if (COUNTING.includes(type) && threshold > MAX_CORRELATION_THRESHOLD) {
    fail(`condition '${op}' is above ${MAX_CORRELATION_THRESHOLD}`);
  }
  if (type === "value_percentile" && threshold > 100)
    fail(`condition '${op}' of a value_percentile is a percentage, 0 to 100`);
  if (temporal && threshold > ruleCount) fail(`condition '${op}: ${threshold}' exceeds the ${ruleCount} rules listed`);
  const field = optionalText(value, "field", "condition.field");
  const byField = FIELD_CORRELATIONS.includes(type);
  if (byField && (field === null || field.trim() === "")) {
    fail(`a ${type} correlation needs 'condition.field' (one field name)`);
  }
  if (!byField && field !== null) {
    fail(`'condition.field' is only used by ${FIELD_CORRELATIONS.join(", ")}, not ${type}`);
  }
  return { op, value: threshold, field };
}

function readAliases(value: unknown): Record<string, Record<string, string>> {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) fail("'correlation.aliases' must map alias names to {rule name: field}");
  const aliases: Record<string, Record<string, string>> = {};
  for (const [alias, mapping] of Object.entries(value)) {
    if (!isMap(mapping) || !Object.values(mapping).every((field) => typeof field === "string")) {
      fail(`alias '${alias}' must map rule names to field names`);
    }
    aliases[alias] = mapping as Record<string, string>;
  }
  return aliases;
}

function readGenerate(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") fail("'correlation.generate' must be true or false");
  return value;
}

function readCorrelation(doc: Doc, origin: string): CorrelationRule {
  const info = readRuleInfo(doc, origin);
  const section = doc.correlation;
  if (!isMap(section)) fail("'correlation' must be a map");
  const unknown = Object.keys(section).find((key) => !SECTION_KEYS.includes(key));
  if (unknown !== undefined) fail(`unknown key 'correlation.${unknown}' (${SECTION_KEYS.join(", ")})`);
  const type = readType(section.type);
  const rules = readRules(section.rules);
  const timespan = parseTimespan(section.timespan ?? fail("'correlation.timespan' is missing"));
  if (!timespan.ok) fail(timespan.reason);
  return {
    info,
    type,
    rules,
    groupBy: textList(section["group-by"], "correlation.group-by"),
    timespanMs: timespan.ms,
    condition: readCondition(type, section.condition, rules.length),
    aliases: readAliases(section.aliases),
    generate: readGenerate(section.generate),
  };
}

export function parseCorrelationRule(
  doc: Record<string, unknown>,
  origin: string,
  line: number | null,
): CorrelationRule | CompileError {
  try {
    return readCorrelation(doc, origin);
  } catch (error) {
    if (!(error instanceof InvalidCorrelation)) throw error;
    const id = typeof doc.id === "string" ? doc.id : typeof doc.name === "string" ? doc.name : null;
    return { origin, line, ruleId: id, reason: error.message };
  }
}

export function isCompileError(value: CorrelationRule | CompileError): value is CompileError {
  return "reason" in value;
}
