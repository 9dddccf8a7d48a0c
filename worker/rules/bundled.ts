/**
 * The rules bundled into the Worker at build time (scripts/bundle-rules.ts writes the module from
 * rules/). They change only with a new deployment, so their units are worked out once per isolate.
 */
import bundle from "../../dist/rules/bundled-rules.json" with { type: "json" };
import type { RuleSource } from "../detect/types.ts";
import type { BundledRules } from "./active-sources.ts";
import { parsePlaceholders } from "./placeholders.ts";
import { ruleUnits } from "./rule-units.ts";

export function parseRuleBundle(json: unknown): RuleSource[] {
  const sources = (json as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(sources)) throw new Error("rule bundle has no 'sources' list: run npm run build:rules");
  return sources.map((source, index) => {
    const { origin, kind, text } = (source ?? {}) as Record<string, unknown>;
    if (typeof origin !== "string" || (kind !== "sigma" && kind !== "simple") || typeof text !== "string") {
      throw new Error(`rule bundle entry ${index} is not {origin, kind: sigma|simple, text}`);
    }
    return { origin, kind, text };
  });
}

export function bundledRulesFrom(sources: readonly RuleSource[]): BundledRules {
  return { sources, units: sources.flatMap(ruleUnits) };
}

let loaded: BundledRules | null = null;

export function bundledRules(): BundledRules {
  loaded ??= bundledRulesFrom(parseRuleBundle(bundle));
  return loaded;
}

let placeholders: Record<string, string[]> | null = null;

/** The placeholder values of rules/placeholders.yml, for the `expand` modifier. */
export function bundledPlaceholders(): Readonly<Record<string, readonly string[]>> {
  placeholders ??= parsePlaceholders((bundle as { placeholders?: unknown }).placeholders ?? {});
  return placeholders;
}
