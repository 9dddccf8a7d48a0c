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
