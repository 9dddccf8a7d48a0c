/**
 * `npm run rules:packs`: what each rule pack (worker/rules/packs.ts) would raise, as JSON, so the
 * default packs are chosen by measurement. For every pack alone and for the growing sets a user
 * would enable (edgesiem, then + core, + core+, + core++, + emerging threats, + threat hunting):
 * - attack: of the 277 files of ../shared/corpus/evtx-attack-samples, how many raise an alert, and
 *   how many one at high or critical; the files that stay silent, and those alerting only below high;
 * - benign: every alert at medium or above on benign logs, by rule, with a sample: the real,
 *   largely benign system logs of ../shared/corpus/evtx-edge-cases and a day of the benign fleet
 *   from bench/mixed-events.ts.
 * Rules: what the Worker ships (rules/: EdgeSIEM's own and the vendored SigmaHQ release, each file in
 * the pack the bundle gives it) and, for the ceiling only, the SigmaHQ folders no pack ships
 * (../shared/corpus/sigmahq/rules-compliance, -dfir, -placeholder), all compiled into one rule set; each file's records go through the real ingest (EVTX reader, then
 * prepareRecord) and are matched once, and each pack set keeps the matches of its rules, with the
 * correlation rules of the set run over them per file.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { createMixGenerator } from "../bench/mixed-events.ts";
import { loadCorpusRules } from "../test/unit/detect/support/sigmahq-corpus.ts";
import { compileRuleSet } from "../worker/detect/compile-rule-set.ts";
import { advanceCorrelations } from "../worker/detect/correlation/engine.ts";
import type { PreparedSource } from "../worker/detect/prepared-rules.ts";
import type { RuleInfo, RuleSet } from "../worker/detect/types.ts";
import { readEvtx } from "../worker/formats/evtx/read-evtx.ts";
import { evtxEvent } from "../worker/formats/log-files/evtx-event.ts";
import { prepareRecord } from "../worker/ingest/prepare.ts";
import type { NormalisedEvent } from "../worker/model/event.ts";
import { mergePlaceholders } from "../worker/rules/list-placeholders.ts";
import { LOGSOURCES } from "../worker/rules/logsources.ts";
import { isInEnabledPack, type PackId } from "../worker/rules/packs.ts";
import { FIELD_MAP } from "../worker/sources/field-map.ts";
import { evtxFiles } from "./lib/evtx-files.ts";
import { bundleSources, collectRuleSources, readPlaceholders } from "./lib/rules-bundle.ts";

const CORPUS = resolve(import.meta.dirname, "../../shared/corpus");
const RECEIVED_AT = Date.UTC(2026, 10, 23, 12, 0, 0);
const BENIGN_FLEET_EVENTS = 20_000;
const SAMPLES_PER_RULE = 2;

/**
 * `every: true` is the ceiling: every rule that compiles, in a pack or not (low and deprecated ones
 * too); `low: true` adds the reviewed (test, stable) low and informational rules of SigmaHQ's
 * `rules/`, which no SigmaHQ package holds.
 */
const SETS: { name: string; packs: PackId[]; every?: boolean; low?: boolean }[] = [
  { name: "edgesiem", packs: ["edgesiem"] },
  { name: "core", packs: ["core"] },
  { name: "core+ (alone, holds core)", packs: ["core+"] },
  { name: "core++ (alone, holds core+)", packs: ["core++"] },
  { name: "emerging-threats", packs: ["emerging-threats"] },
  { name: "threat-hunting", packs: ["threat-hunting"] },
  { name: "edgesiem + core", packs: ["edgesiem", "core"] },
  { name: "edgesiem + core + emerging-threats", packs: ["edgesiem", "core", "emerging-threats"] },
  { name: "edgesiem + core+", packs: ["edgesiem", "core+"] },
  { name: "edgesiem + core+ + emerging-threats", packs: ["edgesiem", "core+", "emerging-threats"] },
  { name: "edgesiem + core++ + emerging-threats", packs: ["edgesiem", "core++", "emerging-threats"] },
  {
    name: "edgesiem + core++ + emerging-threats + threat-hunting",
    packs: ["edgesiem", "core++", "emerging-threats", "threat-hunting"],
  },
  {
    name: "edgesiem + core + emerging-threats + reviewed low and informational",
    packs: ["edgesiem", "core", "emerging-threats"],
    low: true,
  },
  { name: "every rule, in a pack or not", packs: [], every: true },
];

const LOW = new Set(["low", "informational"]);

function isReviewedLow(rule: RuleInfo): boolean {
  return (
    rule.origin.startsWith("rules/sigmahq/rules/") &&
    LOW.has(rule.level) &&
    (rule.status === "test" || rule.status === "stable")
  );
}

function isOn(rule: RuleInfo, set: (typeof SETS)[number]): boolean {
  if (set.every === true || (set.low === true && isReviewedLow(rule))) return true;
  return isInEnabledPack(packOfRule(rule), new Set(set.packs));
}

const VENDORED = new Set(["rules", "rules-emerging-threats", "rules-threat-hunting"]);
const shipped = bundleSources(collectRuleSources(), readPlaceholders());
const unshipped = loadCorpusRules().filter((source) => !VENDORED.has(source.origin.split("/")[0] ?? ""));
const sources: PreparedSource[] = [...shipped, ...unshipped];
const packByOrigin = new Map(shipped.map((source) => [source.origin, source.pack]));
const ruleSet: RuleSet = compileRuleSet(sources, {
  logsources: LOGSOURCES,
  fieldMap: FIELD_MAP,
  placeholders: mergePlaceholders(readPlaceholders(), []),
});

