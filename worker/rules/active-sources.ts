/**
 * Which rule texts make up the active rule set: the bundled ones of the enabled packs, except every
 * rule a database row overrides, plus the enabled database rules. Overridden simple rules are blanked out of their file
 * rather than cut, so the file's other rules keep their line numbers in compile errors.
 */
import type { PreparedSource } from "../detect/prepared-rules.ts";
import type { RuleKind, RuleSource } from "../detect/types.ts";
import { isInEnabledPack, type PackId } from "./packs.ts";
import { type RuleUnit, splitLines } from "./rule-units.ts";

export interface StoredRule {
  id: string;
  kind: RuleKind;
  text: string;
  enabled: boolean;
}

/** A bundled rule file (see bundled.ts) with what the build worked out about it. */
export interface BundledSource extends PreparedSource {
  /** The pack the rule ships in; null: in none, enabled only on its own. */
  pack: PackId | null;
  /** A Sigma file's rule id (its first document's), worked out at build time. */
  id?: string | null;
}

/** A bundled rule unit, with its file's pack. */
export interface BundledUnit extends RuleUnit {
  pack: PackId | null;
}

export interface BundledRules {
  sources: readonly BundledSource[];
  units: readonly BundledUnit[];
}

/** Whether a bundled unit is on: its row's switch when it has one, else its pack's. */
export function isBundledUnitOn(unit: BundledUnit, row: StoredRule | undefined, packs: ReadonlySet<PackId>): boolean {
  return row === undefined ? isInEnabledPack(unit.pack, packs) : row.enabled;
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

/**
 * A bundled rule is on when its pack is, unless a row says otherwise: a row switches one rule on or
 * off whatever its pack, or replaces its text.
 */
export function activeSources(
  bundled: BundledRules,
  stored: readonly StoredRule[],
  packs: ReadonlySet<PackId>,
): PreparedSource[] {
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
  const sources: PreparedSource[] = bundled.sources
    .filter((source) => isInEnabledPack(source.pack, packs) && !droppedOrigins.has(source.origin))
    .map((source) => withoutLines(source, blankedLines.get(source.origin) ?? new Set()));
  for (const rule of stored) if (rule.enabled) sources.push(storedRuleSource(rule));
  return sources;
}
