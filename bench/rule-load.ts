/**
 * Rule loading: what the shipped rule packs cost a cold isolate before and during its first batch,
 * and what the active set matches per second once warm, with the default packs and with every
 * pack on. Events: the OTRF atomic Windows datasets (bench/otrf-events.ts), a real event mix.
 *
 * - cold: each run is a fresh Node process (bench/rule-load-cold.ts), CPU time of the process for
 *   reading the rule bundle (its modules, decompressed and parsed), building the set and matching the first batch of 100 events.
 *   Baseline in the same run: the same rules compiled from their texts before the batch (no
 *   prepared forms), which is what every cold isolate paid before the bundle carried them.
 * - steady: the set built once in this process, warmed, then matched over the rest of the mix in
 *   batches of 1,000; baseline: the set compiled from the texts, on the same batches, the two
 *   taking turns. They must find the same matches.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { RuleSet } from "../worker/detect/types.ts";
import type { NormalisedEvent } from "../worker/model/event.ts";
import { activeSources } from "../worker/rules/active-sources.ts";
import { loadRuleBundle, type RuleBundle } from "../worker/rules/bundled.ts";
import { compileRules, placeholdersWithLists } from "../worker/rules/compile-rules.ts";
import { DEFAULT_PACKS, PACKS, type PackId } from "../worker/rules/packs.ts";
import { type BenchConfig, percentile, perSecond, progress, round } from "./measure.ts";
import { otrfEvents } from "./otrf-events.ts";

const FIRST_BATCH = 100;
const STEADY_BATCH = 1000;
const WARMUP_EVENTS = 2000;
/** Records taken from each of the OTRF zips. */
const PER_ZIP = 600;
/** Cold processes per figure; the median is reported. */
const COLD_RUNS = 5;
const OUT = resolve(import.meta.dirname, "out");
const COLD_SCRIPT = resolve(import.meta.dirname, "rule-load-cold.ts");

interface ColdRun {
  rules: number;
  load_ms: number;
  set_ms: number;
  batch_ms: number;
  total_ms: number;
  matches: number;
}

function coldRun(mode: "prepared" | "texts", packs: string, eventsFile: string): ColdRun {
  const out = execFileSync(process.execPath, [COLD_SCRIPT, mode, packs, eventsFile], { encoding: "utf8" });
  return JSON.parse(out) as ColdRun;
}

function coldFigure(mode: "prepared" | "texts", packs: string, eventsFile: string) {
  const runs = Array.from({ length: COLD_RUNS }, () => coldRun(mode, packs, eventsFile));
  const pick = (key: keyof ColdRun) =>
    round(
      percentile(
        runs.map((run) => run[key]),
        50,
      ),
      1,
    );
  return {
    rules: runs[0]?.rules ?? 0,
    matches: runs[0]?.matches ?? 0,
    load_cpu_ms: pick("load_ms"),
    set_cpu_ms: pick("set_ms"),
    first_batch_cpu_ms: pick("batch_ms"),
    total_cpu_ms: pick("total_ms"),
  };
}

function setOf(bundle: RuleBundle, packs: ReadonlySet<PackId>, prepared: boolean): RuleSet {
  const sources = activeSources(bundle.rules, [], packs).map((source) =>
    prepared ? source : { origin: source.origin, kind: source.kind, text: source.text },
  );
  return compileRules(sources, placeholdersWithLists(bundle.placeholders, []));
}

/** Matches of one batch, as "event rule" keys with the event's place in the measured list. */
function keysOf(ruleSet: RuleSet, batch: readonly NormalisedEvent[], offset: number): string[] {
  return ruleSet.matchAll(batch).map((match) => `${offset + match.eventIndex} ${match.rule.id}`);
}

/**
 * Both sets over the same batches, taking turns (which one goes first alternates), so a JIT or
 * a clock that warms up during the run favours neither.
 */
function steadyFigure(bundle: RuleBundle, packs: ReadonlySet<PackId>, events: readonly NormalisedEvent[]) {
  const sets = { prepared: setOf(bundle, packs, true), texts: setOf(bundle, packs, false) };
  for (const ruleSet of Object.values(sets)) ruleSet.matchAll(events.slice(0, WARMUP_EVENTS));
  const measured = events.slice(WARMUP_EVENTS);
  const ms = { prepared: 0, texts: 0 };
  const keys: Record<"prepared" | "texts", string[]> = { prepared: [], texts: [] };
  for (let i = 0, turn = 0; i < measured.length; i += STEADY_BATCH, turn++) {
    const batch = measured.slice(i, i + STEADY_BATCH);
    const order: ("prepared" | "texts")[] = turn % 2 === 0 ? ["prepared", "texts"] : ["texts", "prepared"];
    for (const name of order) {
      const started = performance.now();
      const found = keysOf(sets[name], batch, i);
      ms[name] += performance.now() - started;
      keys[name].push(...found);
    }
  }
  if (keys.prepared.join("\n") !== keys.texts.join("\n")) {
    throw new Error("the prepared set and the set compiled from texts found different matches");
  }
  const prepared = perSecond(measured.length, ms.prepared);
  const texts = perSecond(measured.length, ms.texts);
  return {
    events: measured.length,
    matches: keys.prepared.length,
    prepared_events_per_s: round(prepared),
    texts_events_per_s: round(texts),
    prepared_vs_texts: round(prepared / texts, 2),
  };
}

export async function ruleLoadBench(_config: BenchConfig) {
  progress("rule-load: reading the OTRF records");
  const events = otrfEvents(PER_ZIP);
  mkdirSync(OUT, { recursive: true });
  const eventsFile = join(OUT, "rule-load-first-batch.json");
  writeFileSync(eventsFile, JSON.stringify(events.slice(0, FIRST_BATCH)));
  const sets = { default: DEFAULT_PACKS.join(","), every_pack: "all" };
  const cold: Record<string, unknown> = {};
  for (const [name, packs] of Object.entries(sets)) {
    progress(`rule-load: cold isolates, ${name} packs`);
    const prepared = coldFigure("prepared", packs, eventsFile);
    const texts = coldFigure("texts", packs, eventsFile);
    cold[name] = {
      prepared,
      texts_baseline: texts,
      total_texts_over_prepared: round(texts.total_cpu_ms / prepared.total_cpu_ms, 1),
    };
  }
  progress("rule-load: steady state");
  const bundle = await loadRuleBundle();
  const steady = {
    default: steadyFigure(bundle, new Set(DEFAULT_PACKS), events),
    every_pack: steadyFigure(bundle, new Set(PACKS), events),
  };
  return {
    notes:
      `cold: CPU (user+system) of a fresh Node process per run, median of ${COLD_RUNS}: load = reading the rule bundle ` +
      "(worker/rules/bundled.ts loadRuleBundle: its modules, gunzip, JSON.parse), set = building the active set of the packs, first_batch = matching the first " +
      `${FIRST_BATCH} events of the mix (rules compiled on first need happen here); texts_baseline compiles every rule ` +
      `from its YAML before the batch. steady: matchAll in batches of ${STEADY_BATCH} after ${WARMUP_EVENTS} warm-up events, ` +
      "prepared set vs the set compiled from texts taking turns on each batch, same matches required. " +
      `Events: up to ${PER_ZIP} records of each OTRF ` +
      "atomic Windows zip, interleaved, normalised by the ingest adapters before timing.",
    first_batch_events: FIRST_BATCH,
    cold,
    steady,
  };
}
