/**
 * The rule set every ingest batch is matched against: the bundled rules of the enabled packs with the
 * database's edits on top, compiled once per isolate and per rule-set version (a bundled rule's
 * detection only when an event first needs it: detect/prepared-rules.ts). Each call costs one small D1 read
 * (the version stamp); only when the stamp moved are the rules read and compiled again, so an edit
 * takes effect on the next batch in every isolate. IP lists are rule placeholders, and their
 * changes bump the same stamp.
 */
import type { RuleSet, RuleSource } from "../detect/types.ts";
import type { RuleRelease } from "../model/wire/rules.ts";
import type { StoreHandle } from "../store/handle.ts";
import { loadIpLists } from "../store/ip-lists.ts";
import { type RuleSetStamp, readRuleRows, readRuleSetStamp } from "../store/rules.ts";
import type { RuleRow } from "../store/rules-schema.ts";
import { activeSources, type BundledRules } from "./active-sources.ts";
import { loadRuleBundle } from "./bundled.ts";
import { compileRules, placeholdersWithLists } from "./compile-rules.ts";
import type { Placeholders } from "./list-placeholders.ts";
import { DEFAULT_PACKS, enabledPacks, type PackId } from "./packs.ts";

export interface ActiveRules {
  stamp: RuleSetStamp;
  ruleSet: RuleSet;
  /** What was compiled, in order. */
  sources: readonly RuleSource[];
  bundled: BundledRules;
  /** The SigmaHQ release the bundled packs come from. */
  release: RuleRelease | null;
  /** Every database rule, disabled ones too. */
  rows: readonly RuleRow[];
  /** The packs on: the shipped defaults with this deployment's switches on top. */
  packs: ReadonlySet<PackId>;
  /** The placeholder values the set compiled with (IP lists included): a text checked against it uses them too. */
  placeholders: Placeholders;
}

let cache: { stamp: string; rules: Promise<ActiveRules> } | null = null;

async function compileActiveRules(store: StoreHandle): Promise<ActiveRules> {
  const [{ stamp, rows, packs: packRows }, lists, bundle] = await Promise.all([
    readRuleRows(store),
    loadIpLists(store),
    loadRuleBundle(),
  ]);
  const placeholders = placeholdersWithLists(bundle.placeholders, lists);
  const bundled = bundle.rules;
  const packs = enabledPacks(packRows);
  const sources = activeSources(bundled, rows, packs);
  return {
    stamp,
    ruleSet: compileRules(sources, placeholders),
    sources,
    bundled,
    release: bundle.release,
    rows,
    packs,
    placeholders,
  };
}

export async function activeRules(store: StoreHandle): Promise<ActiveRules> {
  const { stamp } = await readRuleSetStamp(store);
  if (cache === null || cache.stamp !== stamp) {
    const rules = compileActiveRules(store);
    const entry = { stamp, rules };
    cache = entry;
    // A failed read must not stick: the next batch tries again.
    rules.catch(() => {
      if (cache === entry) cache = null;
    });
  }
  return cache.rules;
}

/** The set a new deployment runs with: the bundled rules of `packs`, no stored rule, no IP list. */
export async function shippedRuleSet(packs: Iterable<PackId> = DEFAULT_PACKS): Promise<RuleSet> {
  const bundle = await loadRuleBundle();
  return compileRules(activeSources(bundle.rules, [], new Set(packs)), placeholdersWithLists(bundle.placeholders, []));
}

export async function activeRuleSet(store: StoreHandle): Promise<RuleSet> {
  return (await activeRules(store)).ruleSet;
}
