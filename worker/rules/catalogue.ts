/**
 * Every rule the API knows, bundled or stored, with what it compiled to: the rows of the rules
 * list. A unit (a Sigma file or a simple-rule line; see rule-units.ts) has its entry, and each
 * later rule of a Sigma file (a correlation's base rule, say) one more, pointing at its file.
 */
import type { CompileError, RuleInfo, RuleSet } from "../detect/types.ts";
import { iso } from "../model/iso-time.ts";
import type { RuleEntry } from "../model/wire/rules.ts";
import type { RuleRow } from "../store/rules-schema.ts";
import type { ActiveRules } from "./active-rule-set.ts";
import { type BundledUnit, isBundledUnitOn, storedRuleOrigin, storedRuleSource } from "./active-sources.ts";
import { compileRules } from "./compile-rules.ts";

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
  fields: Pick<
    RuleEntry,
    "id" | "kind" | "origin" | "path" | "line" | "overrides_bundled" | "pack" | "enabled" | "version" | "note"
  >,
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
    file_id: null,
  };
}

/** The file's entry, then one per later rule it compiled to: the file's switches, the rule's own title. */
function withLaterRules(ruleSet: RuleSet, first: RuleEntry, origin: string): RuleEntry[] {
  if (first.kind !== "sigma" || first.id === null) return [first];
  const later = (indexed(ruleSet).infos.get(origin) ?? []).filter((info) => info.id !== first.id);
  return [
    first,
    ...later.map(
      (info): RuleEntry => ({
        ...first,
        id: info.id,
        title: info.title,
        level: info.level,
        tags: info.tags,
        status: "compiled",
        errors: [],
        file_id: first.id,
      }),
    ),
  ];
}

function bundledEntry(unit: BundledUnit, compiled: Compiled, enabled: boolean): RuleEntry {
  return entry(
    compiled,
    {
      id: unit.id,
      kind: unit.kind,
      origin: "bundled",
      path: unit.origin,
      line: unit.line,
      overrides_bundled: false,
      pack: unit.pack,
      enabled,
      version: null,
      note: null,
    },
    null,
  );
}

function storedEntry(row: RuleRow, bundled: BundledUnit | undefined, compiled: Compiled): RuleEntry {
  return entry(
    compiled,
    {
      id: row.id,
      kind: row.kind,
      origin: row.origin,
      path: bundled?.origin ?? null,
      line: bundled?.line ?? null,
      overrides_bundled: bundled !== undefined,
      pack: bundled?.pack ?? null,
      enabled: row.enabled,
      version: row.version,
      note: row.note,
    },
    row.updatedAt,
  );
}

/** The entries of one stored rule's file; a disabled one is not in the active set and is compiled alone. */
export function storedRuleEntries(active: ActiveRules, row: RuleRow): RuleEntry[] {
  const bundled = active.bundled.units.find((unit) => unit.id === row.id);
  const origin = storedRuleOrigin(row.id);
  const ruleSet = row.enabled ? active.ruleSet : compileRules([storedRuleSource(row)], active.placeholders);
  return withLaterRules(ruleSet, storedEntry(row, bundled, compiledFrom(ruleSet, row.id, origin, null)), origin);
}

/**
 * The bundled rules of the packs that are off, as a set of their own: what each compiles to is
 * listed without adding them to the active set. Prepared, they cost no compile (prepared-rules.ts).
 */
const offPackSets = new WeakMap<ActiveRules, RuleSet>();

function offPackSet(active: ActiveRules): RuleSet {
  let set = offPackSets.get(active);
  if (set === undefined) {
    const on = new Set(active.sources.map((source) => source.origin));
    set = compileRules(
      active.bundled.sources.filter((source) => !on.has(source.origin)),
      active.placeholders,
    );
    offPackSets.set(active, set);
  }
  return set;
}

export function bundledRuleEntries(active: ActiveRules, unit: BundledUnit): RuleEntry[] {
  const enabled = isBundledUnitOn(unit, undefined, active.packs);
  const ruleSet = enabled ? active.ruleSet : offPackSet(active);
  const first = bundledEntry(unit, compiledFrom(ruleSet, unit.id, unit.origin, unit.line), enabled);
  return withLaterRules(ruleSet, first, unit.origin);
}

export function ruleCatalogue(active: ActiveRules): RuleEntry[] {
  const stored = new Set(active.rows.map((row) => row.id));
  const entries: RuleEntry[] = [];
  for (const unit of active.bundled.units) {
    if (unit.id !== null && stored.has(unit.id)) continue;
    entries.push(...bundledRuleEntries(active, unit));
  }
  for (const row of active.rows) entries.push(...storedRuleEntries(active, row));
  return entries.sort((a, b) => (a.title ?? a.id ?? "").localeCompare(b.title ?? b.id ?? ""));
}
