/**
 * Every rule the API knows, bundled or stored, with what it compiled to: the rows of the rules
 * list. A rule's entry is its unit (a Sigma file or a simple-rule line; see rule-units.ts).
 */
import type { CompileError, RuleInfo, RuleSet } from "../detect/types.ts";
import { iso } from "../model/iso-time.ts";
import type { RuleEntry } from "../model/wire/rules.ts";
import type { RuleRow } from "../store/rules-schema.ts";
import type { ActiveRules } from "./active-rule-set.ts";
import { storedRuleOrigin, storedRuleSource } from "./active-sources.ts";
import { compileRules } from "./compile-rules.ts";
import type { RuleUnit } from "./rule-units.ts";

interface Compiled {
  info: RuleInfo | null;
  errors: CompileError[];
}

interface CompiledByOrigin {
  infos: Map<string, RuleInfo[]>;
  errors: Map<string, CompileError[]>;
}

/** The set's rules and errors by origin, built once per set: a catalogue of thousands stays linear. */
const byOrigin = new WeakMap<RuleSet, CompiledByOrigin>();

function groupByOrigin<T>(items: readonly T[], originOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const origin = originOf(item);
    const group = groups.get(origin);
    if (group) group.push(item);
    else groups.set(origin, [item]);
  }
  return groups;
}

function indexed(ruleSet: RuleSet): CompiledByOrigin {
  let index = byOrigin.get(ruleSet);
  if (index === undefined) {
    const infos = [...ruleSet.rules, ...ruleSet.correlations.map((c) => c.info)];
    index = {
      infos: groupByOrigin(infos, (info) => info.origin),
      errors: groupByOrigin(ruleSet.errors, (error) => error.origin),
    };
    byOrigin.set(ruleSet, index);
  }
  return index;
}

function compiledFrom(ruleSet: RuleSet, id: string | null, origin: string, line: number | null): Compiled {
  const { infos, errors } = indexed(ruleSet);
  return {
    info: infos.get(origin)?.find((info) => info.id === id) ?? null,
    errors: (errors.get(origin) ?? []).filter((error) => line === null || error.line === line),
  };
}

function entry(
  compiled: Compiled,
  fields: Pick<RuleEntry, "id" | "kind" | "origin" | "path" | "line" | "overrides_bundled" | "enabled" | "version">,
  updatedAt: number | null,
): RuleEntry {
  const { info, errors } = compiled;
  return {
    ...fields,
    title: info?.title ?? null,
    level: info?.level ?? null,
    tags: info?.tags ?? [],
    status: errors.length === 0 && info !== null ? "compiled" : "failed",
    errors,
    updated_at: iso(updatedAt),
  };
}

function bundledEntry(unit: RuleUnit, compiled: Compiled): RuleEntry {
  return entry(
    compiled,
    {
      id: unit.id,
      kind: unit.kind,
      origin: "bundled",
      path: unit.origin,
      line: unit.line,
      overrides_bundled: false,
      enabled: true,
      version: null,
    },
    null,
  );
}

function storedEntry(row: RuleRow, bundled: RuleUnit | undefined, compiled: Compiled): RuleEntry {
  return entry(
    compiled,
    {
      id: row.id,
      kind: row.kind,
      origin: row.origin,
      path: bundled?.origin ?? null,
      line: bundled?.line ?? null,
      overrides_bundled: bundled !== undefined,
      enabled: row.enabled,
      version: row.version,
    },
    row.updatedAt,
  );
}

/** The entry of one stored rule; a disabled one is not in the active set and is compiled alone. */
export function storedRuleEntry(active: ActiveRules, row: RuleRow): RuleEntry {
  const bundled = active.bundled.units.find((unit) => unit.id === row.id);
  const origin = storedRuleOrigin(row.id);
  const ruleSet = row.enabled ? active.ruleSet : compileRules([storedRuleSource(row)], active.placeholders);
  return storedEntry(row, bundled, compiledFrom(ruleSet, row.id, origin, null));
}

export function bundledRuleEntry(active: ActiveRules, unit: RuleUnit): RuleEntry {
  return bundledEntry(unit, compiledFrom(active.ruleSet, unit.id, unit.origin, unit.line));
}

export function ruleCatalogue(active: ActiveRules): RuleEntry[] {
  const stored = new Set(active.rows.map((row) => row.id));
  const entries: RuleEntry[] = [];
  for (const unit of active.bundled.units) {
    if (unit.id !== null && stored.has(unit.id)) continue;
    entries.push(bundledRuleEntry(active, unit));
  }
  for (const row of active.rows) entries.push(storedRuleEntry(active, row));
  return entries.sort((a, b) => (a.title ?? a.id ?? "").localeCompare(b.title ?? b.id ?? ""));
}
