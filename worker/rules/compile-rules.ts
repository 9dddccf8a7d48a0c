/**
 * How the Worker compiles rule texts: the engine with this deployment's placeholder values, so a
 * rule checked through the API compiles exactly as it will in the active set.
 */
import { compileRuleSet } from "../detect/compile-rule-set.ts";
import type { RuleSet, RuleSource } from "../detect/types.ts";
import { bundledPlaceholders } from "./bundled.ts";

export function compileRules(sources: readonly RuleSource[]): RuleSet {
  return compileRuleSet(sources, { placeholders: bundledPlaceholders() });
}
