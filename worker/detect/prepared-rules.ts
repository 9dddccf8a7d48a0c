/**
 * Sigma sources compiled ahead of time (at build time, for the rules shipped in the bundle) into
 * what the rule index needs without compiling anything: each rule's info, logsource and prefilter
 * clauses. A rule set built from prepared sources compiles a rule's detection only when an event
 * first passes its prefilter, so a cold isolate pays for the few rules its traffic can hit, not for
 * the thousands it ships. A source is prepared only when compiling it on its own later gives the
 * same rules: no correlation or meta filter (they refer to other rules) and no placeholder (IP
 * lists change them at run time); every other source compiles as before.
 */
import type { Logsource } from "./logsource.ts";
import { compileSigmaSource } from "./sigma/compile-source.ts";
import { FieldRegistry } from "./sigma/eval-context.ts";
import { atomRarity, requiredClauses } from "./sigma/match-tree.ts";
import type { CompileError, RuleInfo, RuleSource } from "./types.ts";

/** One literal of a prefilter clause, its field by name (field numbers are per rule set). */
export interface PreparedAtom {
  field: string;
  text: string;
  exact: boolean;
}

export interface PreparedRule {
  info: RuleInfo;
  logsource: Logsource;
  /** Line of the rule's document, for a duplicate-id error. */
  line: number;
  clauses: PreparedAtom[][];
}

export interface PreparedSigma {
  rules: PreparedRule[];
  errors: CompileError[];
}

/** A source with its prepared form, when it has one. */
export interface PreparedSource extends RuleSource {
  prepared?: PreparedSigma;
}

/** The `expand` modifier reads placeholder values, which the deployment's IP lists change. */
function usesPlaceholders(text: string): boolean {
  return /\|\s*expand\b/.test(text);
}

/**
 * Each source's prepared form (undefined for one that must compile with its set), computed with the
 * placeholder values the bundle ships; a prepared source whose text fails keeps its errors.
 */
export function prepareSigmaSources(
  sources: readonly RuleSource[],
  placeholders: Readonly<Record<string, readonly string[]>>,
): (PreparedSigma | undefined)[] {
  const registry = new FieldRegistry();
  const env = { registry, placeholders };
  const compiled = sources.map((source) => {
    if (source.kind !== "sigma" || usesPlaceholders(source.text)) return undefined;
    const out = compileSigmaSource(source, env);
    return out.correlations.length === 0 && out.filters.length === 0 ? out : undefined;
  });
  // The rarity the set compiler uses, over every prepared rule, so the clauses it keeps are as selective.
  const rarity = atomRarity(compiled.flatMap((out) => out?.rules.map((draft) => draft.node) ?? []));
  return compiled.map((out) => {
    if (out === undefined) return undefined;
    return {
      errors: out.errors,
      rules: out.rules.map((draft) => ({
        info: draft.info,
        logsource: draft.logsource,
        line: draft.line,
        clauses: requiredClauses(draft.node, rarity).map((clause) =>
          clause.map((atom) => ({ field: registry.names[atom.field] ?? "", text: atom.text, exact: atom.exact })),
        ),
      })),
    };
  });
}
