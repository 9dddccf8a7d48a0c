/**
 * The rule set every ingest batch is matched against: the bundled rules of the enabled packs (with a
 * stored SigmaHQ release in place of the bundled one when an admin applied one) and the database's edits on top, compiled once per isolate and per rule-set version (a bundled rule's
 * detection only when an event first needs it: detect/prepared-rules.ts). Each call costs one small D1 read
 * (the version stamp); only when the stamp moved are the rules read and compiled again, so an edit
 * takes effect on the next batch in every isolate. IP lists are rule placeholders, and their
 * changes bump the same stamp.
 */
import type { RuleSet, RuleSource } from "../detect/types.ts";
import type { StoreHandle } from "../store/handle.ts";
import { loadIpLists } from "../store/ip-lists.ts";
import { type RuleSetStamp, readRuleRows, readRuleSetStamp } from "../store/rules.ts";
import type { RuleReleaseRow, RuleRow } from "../store/rules-schema.ts";
import { activeSources, type BundledRules } from "./active-sources.ts";
import { loadRuleBundle, type RuleBundle } from "./bundled.ts";
import { compileRules, placeholdersWithLists } from "./compile-rules.ts";
import type { Placeholders } from "./list-placeholders.ts";
import { DEFAULT_PACKS, enabledPacks, type PackId } from "./packs.ts";
import { forgetStoredRelease, storedReleaseRules } from "./release-objects.ts";

export interface ActiveRules {
  stamp: RuleSetStamp;
  ruleSet: RuleSet;
  /** What was compiled, in order. */
  sources: readonly RuleSource[];
  /** The bundled rules in use: the shipped ones, or with a stored SigmaHQ release in place of the shipped one. */
  bundled: BundledRules;
  /** What the deployment ships (rules/, as built): its rules, placeholder values and SigmaHQ release. */
  shipped: RuleBundle;
  /** Every database rule, disabled ones too. */
  rows: readonly RuleRow[];
  /** The packs on: the shipped defaults with this deployment's switches on top. */
  packs: ReadonlySet<PackId>;
  /** The placeholder values the set compiled with (IP lists included): a text checked against it uses them too. */
  placeholders: Placeholders;
  /** The SigmaHQ release applied over the bundled one; null: the bundled one. */
  release: RuleReleaseRow | null;
}

let cache: { stamp: string; rules: Promise<ActiveRules> } | null = null;

async function compileActiveRules(store: StoreHandle, releases: R2Bucket): Promise<ActiveRules> {
  const [{ stamp, rows, packs: packRows, release }, lists, shipped] = await Promise.all([
    readRuleRows(store),
    loadIpLists(store),
    loadRuleBundle(),
  ]);
  const placeholders = placeholdersWithLists(shipped.placeholders, lists);
  if (release === null) forgetStoredRelease();
  const bundled = release === null ? shipped.rules : await storedReleaseRules(releases, release.r2Key, shipped.rules);
  const packs = enabledPacks(packRows);
  const sources = activeSources(bundled, rows, packs);
  return {
    stamp,
    ruleSet: compileRules(sources, placeholders),
    sources,
    bundled,
    shipped,
    rows,
    packs,
    placeholders,
    release,
  };
}

/** The active rules; `releases` is the bucket a stored SigmaHQ release is read from (ARCHIVE). */
export async function activeRules(store: StoreHandle, releases: R2Bucket): Promise<ActiveRules> {
  const { stamp } = await readRuleSetStamp(store);
  if (cache === null || cache.stamp !== stamp) {
    const rules = compileActiveRules(store, releases);
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

export async function activeRuleSet(store: StoreHandle, releases: R2Bucket): Promise<RuleSet> {
  return (await activeRules(store, releases)).ruleSet;
}
