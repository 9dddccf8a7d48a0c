/**
 * The rules bundled into the Worker at build time (scripts/lib/rules-bundle.ts writes the module from
 * rules/): EdgeSIEM's own and the vendored SigmaHQ release, each with its pack, its Sigma rule id and
 * its prepared form (detect/prepared-rules.ts), so a cold isolate neither parses the YAML of
 * thousands of rules to list them nor compiles them before its first batch. They change only with a
 * new deployment, so they are loaded once per isolate, and only when a request first needs rules:
 * an isolate that serves the dashboard's other pages never decompresses the 12 MB of them.
 */
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

/** What the bundle holds, ready to use. */
export interface RuleBundle {
  rules: BundledRules;
  /** The placeholder values of rules/placeholders.yml, for the `expand` modifier. */
  placeholders: Readonly<Record<string, readonly string[]>>;
  release: RuleRelease | null;
}

/** A part of the bundle: its JSON, gzipped, in base64 (scripts/lib/rules-bundle.ts). */
async function partSources(part: string): Promise<unknown[]> {
  const binary = atob(part);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const json = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  return JSON.parse(json) as unknown[];
}

/** The bundle module's value, its parts read: what ruleBundleFrom takes. */
async function bundleJson(module: { release: unknown; placeholders: unknown; parts: string[] }) {
  const parts = await Promise.all(module.parts.map(partSources));
  return { release: module.release, placeholders: module.placeholders, sources: parts.flat() };
}

function ruleBundleFrom(json: unknown): RuleBundle {
  const bundle = (json ?? {}) as { placeholders?: unknown; release?: RuleRelease | null };
  return {
    rules: bundledRulesFrom(parseRuleBundle(json)),
    placeholders: parsePlaceholders(bundle.placeholders ?? {}),
    release: bundle.release ?? null,
  };
}

let loaded: Promise<RuleBundle> | null = null;

export function loadRuleBundle(): Promise<RuleBundle> {
  if (loaded === null) {
    const loading = import("../../dist/rules/bundled-rules.js")
      .then((module) => bundleJson(module.default))
      .then(ruleBundleFrom);
    loaded = loading;
    // A failed read must not stick: the next batch tries again (its batch goes to the retry queue).
    loading.catch(() => {
      if (loaded === loading) loaded = null;
    });
  }
  return loaded;
}
