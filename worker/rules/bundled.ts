/**
 * The rules bundled into the Worker at build time (scripts/lib/rules-bundle.ts writes the module from
 * rules/): EdgeSIEM's own and the vendored SigmaHQ release, each with its pack, its Sigma rule id and
 * its prepared form (detect/prepared-rules.ts), so a cold isolate neither parses the YAML of
 * thousands of rules to list them nor compiles them before its first batch. They change only with a
 * new deployment, so their units are worked out once per isolate.
 */
import bundle from "../../dist/rules/bundled-rules.js";
import type { RuleRelease } from "../model/wire/rules.ts";
import type { BundledRules, BundledSource } from "./active-sources.ts";
import { PACKS, type PackId } from "./packs.ts";
import { parsePlaceholders } from "./placeholders.ts";
import { ruleUnits } from "./rule-units.ts";

export function parseRuleBundle(json: unknown): BundledSource[] {
  const sources = (json as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(sources)) throw new Error("rule bundle has no 'sources' list: run npm run build:rules");
  return sources.map((source, index) => {
    const { origin, kind, text, pack } = (source ?? {}) as Record<string, unknown>;
    if (typeof origin !== "string" || (kind !== "sigma" && kind !== "simple") || typeof text !== "string") {
      throw new Error(`rule bundle entry ${index} is not {origin, kind: sigma|simple, text}`);
    }
    if (pack !== null && !PACKS.includes(pack as PackId)) throw new Error(`rule bundle entry ${index} has no pack`);
    return source as BundledSource;
  });
}

export function bundledRulesFrom(sources: readonly BundledSource[]): BundledRules {
  return {
    sources,
    units: sources.flatMap((source) =>
      source.kind === "sigma" && source.id !== undefined
        ? [
            {
              id: source.id,
              kind: "sigma" as const,
              origin: source.origin,
              line: null,
              text: source.text,
              pack: source.pack,
            },
          ]
        : ruleUnits(source).map((unit) => ({ ...unit, pack: source.pack })),
    ),
  };
}

let loaded: BundledRules | null = null;

export function bundledRules(): BundledRules {
  loaded ??= bundledRulesFrom(parseRuleBundle(bundle));
  return loaded;
}

export function bundledRelease(): RuleRelease | null {
  return ((bundle as { release?: RuleRelease | null }).release ?? null) as RuleRelease | null;
}

let placeholders: Record<string, string[]> | null = null;

/** The placeholder values of rules/placeholders.yml, for the `expand` modifier. */
export function bundledPlaceholders(): Readonly<Record<string, readonly string[]>> {
  placeholders ??= parsePlaceholders((bundle as { placeholders?: unknown }).placeholders ?? {});
  return placeholders;
}
