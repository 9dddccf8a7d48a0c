/**
 * How the Worker compiles rule texts: the engine with this deployment's placeholder values, so a
 * rule checked through the API compiles exactly as it will in the active set. The values are those
 * of rules/placeholders.yml merged with the IP lists (each list is the placeholder of its name);
 * callers pass them in, so a compile depends on nothing this isolate did before.
 */
import { compileRuleSet } from "../detect/compile-rule-set.ts";
import type { RuleSet, RuleSource } from "../detect/types.ts";
import { FIELD_MAP } from "../sources/field-map.ts";
import { mergePlaceholders, type Placeholders } from "./list-placeholders.ts";
import { LOGSOURCES } from "./logsources.ts";

export function placeholdersWithLists(
  bundled: Readonly<Record<string, readonly string[]>>,
  lists: readonly { name: string; entries: readonly string[] }[],
): Placeholders {
  return mergePlaceholders(bundled, lists);
}

export function compileRules(sources: readonly RuleSource[], placeholders: Placeholders): RuleSet {
  return compileRuleSet(sources, { logsources: LOGSOURCES, fieldMap: FIELD_MAP, placeholders });
}
