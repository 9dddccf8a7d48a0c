/**
 * SigmaHQ conformance: every rule of the corpus through the compiler, then every regression sample
 * through the real ingest adapters and the compiled rule set. The recorded levels can only rise:
 * raise them when the engine gets better, never lower them to make a change pass.
 */

import { loadAll } from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { type CompileOptions, compileRuleSet } from "../../../worker/detect/compile-rule-set.ts";
import { createEventView } from "../../../worker/detect/event-view.ts";
import { type Logsource, routeKey, routeKeysForEvent, routesForLogsource } from "../../../worker/detect/logsource.ts";
import type { RuleSet, RuleSource } from "../../../worker/detect/types.ts";
import { prepareRecord } from "../../../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../../../worker/model/event.ts";
import { LOGSOURCES } from "../../../worker/rules/logsources.ts";
import { FIELD_MAP } from "../../../worker/sources/field-map.ts";
import { loadCorpusRules, loadRegressionSamples, type RegressionSample } from "./support/sigmahq-corpus.ts";

/** Rule files that compile without any error, as shipped (no placeholder configured). */
const RECORDED_COMPILED_FILES = 3756;
/** The same once every placeholder the corpus uses has values, as a deployment configures them. */
const RECORDED_COMPILED_FILES_WITH_PLACEHOLDERS = 3780;
/** Regression samples that fire their rule at least match_count times. */
const RECORDED_SAMPLES_PASSED = 162;

const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);

interface SampleResult {
  sample: RegressionSample;
  matches: number;
  /** Why the sample fell short; null when it passed. */
  cause: string | null;
}

interface RuleDocument {
  id?: string;
  logsource?: Logsource;
  detection?: Record<string, unknown>;
}

function ruleDocument(sources: readonly RuleSource[], id: string): { origin: string; doc: RuleDocument } | null {
  const pattern = new RegExp(`^id:\\s*['"]?${id}`, "m");
  for (const source of sources) {
    if (!pattern.test(source.text)) continue;
    const doc = (loadAll(source.text) as RuleDocument[]).find((candidate) => candidate?.id === id);
    if (doc) return { origin: source.origin, doc };
  }
  return null;
}

/** The field names a detection section reads (`Image|endswith` -> `Image`). */
function detectionFields(detection: Record<string, unknown>): string[] {
  const fields = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) fields.add(key.split("|")[0] ?? key);
    }
  };
  for (const [name, value] of Object.entries(detection)) if (name !== "condition" && name !== "timeframe") walk(value);
  return [...fields].filter((field) => field !== "");
}

/** Why a sample did not fire its rule: ingest, compiler, routing, or the field map / matcher. */
function diagnose(
  sample: RegressionSample,
  events: readonly NormalisedEvent[],
  rejections: readonly string[],
  ruleSet: RuleSet,
  sources: readonly RuleSource[],
): string {
  if (rejections.length > 0) return `ingest rejected ${rejections.length} record(s): ${rejections.join("; ")}`;
  const found = ruleDocument(sources, sample.ruleId);
  if (found === null) return "rule id not found in the corpus";
  const error = ruleSet.errors.find((candidate) => candidate.ruleId === sample.ruleId);
  if (error) return `compile error (${found.origin}:${error.line ?? "?"}): ${error.reason}`;
  if (!ruleSet.rules.some((rule) => rule.id === sample.ruleId))
    return `rule missing from the rule set (${found.origin})`;
  const keys = routesForLogsource(LOGSOURCES, found.doc.logsource ?? {})?.map(routeKey) ?? null;
  const routed = events.filter(
    (event) => keys === null || routeKeysForEvent(LOGSOURCES, event).some((key) => keys.includes(key)),
  );
  if (routed.length < sample.matchCount) {
    const eventKeys = events.map((event) => routeKeysForEvent(LOGSOURCES, event)[0]).join(", ");
    return `routing: logsource ${JSON.stringify(found.doc.logsource)} -> [${keys?.join(", ")}], events [${eventKeys}]`;
  }
  const absent = detectionFields(found.doc.detection ?? {}).filter((field) =>
    routed.every((event) => createEventView(event, FIELD_MAP).get(field) === undefined),
  );
  const hint = absent.length > 0 ? `; fields no event has: ${absent.join(", ")}` : "";
  return `detection did not match (${found.origin})${hint}`;
}

