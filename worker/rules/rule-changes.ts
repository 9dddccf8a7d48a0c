/**
 * What one API call changes: the rule writes it makes, worked out from the current rules before
 * anything is written. Pure, apart from the compile; the routes read the state and apply the writes.
 */
import type { CompileError, RuleKind, RuleSource } from "../detect/types.ts";
import type { RuleWrite } from "../store/rule-writes.ts";
import type { RuleRow } from "../store/rules-schema.ts";
import type { ActiveRules } from "./active-rule-set.ts";
import { activeSources, type BundledUnit, storedRuleOrigin } from "./active-sources.ts";
import { type CheckContext, checkRuleText } from "./check-rule.ts";
import { hasCorrelation, ruleUnits, sigmaRuleIds } from "./rule-units.ts";

/**
 * A rule's text in UTF-8 bytes: half of D1's 2,000,000-byte row, so a stored row and its history
 * entry always fit with their other columns. The text is a bound value, not part of the SQL text,
 * so D1's 100 KB statement limit does not apply. SigmaHQ's largest rule
 * (driver_load_win_vuln_drivers.yml, a list of vulnerable driver hashes) is 295 KB.
 */
export const MAX_RULE_BYTES = 1_000_000;

/** Why a rule text cannot be stored, or null when it can. */
export function ruleTextProblem(text: string): string | null {
  if (text.length === 0) return "the rule text is empty";
  // A character is 1 to 3 UTF-8 bytes (4 for a surrogate pair, which is 2 characters).
  if (text.length * 3 <= MAX_RULE_BYTES) return null;
  const bytes = new TextEncoder().encode(text).byteLength;
  return bytes > MAX_RULE_BYTES
    ? `the rule text is ${bytes} bytes, more than the ${MAX_RULE_BYTES} a rule may have`
    : null;
}

/** The active set without the rules `ids` name, with its placeholders: the context a new text of theirs compiles in. */
export function contextWithout(active: ActiveRules, ids: ReadonlySet<string>): CheckContext {
  return {
    sources: () =>
      activeSources(
        active.bundled,
        [
          ...active.rows.filter((row) => !ids.has(row.id)),
          ...[...ids].map((id) => ({ id, kind: "sigma" as const, text: "", enabled: false })),
        ],
        active.packs,
      ),
    placeholders: active.placeholders,
  };
}

export interface RuleTarget {
  /** The id that names the rule's file: `id` itself, or its file's first rule's. */
  fileId: string;
  row: RuleRow | undefined;
  bundled: BundledUnit | undefined;
}

/**
 * The stored row and bundled unit a rule id addresses. An id that names no file may be a later
 * rule of a Sigma file (compiled from it, so its origin is the file's): it addresses that file.
 */
export function findRule(active: ActiveRules, id: string): RuleTarget {
  const found = findFile(active, id);
  if (found.row || found.bundled) return found;
  const fileId = fileIdOf(active, id);
  return fileId === null ? found : findFile(active, fileId);
}

/** The stored row and bundled unit of the file that `fileId` names, and nothing else. */
export function findFile(active: ActiveRules, fileId: string): RuleTarget {
  return {
    fileId,
    row: active.rows.find((row) => row.id === fileId),
    bundled: active.bundled.units.find((unit) => unit.id === fileId),
  };
}

/**
 * The id of the file a later rule of a Sigma file comes from; null when `id` is no such rule. An
 * active file is found by what it compiled to; a disabled stored one, not compiled, by its text.
 */
export function fileIdOf(active: ActiveRules, id: string): string | null {
  const info = [...active.ruleSet.rules, ...active.ruleSet.correlations.map((c) => c.info)].find(
    (rule) => rule.id === id && rule.kind === "sigma",
  );
  if (info === undefined) {
    const disabled = active.rows.find(
      (row) => !row.enabled && row.kind === "sigma" && row.id !== id && sigmaRuleIds(row.text).includes(id),
    );
    return disabled?.id ?? null;
  }
  const row = active.rows.find((candidate) => storedRuleOrigin(candidate.id) === info.origin);
  if (row) return row.id === id ? null : row.id;
  const unit = active.bundled.units.find((candidate) => candidate.origin === info.origin && candidate.kind === "sigma");
  return unit?.id && unit.id !== id ? unit.id : null;
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

/** A file of an import that cannot be stored whatever it says (too large, empty): reported, not planned. */
export interface RefusedFile {
  path: string;
  reason: string;
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
 * The writes of a bulk import and a report per file, in the files' order: a refused file fails with
 * its reason, and the others are planned without it. Correlation files are checked last, in the
 * context of the active set and of the files accepted before them, so they may refer to either.
 */
export function planImport(
  active: ActiveRules,
  submitted: readonly (ImportFile | RefusedFile)[],
): { results: ImportResult[]; writes: PlannedWrite[] } {
  const refused = (file: ImportFile | RefusedFile): file is RefusedFile => "reason" in file;
  const files = submitted.filter((file): file is ImportFile => !refused(file));
  const planned = planFiles(active, files);
  let next = 0;
  return {
    writes: planned.writes,
    results: submitted.map((file) =>
      refused(file)
        ? {
            path: file.path,
            id: null,
            status: "failed" as const,
            errors: [{ origin: file.path, line: null, ruleId: null, reason: file.reason }],
          }
        : (planned.results[next++] as ImportResult),
    ),
  };
}

function planFiles(
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
    const { row, bundled } = findFile(active, check.id);
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
