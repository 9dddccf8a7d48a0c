/**
 * Compiling one rule text before it is stored or tested. A correlation rule refers to other rules,
 * so it is compiled together with the rest of the active set; anything else is compiled alone.
 * Only the errors of the text itself are reported.
 */

import type { CompileError, RuleSet, RuleSource } from "../detect/types.ts";
import { compileRules } from "./compile-rules.ts";
import type { Placeholders } from "./list-placeholders.ts";
import { hasCorrelation, ruleUnits } from "./rule-units.ts";

/** What a text compiles against: the rules a correlation may refer to, and the placeholder values. */
export interface CheckContext {
  sources: () => readonly RuleSource[];
  placeholders: Placeholders;
}

export interface CompiledText {
  ruleSet: RuleSet;
  errors: CompileError[];
  /** Ids of the detection and correlation rules the text defines. */
  ruleIds: string[];
}

export function compileText(source: RuleSource, context: CheckContext): CompiledText {
  const sources = hasCorrelation(source) ? [...context.sources(), source] : [source];
  const ruleSet = compileRules(sources, context.placeholders);
  const own = (origin: string) => origin === source.origin;
  return {
    ruleSet,
    errors: ruleSet.errors.filter((error) => own(error.origin)),
    ruleIds: [...ruleSet.rules, ...ruleSet.correlations.map((c) => c.info)]
      .filter((info) => own(info.origin))
      .map((info) => info.id),
  };
}

function problem(source: RuleSource, reason: string): CompileError {
  return { origin: source.origin, line: null, ruleId: null, reason };
}

export type RuleCheck = { ok: true; id: string; compiled: CompiledText } | { ok: false; errors: CompileError[] };

/** A text fit to store as one rule: it compiles, defines a rule, and names it by its own id. */
export function checkRuleText(source: RuleSource, context: CheckContext): RuleCheck {
  const compiled = compileText(source, context);
  if (compiled.errors.length > 0) return { ok: false, errors: compiled.errors };
  if (compiled.ruleIds.length === 0) return { ok: false, errors: [problem(source, "the text defines no rule")] };
  const units = ruleUnits(source);
  if (source.kind === "simple" && units.length !== 1) {
    return { ok: false, errors: [problem(source, "a simple rule is one line: - 'pattern'")] };
  }
  const id = units[0]?.id ?? null;
  if (id === null) return { ok: false, errors: [problem(source, "the rule has no 'id'; a stored rule needs its own")] };
  return { ok: true, id, compiled };
}
