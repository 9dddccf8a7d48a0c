/**
 * Rule packs, the way SigmaHQ packages its releases (its Releases.md): a pack is chosen by the
 * folder a rule comes from, its status and its level.
 *
 * | pack             | folder                 | status                     | level                   |
 * |------------------|------------------------|----------------------------|-------------------------|
 * | core             | rules/                 | test, stable               | high, critical          |
 * | core+            | rules/                 | test, stable               | medium and up           |
 * | core++           | rules/                 | experimental, test, stable | medium and up           |
 * | emerging-threats | rules-emerging-threats/| experimental, test, stable | medium and up           |
 * | threat-hunting   | rules-threat-hunting/  | experimental, test, stable | any                     |
 *
 * core+ holds core, and core++ holds core+, as in SigmaHQ's packages. EdgeSIEM's own rules are
 * the `edgesiem` pack. A rule in no pack (a deprecated or unsupported one, a low or informational
 * core rule, a placeholder rule) is shipped but only ever enabled on its own.
 */
import type { RuleLevel } from "../model/rule-level.ts";

export const PACKS = ["edgesiem", "core", "core+", "core++", "emerging-threats", "threat-hunting"] as const;
export type PackId = (typeof PACKS)[number];

/** What the dashboard says of each pack. */
export const PACK_DESCRIPTIONS: Readonly<Record<PackId, string>> = {
  edgesiem: "EdgeSIEM's own rules (rules/sigma, rules/simple.txt): tested on attack samples and benign logs.",
  core: "SigmaHQ rules/, status test or stable, level high or critical: the rules SigmaHQ reviewed, that should wake someone.",
  "core+": "core, plus SigmaHQ rules/ of level medium (test or stable): broader, noisier on a real fleet.",
  "core++": "core+, plus SigmaHQ rules/ still experimental: broad and the least reviewed.",
  "emerging-threats": "SigmaHQ rules-emerging-threats/: specific campaigns, malware and exploits (medium and up).",
  "threat-hunting": "SigmaHQ rules-threat-hunting/: leads for a hunter to review, not alerts to page on.",
};

/**
 * On in a new deployment: chosen by measurement (`npm run rules:packs`): these raise nothing at
 * medium or above on the benign logs but a real log clear, and core+ adds 181 benign alerts for one
 * more attack file. A deployment switches packs on and off (rule_packs table); these hold until it does.
 */
export const DEFAULT_PACKS: readonly PackId[] = ["edgesiem", "core", "emerging-threats"];

/** What decides a rule's pack: the top folder it comes from in the release, its status and level. */
export interface PackedRule {
  folder: string;
  status: string | null;
  level: RuleLevel;
}

const LIVE = new Set(["experimental", "test", "stable"]);
const REVIEWED = new Set(["test", "stable"]);
const MEDIUM_AND_UP = new Set<RuleLevel>(["medium", "high", "critical"]);
const HIGH_AND_UP = new Set<RuleLevel>(["high", "critical"]);

/** The smallest pack that holds the rule, or null when none does. */
export function packOf(rule: PackedRule, ownFolder = "edgesiem"): PackId | null {
  const status = rule.status ?? "experimental";
  if (rule.folder === ownFolder) return "edgesiem";
  if (!LIVE.has(status)) return null;
  if (rule.folder === "rules-threat-hunting") return "threat-hunting";
  if (!MEDIUM_AND_UP.has(rule.level)) return null;
  if (rule.folder === "rules-emerging-threats") return "emerging-threats";
  if (rule.folder !== "rules") return null;
  if (!REVIEWED.has(status)) return "core++";
  return HIGH_AND_UP.has(rule.level) ? "core" : "core+";
}

/** The packs that hold a rule of `pack`: the nested core packs hold the smaller ones. */
export function packsHolding(pack: PackId): PackId[] {
  if (pack === "core") return ["core", "core+", "core++"];
  if (pack === "core+") return ["core+", "core++"];
  return [pack];
}

/** Whether a rule of `pack` is on when the packs `enabled` are. */
export function isInEnabledPack(pack: PackId | null, enabled: ReadonlySet<PackId>): boolean {
  return pack !== null && packsHolding(pack).some((holder) => enabled.has(holder));
}

/** The packs on: the defaults, with each pack a deployment switched as it chose. */
export function enabledPacks(switches: readonly { pack: string; enabled: boolean }[]): Set<PackId> {
  const on = new Set<PackId>(DEFAULT_PACKS);
  for (const { pack, enabled } of switches) {
    const known = PACKS.find((id) => id === pack);
    if (known === undefined) continue;
    if (enabled) on.add(known);
    else on.delete(known);
  }
  return on;
}
