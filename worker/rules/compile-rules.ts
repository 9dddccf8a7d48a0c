/**
 * How the Worker compiles rule texts: the engine with this deployment's placeholder values, so a
 * rule checked through the API compiles exactly as it will in the active set. The values are those
 * of rules/placeholders.yml merged with the IP lists (each list is the placeholder of its name).
 */
import { compileRuleSet } from "../detect/compile-rule-set.ts";
import type { RuleSet, RuleSource } from "../detect/types.ts";
import { bundledPlaceholders } from "./bundled.ts";
import { mergePlaceholders, type Placeholders } from "./list-placeholders.ts";
import { LOGSOURCES } from "./logsources.ts";

// The IP lists of the rule-set version this isolate compiled last (active-rule-set.ts sets them
// with the stamp), so rules checked through the API see the same lists as the active set.
let placeholders: Placeholders | null = null;

export function useIpListPlaceholders(lists: readonly { name: string; entries: readonly string[] }[]): void {
  placeholders = mergePlaceholders(bundledPlaceholders(), lists);
}

export function compileRules(sources: readonly RuleSource[]): RuleSet {
  placeholders ??= mergePlaceholders(bundledPlaceholders(), []);
  return compileRuleSet(sources, { logsources: LOGSOURCES, placeholders });
}
