/**
 * What one API call changes: the rule writes it makes, worked out from the current rules before
 * anything is written. Pure, apart from the compile; the routes read the state and apply the writes.
 */
import type { CompileError, RuleKind, RuleSource } from "../detect/types.ts";
import type { RuleWrite } from "../store/rule-writes.ts";
import type { RuleRow } from "../store/rules-schema.ts";
import type { ActiveRules } from "./active-rule-set.ts";
import { activeSources, storedRuleOrigin } from "./active-sources.ts";
import { type CheckContext, checkRuleText } from "./check-rule.ts";
import { hasCorrelation, type RuleUnit, ruleUnits } from "./rule-units.ts";

/** Large enough for any real rule, small enough that a stored row always fits one D1 statement. */
export const MAX_RULE_TEXT = 50_000;

/** The active set without the rules `ids` name, with its placeholders: the context a new text of theirs compiles in. */
export function contextWithout(active: ActiveRules, ids: ReadonlySet<string>): CheckContext {
  return {
    sources: () =>
      activeSources(active.bundled, [
        ...active.rows.filter((row) => !ids.has(row.id)),
        ...[...ids].map((id) => ({ id, kind: "sigma" as const, text: "", enabled: false })),
      ]),
    placeholders: active.placeholders,
  };
}

export interface RuleTarget {
  row: RuleRow | undefined;
  bundled: RuleUnit | undefined;
}

export function findRule(active: ActiveRules, id: string): RuleTarget {
  return {
    row: active.rows.find((row) => row.id === id),
    bundled: active.bundled.units.find((unit) => unit.id === id),
  };
}

/** A submitted text, under the origin it will have once stored, and the id it names (when it can be read). */
export function submittedSource(kind: RuleKind, text: string): { source: RuleSource; id: string | null } {
  const id = ruleUnits({ origin: "", kind, text })[0]?.id ?? null;
  return { source: { origin: storedRuleOrigin(id ?? "new"), kind, text }, id };
}

export type FileStatus = "created" | "updated" | "unchanged" | "failed";

export interface ImportFile {
  path: string;
  kind: RuleKind;
  text: string;
}

export interface ImportResult {
  path: string;
  id: string | null;
  status: FileStatus;
  errors: CompileError[];
}

/** A write without its version number, which comes from the history just before writing. */
export type PlannedWrite = Omit<RuleWrite, "version">;

/**
 * The writes of a bulk import and a report per file. Correlation files are checked last, in the
 * context of the active set and of the files accepted before them, so they may refer to either.
 */
export function planImport(
  active: ActiveRules,
  files: readonly ImportFile[],
): { results: ImportResult[]; writes: PlannedWrite[] } {
  const importedIds = new Set(
    files.flatMap((file) => ruleUnits({ origin: file.path, ...file }).flatMap((unit) => unit.id ?? [])),
  );
  const baseContext = contextWithout(active, importedIds);
  const accepted: RuleSource[] = [];
  const acceptedPath = new Map<string, string>();
  const results = new Map<number, ImportResult>();
  const writes: PlannedWrite[] = [];

  const order = files.map((file, index) => ({ file, index }));
  order.sort(
    (a, b) => Number(hasCorrelation({ origin: "", ...a.file })) - Number(hasCorrelation({ origin: "", ...b.file })),
  );
  for (const { file, index } of order) {
    const source: RuleSource = { origin: file.path, kind: file.kind, text: file.text };
    const check = checkRuleText(source, {
      sources: () => [...baseContext.sources(), ...accepted],
      placeholders: baseContext.placeholders,
    });
    if (!check.ok) {
      results.set(index, { path: file.path, id: null, status: "failed", errors: check.errors });
      continue;
    }
    const earlier = acceptedPath.get(check.id);
    if (earlier !== undefined) {
      const reason = `rule id ${check.id} is already defined by ${earlier} in this import`;
      results.set(index, {
        path: file.path,
        id: check.id,
        status: "failed",
        errors: [{ origin: file.path, line: null, ruleId: check.id, reason }],
      });
      continue;
    }
    accepted.push(source);
    acceptedPath.set(check.id, file.path);
    const { row, bundled } = findRule(active, check.id);
    if ((row?.text ?? bundled?.text) === file.text) {
      results.set(index, { path: file.path, id: check.id, status: "unchanged", errors: [] });
      continue;
    }
    writes.push({
      id: check.id,
      kind: file.kind,
      text: file.text,
      enabled: row?.enabled ?? true,
      origin: "import",
      change: row === undefined ? "create" : "update",
    });
    results.set(index, {
      path: file.path,
      id: check.id,
      status: row === undefined ? "created" : "updated",
      errors: [],
    });
  }
  return { results: files.map((_, index) => results.get(index) as ImportResult), writes };
}

/** Numbers each write one past its rule's newest history entry. */
export function numberWrites(writes: readonly PlannedWrite[], latest: ReadonlyMap<string, number>): RuleWrite[] {
  return writes.map((write) => ({ ...write, version: (latest.get(write.id) ?? 0) + 1 }));
}