function packOfRule(rule: RuleInfo): PackId | null {
  return packByOrigin.get(rule.origin) ?? null;
}

const HIGH = new Set(["high", "critical"]);
const MEDIUM_AND_UP = new Set(["medium", "high", "critical"]);

function normalised(records: readonly unknown[]): NormalisedEvent[] {
  const events: NormalisedEvent[] = [];
  records.forEach((record, index) => {
    const outcome = prepareRecord(record, index, RECEIVED_AT);
    if ("event" in outcome) events.push(outcome.event);
  });
  return events;
}

interface Raised {
  rule: RuleInfo;
  event: NormalisedEvent;
}

/** The matches of one file, kept once, then the alerts each pack set raises from them. */
function alertsBySet(events: NormalisedEvent[]): Raised[][] {
  const matches = ruleSet.matchAll(events);
  return SETS.map((set) => {
    const on = matches.filter((match) => isOn(match.rule, set));
    const correlations = ruleSet.correlations.filter((rule) => isOn(rule.info, set));
    const inputs = on.map((match) => ({
      ruleId: match.rule.id,
      ruleName: match.rule.name,
      event: events[match.eventIndex] as NormalisedEvent,
    }));
    const { firings } = advanceCorrelations(correlations, {}, inputs, FIELD_MAP);
    return [
      ...on
        .filter((match) => match.alert)
        .map((match) => ({ rule: match.rule, event: events[match.eventIndex] as NormalisedEvent })),
      ...firings.filter((firing) => firing.alert).map((firing) => ({ rule: firing.rule, event: firing.lastEvent })),
    ];
  });
}

interface SetTally {
  silent: string[];
  belowHigh: string[];
  benignLow: number;
  attackFiles: number;
  attackFilesHigh: number;
  benign: Map<string, { rule: RuleInfo; count: number; samples: string[] }>;
}

const tallies: SetTally[] = SETS.map(() => ({
  silent: [],
  belowHigh: [],
  benignLow: 0,
  attackFiles: 0,
  attackFilesHigh: 0,
  benign: new Map(),
}));

function eventSample(source: string, event: NormalisedEvent): string {
  const fields = event.fields as Record<string, unknown>;
  const detail = ["CommandLine", "Image", "ScriptBlockText", "TargetFilename", "ServiceName", "message"]
    .map((name) => fields[name])
    .find((value) => typeof value === "string" && value !== "");
  return `${source}: ${event.dataset} ${event.eventCode ?? ""} ${event.host ?? ""} ${String(detail ?? "").slice(0, 160)}`.trim();
}

function tallyBenign(source: string, events: NormalisedEvent[]): void {
  alertsBySet(events).forEach((raised, index) => {
    const tally = tallies[index] as SetTally;
    for (const { rule, event } of raised) {
      if (!MEDIUM_AND_UP.has(rule.level)) {
        tally.benignLow++;
        continue;
      }
      const entry = tally.benign.get(rule.id) ?? { rule, count: 0, samples: [] };
      entry.count++;
      if (entry.samples.length < SAMPLES_PER_RULE) entry.samples.push(eventSample(source, event));
      tally.benign.set(rule.id, entry);
    }
  });
}

const started = performance.now();
const attackDir = resolve(CORPUS, "evtx-attack-samples");
const attackFiles = evtxFiles([attackDir]);
for (const file of attackFiles) {
  const events = normalised(readEvtx(readFileSync(file)).records.map(evtxEvent));
  alertsBySet(events).forEach((raised, index) => {
    const tally = tallies[index] as SetTally;
    const name = relative(attackDir, file);
    if (raised.length === 0) tally.silent.push(name);
    else if (raised.some(({ rule }) => HIGH.has(rule.level))) tally.attackFilesHigh++;
    else tally.belowHigh.push(name);
    if (raised.length > 0) tally.attackFiles++;
  });
}
const edgeDir = resolve(CORPUS, "evtx-edge-cases");
for (const file of evtxFiles([edgeDir])) {
  tallyBenign(relative(edgeDir, file), normalised(readEvtx(readFileSync(file)).records.map(evtxEvent)));
}
tallyBenign("benign fleet", normalised(createMixGenerator("benign").take(BENIGN_FLEET_EVENTS)));

const rulesIn = (set: (typeof SETS)[number]) =>
  [...ruleSet.rules, ...ruleSet.correlations.map((rule) => rule.info)].filter((rule) => isOn(rule, set)).length;

console.log(
  JSON.stringify(
    {
      attack_sample_files: attackFiles.length,
      benign: `every record of ../shared/corpus/evtx-edge-cases and ${BENIGN_FLEET_EVENTS} events of the benign fleet`,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      sets: SETS.map((set, index) => {
        const tally = tallies[index] as SetTally;
        const benign = [...tally.benign.values()].sort((a, b) => b.count - a.count);
        return {
          name: set.name,
          rules: rulesIn(set),
          attack_files_alerting: tally.attackFiles,
          attack_files_high_or_critical: tally.attackFilesHigh,
          attack_files_silent: tally.silent,
          attack_files_alerting_only_below_high: tally.belowHigh,
          benign_alerts_medium_or_above: benign.reduce((total, entry) => total + entry.count, 0),
          benign_alerts_low_or_informational: tally.benignLow,
          benign_rules: benign.map((entry) => ({
            id: entry.rule.id,
            title: entry.rule.title,
            level: entry.rule.level,
            origin: entry.rule.origin,
            count: entry.count,
            samples: entry.samples,
          })),
        };
      }),
    },
    null,
    2,
  ),
);
