/**
 * Detection throughput: the whole SigmaHQ corpus compiled into one rule set, matched against
 * realistic Sysmon traffic on one core, next to a naive loop that tests every rule on every event.
 * Both must find exactly the same matches, so a fast but wrong index cannot pass.
 */

import { loadCorpusRules } from "../test/unit/detect/support/sigmahq-corpus.ts";
import { compileDetections, compileRuleSet, type IndexedDetection } from "../worker/detect/compile-rule-set.ts";
import { createEventView } from "../worker/detect/event-view.ts";
import { routeKey, routeKeysForEvent } from "../worker/detect/logsource.ts";
import { EvalContext, type FieldRegistry } from "../worker/detect/sigma/eval-context.ts";
import type { DetectionMatch, RuleSet } from "../worker/detect/types.ts";
import { prepareRecord } from "../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../worker/model/event.ts";
import { LOGSOURCES } from "../worker/rules/logsources.ts";
import { FIELD_MAP } from "../worker/sources/field-map.ts";
import { type BenchConfig, perSecond, progress, round } from "./measure.ts";
import { createSysmonGenerator } from "./sysmon-events.ts";

const EVENTS_PER_BATCH = 1000;
/** The naive loop is orders of magnitude slower; it runs on this share of the events. */
const NAIVE_SHARE = 20;
const WARMUP_EVENTS = 2000;
const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);

function normalised(records: readonly unknown[]): NormalisedEvent[] {
  return records.map((record, index) => {
    const outcome = prepareRecord(record, index, RECEIVED_AT);
    if (!("event" in outcome)) throw new Error(`the generator made a record the ingest rejects: ${outcome.error}`);
    return outcome.event;
  });
}

/** "eventIndex ruleId" per match, sorted: two runs agree when these lists are equal. */
function matchKeys(matches: readonly { eventIndex: number; ruleId: string }[]): string[] {
  return matches.map((match) => `${match.eventIndex} ${match.ruleId}`).sort();
}

function timeIndexed(ruleSet: RuleSet, events: readonly NormalisedEvent[]): { ms: number; matches: DetectionMatch[] } {
  const started = performance.now();
  const matches = ruleSet.matchAll(events);
  return { ms: performance.now() - started, matches };
}

/**
 * Every rule's detection on every event, no index, no prefilter. A Sigma rule is its logsource
 * and its detection, so a match also needs the event to be of the rule's logsource; that check
 * comes after the detection, as part of the rule, and is not used to skip any work.
 */
function timeNaive(
  detections: readonly IndexedDetection[],
  registry: FieldRegistry,
  events: readonly NormalisedEvent[],
): { ms: number; matches: { eventIndex: number; ruleId: string }[] } {
  const routeKeys = detections.map((detection) => detection.routes?.map(routeKey) ?? null);
  const ctx = new EvalContext(registry);
  const matches: { eventIndex: number; ruleId: string }[] = [];
  const started = performance.now();
  events.forEach((event, eventIndex) => {
    ctx.reset(createEventView(event, FIELD_MAP));
    const eventKeys = routeKeysForEvent(LOGSOURCES, event);
    detections.forEach((detection, i) => {
      if (!detection.evaluate(ctx)) return;
      const keys = routeKeys[i];
      if (keys === null || keys === undefined || eventKeys.some((key) => keys.includes(key))) {
        matches.push({ eventIndex, ruleId: detection.info.id });
      }
    });
  });
  return { ms: performance.now() - started, matches };
}

const NOTES =
  "indexed = RuleSet.matchAll: rules grouped by log-source route (dataset + event code), literal prefilter " +
  "(hash lookups and one Aho-Corasick pass per field) before any rule's full test. naive = every compiled " +
  "detection evaluated on every event with the same per-event field cache, the logsource checked only on a hit; " +
  `it runs on the first 1/${NAIVE_SHARE} of the events, and both runs are compared on those events, match for ` +
  "match. Rules: every rule file of the SigmaHQ corpus (../shared/corpus/sigmahq/rules*) that compiles; " +
  "windows_rules counts those routed to a windows.* dataset or to every event. Events: bench/sysmon-events.ts " +
  "flat Sysmon records, normalised by the ingest adapters before timing. One Node thread, no I/O.";

export async function detectBench(config: BenchConfig) {
  const sources = loadCorpusRules();
  progress(`compiling ${sources.length} SigmaHQ rule files`);
  const compileStarted = performance.now();
  const ruleSet = compileRuleSet(sources, { logsources: LOGSOURCES, fieldMap: FIELD_MAP });
  const compileMs = performance.now() - compileStarted;
  const { detections, registry } = compileDetections(sources, { logsources: LOGSOURCES, fieldMap: FIELD_MAP });
  const windowsRules = detections.filter(
    (detection) => detection.routes === null || detection.routes.some((route) => route.dataset.startsWith("windows.")),
  ).length;

  const count = config.batches * EVENTS_PER_BATCH;
  const generator = createSysmonGenerator();
  const warmup = normalised(generator.take(WARMUP_EVENTS));
  const events = normalised(generator.take(count));
  const naiveEvents = events.slice(0, Math.max(1, Math.floor(count / NAIVE_SHARE)));
  progress(`${ruleSet.rules.length} rules (${windowsRules} for Windows), ${count} Sysmon events`);

  timeIndexed(ruleSet, warmup);
  const indexed = timeIndexed(ruleSet, events);
  progress(`indexed: ${round(perSecond(count, indexed.ms))} events/s`);
  timeNaive(detections, registry, warmup.slice(0, 200));
  const naive = timeNaive(detections, registry, naiveEvents);
  progress(`naive: ${round(perSecond(naiveEvents.length, naive.ms))} events/s over ${naiveEvents.length} events`);

  const indexedOnNaive = matchKeys(
    indexed.matches
      .filter((match) => match.eventIndex < naiveEvents.length)
      .map((match) => ({ eventIndex: match.eventIndex, ruleId: match.rule.id })),
  );
  const naiveKeys = matchKeys(naive.matches);
  if (indexedOnNaive.join("\n") !== naiveKeys.join("\n")) {
    const onlyIndexed = indexedOnNaive.filter((key) => !naiveKeys.includes(key)).slice(0, 5);
    const onlyNaive = naiveKeys.filter((key) => !indexedOnNaive.includes(key)).slice(0, 5);
    throw new Error(
      `indexed and naive matches differ on the first ${naiveEvents.length} events: ` +
        `only indexed ${JSON.stringify(onlyIndexed)}, only naive ${JSON.stringify(onlyNaive)}`,
    );
  }

  const indexedRate = perSecond(count, indexed.ms);
  const naiveRate = perSecond(naiveEvents.length, naive.ms);
  return {
    bench: "detect",
    rule_files: sources.length,
    rules_loaded: ruleSet.rules.length,
    windows_rules: windowsRules,
    compile_errors: ruleSet.errors.length,
    compile_ms: round(compileMs),
    indexed: { events: count, events_per_s: round(indexedRate), matches: indexed.matches.length },
    naive: { events: naiveEvents.length, events_per_s: round(naiveRate), matches: naive.matches.length },
    matches_equal_on_naive_events: true,
    ratio_indexed_to_naive: round(indexedRate / naiveRate, 1),
    notes: NOTES,
  };
}
