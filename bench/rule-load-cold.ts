/**
 * One cold isolate, as a fresh Node process: `node bench/rule-load-cold.ts <prepared|texts> <packs> <events.json>`.
 * Times, in CPU (user + system) of this process, what a Worker isolate's first batch pays for its
 * rules: reading the bundle (its modules, decompressed and parsed), building the active set of the packs (comma-separated, or
 * `all`), and matching the first batch. `texts` drops the prepared forms first, so every rule
 * compiles from its YAML before the batch: the cost without prepared sources. Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import type { NormalisedEvent } from "../worker/model/event.ts";

const [mode, packList, eventsFile] = process.argv.slice(2);
if ((mode !== "prepared" && mode !== "texts") || packList === undefined || eventsFile === undefined) {
  throw new Error("usage: rule-load-cold.ts <prepared|texts> <packs|all> <events.json>");
}
const events = JSON.parse(readFileSync(eventsFile, "utf8")) as NormalisedEvent[];
// The engine's modules load before the clock starts (a Worker has them in its script either way).
const { activeSources } = await import("../worker/rules/active-sources.ts");
const { compileRules, placeholdersWithLists } = await import("../worker/rules/compile-rules.ts");
const { loadRuleBundle } = await import("../worker/rules/bundled.ts");
const { PACKS } = await import("../worker/rules/packs.ts");

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const start = process.cpuUsage();
const bundle = await loadRuleBundle();
const bundled = bundle.rules;
const placeholders = placeholdersWithLists(bundle.placeholders, []);
const loadMs = cpuMs(start);

const atSet = process.cpuUsage();
const packs = new Set(packList === "all" ? PACKS : packList.split(",").map((p) => p as (typeof PACKS)[number]));
const sources = activeSources(bundled, [], packs).map((source) =>
  mode === "texts" ? { origin: source.origin, kind: source.kind, text: source.text } : source,
);
const ruleSet = compileRules(sources, placeholders);
const setMs = cpuMs(atSet);

const atBatch = process.cpuUsage();
const matches = ruleSet.matchAll(events);
const batchMs = cpuMs(atBatch);

process.stdout.write(
  `${JSON.stringify({ mode, packs: [...packs], rules: ruleSet.rules.length, load_ms: loadMs, set_ms: setMs, batch_ms: batchMs, total_ms: cpuMs(start), matches: matches.length })}\n`,
);