const UNCONFIGURED_PLACEHOLDER = /^placeholder '%([^%']+)%' has no values configured/;

/**
 * Compiles again, each time giving the placeholders the errors name an example value, until no
 * error names one: the corpus as a deployment that has configured its placeholders compiles it.
 */
function withPlaceholdersConfigured(sources: readonly RuleSource[], shipped: RuleSet): RuleSet {
  const placeholders: Record<string, string[]> = {};
  let ruleSet = shipped;
  for (;;) {
    const missing = ruleSet.errors
      .map((error) => UNCONFIGURED_PLACEHOLDER.exec(error.reason)?.[1])
      .filter((name): name is string => name !== undefined && !Object.hasOwn(placeholders, name));
    if (missing.length === 0) return ruleSet;
    for (const name of missing) placeholders[name] = [`example-${name.toLowerCase()}`];
    const options: CompileOptions = { logsources: LOGSOURCES, fieldMap: FIELD_MAP, placeholders };
    ruleSet = compileRuleSet(sources, options);
  }
}

function compiledFiles(sources: readonly RuleSource[], ruleSet: RuleSet): number {
  return sources.length - new Set(ruleSet.errors.map((error) => error.origin)).size;
}

function runSample(sample: RegressionSample, ruleSet: RuleSet, sources: readonly RuleSource[]): SampleResult {
  const events: NormalisedEvent[] = [];
  const rejections: string[] = [];
  sample.records.forEach((record, index) => {
    const outcome = prepareRecord(record, index, RECEIVED_AT);
    if ("event" in outcome) events.push(outcome.event);
    else rejections.push(outcome.error);
  });
  const matches = ruleSet.matchAll(events).filter((match) => match.rule.id === sample.ruleId).length;
  const passed = matches >= sample.matchCount && rejections.length === 0;
  return {
    sample,
    matches,
    cause: passed ? null : diagnose(sample, events, rejections, ruleSet, sources),
  };
}

describe("SigmaHQ corpus conformance", () => {
  let sources: RuleSource[];
  let shipped: RuleSet;
  let ruleSet: RuleSet;

  beforeAll(() => {
    sources = loadCorpusRules();
    shipped = compileRuleSet(sources, { logsources: LOGSOURCES, fieldMap: FIELD_MAP });
    ruleSet = withPlaceholdersConfigured(sources, shipped);
  });

  it("compiles the corpus rules, at least as many as recorded", () => {
    const asShipped = compiledFiles(sources, shipped);
    const configured = compiledFiles(sources, ruleSet);
    const percent = (count: number) => `${((100 * count) / sources.length).toFixed(2)}%`;
    const reasons = new Map<string, number>();
    for (const error of shipped.errors) {
      const reason = error.reason.replace(/'[^']*'/g, "'…'").slice(0, 100);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const lines = [
      `rule files: ${asShipped}/${sources.length} compiled as shipped (${percent(asShipped)}), ` +
        `${configured}/${sources.length} with the corpus's placeholders configured (${percent(configured)})`,
      `detections: ${ruleSet.rules.length}, correlations: ${ruleSet.correlations.length}, ` +
        `errors as shipped: ${shipped.errors.length}, with placeholders: ${ruleSet.errors.length}`,
      ...[...reasons]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([reason, count]) => `  ${count} x ${reason}`),
      ...ruleSet.errors.slice(0, 40).map((error) => `  ${error.origin}:${error.line ?? "?"} ${error.reason}`),
    ];
    console.log(lines.join("\n"));
    expect(asShipped).toBeGreaterThanOrEqual(RECORDED_COMPILED_FILES);
    expect(configured).toBeGreaterThanOrEqual(RECORDED_COMPILED_FILES_WITH_PLACEHOLDERS);
  });

  it("fires every regression sample's rule at least match_count times, at least as often as recorded", () => {
    const results = loadRegressionSamples().map((sample) => runSample(sample, ruleSet, sources));
    const misses = results.filter((result) => result.cause !== null);
    const passed = results.length - misses.length;
    console.log(
      [
        `regression samples: ${passed}/${results.length} fired their rule`,
        ...misses.map(
          ({ sample, matches, cause }) =>
            `  MISS ${sample.ruleId} ${sample.folder} (${matches}/${sample.matchCount} matches): ${cause}`,
        ),
      ].join("\n"),
    );
    expect(passed).toBeGreaterThanOrEqual(RECORDED_SAMPLES_PASSED);
  });
});
