/**
 * Which rule texts make up the active rule set: the bundled ones, except every rule a database row
 * overrides, plus the enabled database rules. Overridden simple rules are blanked out of their file
 * rather than cut, so the file's other rules keep their line numbers in compile errors.
 */
import type { RuleKind, RuleSource } from "../detect/types.ts";
import { type RuleUnit, splitLines } from "./rule-units.ts";

export interface StoredRule {
  id: string;
  kind: RuleKind;
  text: string;
  enabled: boolean;
}

export interface BundledRules {
  sources: readonly RuleSource[];
  units: readonly RuleUnit[];
}

export function storedRuleOrigin(id: string): string {
  return `db:${id}`;
}

export function storedRuleSource(rule: StoredRule): RuleSource {
  return { origin: storedRuleOrigin(rule.id), kind: rule.kind, text: rule.text };
}

function withoutLines(source: RuleSource, lines: ReadonlySet<number>): RuleSource {
  if (lines.size === 0) return source;
  const text = splitLines(source.text)
    .map((line, index) => (lines.has(index + 1) ? "" : line))
    .join("\n");
  return { ...source, text };
}

export function activeSources(bundled: BundledRules, stored: readonly StoredRule[]): RuleSource[] {
  const overridden = new Set(stored.map((rule) => rule.id));
  const droppedOrigins = new Set<string>();
  const blankedLines = new Map<string, Set<number>>();
  for (const unit of bundled.units) {
    if (unit.id === null || !overridden.has(unit.id)) continue;
    if (unit.line === null) {
      droppedOrigins.add(unit.origin);
    } else {
      const lines = blankedLines.get(unit.origin) ?? new Set<number>();
      lines.add(unit.line);
      blankedLines.set(unit.origin, lines);
    }
  }
  const sources = bundled.sources
    .filter((source) => !droppedOrigins.has(source.origin))
    .map((source) => withoutLines(source, blankedLines.get(source.origin) ?? new Set()));
  for (const rule of stored) if (rule.enabled) sources.push(storedRuleSource(rule));
  return sources;
}
