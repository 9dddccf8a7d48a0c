/**
 * The detection engine's contract: what goes in (rule texts, normalised events) and what comes out
 * (compiled rule sets, matches, compile errors, correlation firings). Everything in worker/detect/
 * is pure: no D1, no fetch, no clock reads; the ingest path and the API sit on top of these types.
 */
import type { FieldValue, NormalisedEvent } from "../model/event.ts";
import type { RuleKind, RuleLevel } from "../model/rule-level.ts";
import type { Route } from "../model/source-descriptor.ts";
import type { EventRef, EventRefs } from "./correlation/refs.ts";
import type { FieldMap } from "./field-map.ts";

export { RULE_LEVELS, type RuleKind, type RuleLevel } from "../model/rule-level.ts";

/** One rule text to compile: a Sigma YAML file (one or more documents) or a simple-rule file/line. */
export interface RuleSource {
  /** Where the text came from, shown in errors: a path (`rules/sigma/x.yml`) or `db:<rule id>`. */
  origin: string;
  kind: RuleKind;
  text: string;
}

/** A rule that could not be compiled: reported, never silently dropped. */
export interface CompileError {
  origin: string;
  /** 1-based line in the source text, when known. */
  line: number | null;
  /** The rule's own id when it could be read. */
  ruleId: string | null;
  reason: string;
}

/** What an alert shows of the rule that raised it. */
export interface RuleInfo {
  /** Sigma `id` (a UUID), or for simple rules a stable id derived from the pattern. */
  id: string;
  /** Sigma `name` (used by correlation rules to refer to it), when present. */
  name: string | null;
  title: string;
  level: RuleLevel;
  /** ATT&CK and other tags, as written (`attack.t1059.001`). */
  tags: string[];
  kind: RuleKind;
  origin: string;
  description: string | null;
  status: string | null;
  author: string | null;
  references: string[];
  falsepositives: string[];
  /** Sigma `fields`: the fields an analyst needs to judge a hit; they key repeats of the alert. */
  fields: string[];
}

/** One event that matched one detection rule. */
export interface DetectionMatch {
  rule: RuleInfo;
  /** Position of the event in the list given to `RuleSet.matchAll`. */
  eventIndex: number;
  /** False when the rule only feeds correlation rules (Sigma correlation `generate: false`). */
  alert: boolean;
}

export type { Route };

/** A field value as case-insensitive matching reads it; null when the field is present but empty. */
export type LowerValue = string | readonly string[] | null;

/**
 * One event as rules see it. Field lookups go through the one field map, so `Image`,
 * `NewProcessName` (4688) and `process.executable` all answer the same value.
 */
export interface EventView {
  readonly event: NormalisedEvent;
  /** A field by any name the field map knows, or undefined when the event does not have it. */
  get(field: string): FieldValue | undefined;
  /** `get` as lower-cased text (a list stays a list), computed once per event and field. */
  getLower(field: string): LowerValue | undefined;
  /** Every field value as text, for Sigma keyword (field-less) search. */
  values(): readonly string[];
  /** The detail text simple rules match against (command line, image, parent, target, ...), lower-cased. */
  detailText(): string;
}

/**
 * What a simple rule needs of an event, for coverage: its strings in the detail text, or (a rule of
 * `@list:` pieces only) an address in one of its IP lists, the event's own or one its detail text writes.
 */
export type SimpleRuleReads = "detail_text" | "addresses";

/** One compiled detection rule, as the rule index stores it. */
export interface CompiledDetection {
  info: RuleInfo;
  /** The log-source routes the rule applies to; null when it applies to every event. */
  routes: readonly Route[] | null;
  test(view: EventView): boolean;
}

export type CorrelationType =
  | "event_count"
  | "value_count"
  | "value_sum"
  | "value_avg"
  | "value_percentile"
  | "temporal"
  | "temporal_ordered";

/** The correlation types that aggregate one field of the events (`condition.field`). */
export const FIELD_CORRELATIONS: readonly CorrelationType[] = [
  "value_count",
  "value_sum",
  "value_avg",
  "value_percentile",
];
export type ComparisonOperator = "gt" | "gte" | "lt" | "lte" | "eq" | "neq";

export interface CorrelationRule {
  info: RuleInfo;
  type: CorrelationType;
  /** Ids or names of the rules whose matches feed this correlation, in order (temporal_ordered). */
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  /** event_count / value_count threshold; temporal types need every rule (condition optional). */
  condition: { op: ComparisonOperator; value: number; field: string | null } | null;
  /** Sigma `aliases`: one group-by name mapped to a different field per referenced rule. */
  aliases: Record<string, Record<string, string>>;
  /** Sigma `generate`: the referenced rules still raise their own alerts (default false: they only feed this). */
  generate: boolean;
}

/** A rule-matched event handed to the correlation engine. */
export interface CorrelationInput {
  /** Id of the matched rule (and its name, when it has one). */
  ruleId: string;
  ruleName: string | null;
  event: NormalisedEvent;
  /** Where the event is stored; absent for events that are not (a rule test, rules:packs), which no alert links. */
  ref?: EventRef;
}

/** A correlation rule whose condition was met. */
export interface CorrelationFiring {
  rule: RuleInfo;
  /** group-by field -> value for the group that fired. */
  group: Record<string, FieldValue>;
  /** Timestamps (ms) of the first and last event in the window that fired. */
  firstTs: number;
  lastTs: number;
  /** The event count, distinct-value count or number of rules seen, as the type defines. */
  value: number;
  /** The input that completed the condition. */
  lastEvent: NormalisedEvent;
  /** The window's stored events (bounded: correlation/refs.ts), across the batches that brought them. */
  events: EventRefs;
  /** The one host those events name; null when they name several or none. */
  host: string | null;
  /** False when this correlation only feeds other correlations (referenced by one with `generate: false`). */
  alert: boolean;
}

/** An input that fell in a group muted after firing: one more event of the alert that firing raised. */
export interface CorrelationAddition {
  rule: RuleInfo;
  group: Record<string, FieldValue>;
  /** The raised alert's host and first time, which with the rule and group make its identity. */
  host: string | null;
  firstTs: number;
  /** How many inputs were added to that alert before this one. */
  addedBefore: number;
  event: NormalisedEvent;
  events: EventRefs;
  alert: boolean;
}

/**
 * A compiled, immutable rule set. Compile once per rule-set version and reuse for every batch.
 */
export interface RuleSet {
  /** Detection rules that compiled (Sigma and simple), including ones that only feed correlations. */
  readonly rules: readonly RuleInfo[];
  readonly correlations: readonly CorrelationRule[];
  readonly errors: readonly CompileError[];
  /** The field map its rules read events through, for views of the same events outside matching. */
  readonly fieldMap: FieldMap;
  /** Rule id -> the log-source routes its detection is tried on (null: every event), for coverage. */
  readonly routes: ReadonlyMap<string, readonly Route[] | null>;
  /** Simple rule id -> what it needs of an event; simple rules are tried on every event (routes null). */
  readonly simpleReads: ReadonlyMap<string, SimpleRuleReads>;
  /** Every detection match of every event, tried only against the rules its log source can hit. */
  matchAll(events: readonly NormalisedEvent[]): DetectionMatch[];
  /** Same as matchAll for one event (eventIndex 0). */
  match(event: NormalisedEvent): DetectionMatch[];
}
