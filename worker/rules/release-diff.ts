/**
 * What replacing one SigmaHQ release with another changes, worked out from the two releases'
 * files, what each compiled to and this deployment's rule rows and packs. Pure: the route reads
 * and compiles, then shows the diff (a preview) or applies its writes.
 *
 * Files are matched by rule id (by path for a file too broken to name one). A row survives: an
 * edit keeps its text, a switch (a row whose text is upstream's, only turning it on or off) keeps
 * its state and follows upstream's new text. A rule that leaves the release while it runs, by its
 * pack or its row, is kept as a disabled row with its last text and a note, never dropped.
 */
import type { CompileError } from "../detect/types.ts";
import type { ReleaseFailure, ReleaseLocalRule, ReleasePreview, ReleaseRuleRef } from "../model/wire/rules.ts";
import type { BundledSource } from "./active-sources.ts";
import { isInEnabledPack, type PackId } from "./packs.ts";
import { firstDocumentMeta, releasePath } from "./release-sources.ts";
import type { RefusedReleaseFile } from "./release-zip.ts";
import type { PlannedWrite } from "./rule-changes.ts";

export interface ReleaseSide {
  sources: readonly BundledSource[];
  /** Compile errors by origin. */
  errors: ReadonlyMap<string, readonly CompileError[]>;
}

export interface LocalRow {
  id: string;
  kind: "sigma" | "simple";
  text: string;
  enabled: boolean;
  origin: "api" | "import";
}

export interface ReleaseChange {
  diff: Omit<ReleasePreview, "release" | "current">;
  writes: PlannedWrite[];
}

const keyOf = (source: BundledSource) => source.id ?? `path:${source.origin}`;

function ref(source: BundledSource): ReleaseRuleRef {
  const { title, level, status } = firstDocumentMeta(source.text);
  return { id: source.id ?? null, title, level, status, pack: source.pack, path: releasePath(source.origin) };
}

function failuresOf(source: BundledSource, side: ReleaseSide): ReleaseFailure[] {
  return (side.errors.get(source.origin) ?? []).map((error) => ({
    path: releasePath(source.origin),
    id: source.id ?? null,
    line: error.line,
    reason: error.reason,
  }));
}

export function removalNote(name: string, path: string): string {
  return `SigmaHQ removed this rule in release ${name} (it was ${path}): kept disabled with its last text.`;
}

/**
 * The diff and the writes of moving from `current` to `next` (named `name`), with the files
 * `refused` when the release was read listed among the failures.
 */
export function releaseChange(
  current: ReleaseSide,
  next: ReleaseSide,
  rows: readonly LocalRow[],
  packs: ReadonlySet<PackId>,
  name: string,
  refused: readonly RefusedReleaseFile[] = [],
): ReleaseChange {
  const before = new Map(current.sources.map((source) => [keyOf(source), source]));
  const after = new Map(next.sources.map((source) => [keyOf(source), source]));
  const rowById = new Map(rows.map((row) => [row.id, row]));
  const added: BundledSource[] = [];
  const changed: BundledSource[] = [];
  const removed: BundledSource[] = [];
  let unchanged = 0;
  for (const [key, source] of after) {
    const old = before.get(key);
    if (old === undefined) added.push(source);
    else if (old.text !== source.text || old.origin !== source.origin) changed.push(source);
    else unchanged += 1;
  }
  for (const [key, source] of before) if (!after.has(key)) removed.push(source);

  const failures: ReleaseFailure[] = [
    ...refused.map((file) => ({ path: file.path, id: null, line: null, reason: file.reason })),
    ...next.sources.flatMap((source) => failuresOf(source, next)),
  ];
  const failedFiles = new Set(failures.map((failure) => failure.path));
  const newlyFailing = next.sources.flatMap((source) => {
    const old = before.get(keyOf(source));
    const failsNow = (next.errors.get(source.origin) ?? []).length > 0;
    const failedBefore = old === undefined || (current.errors.get(old.origin) ?? []).length > 0;
    return failsNow && !failedBefore ? failuresOf(source, next) : [];
  });

  const local: ReleaseLocalRule[] = [];
  const writes: PlannedWrite[] = [];
  for (const source of changed) {
    const row = source.id === null || source.id === undefined ? undefined : rowById.get(source.id);
    const old = before.get(keyOf(source));
    if (row === undefined || old === undefined) continue;
    const { title } = firstDocumentMeta(source.text);
    const path = releasePath(source.origin);
    if (row.text === old.text) {
      writes.push({
        id: row.id,
        kind: row.kind,
        text: source.text,
        enabled: row.enabled,
        origin: row.origin,
        change: "update",
      });
      const state = row.enabled ? "on" : "off";
      local.push({
        id: row.id,
        title,
        path,
        upstream: "changed",
        row: "switch",
        enabled_after: row.enabled,
        outcome: `stays switched ${state}, with SigmaHQ's new text`,
      });
    } else {
      local.push({
        id: row.id,
        title,
        path,
        upstream: "changed",
        row: "edit",
        enabled_after: row.enabled,
        outcome: "your edit is kept; SigmaHQ changed the rule: compare the two on its page",
      });
    }
  }
  for (const source of removed) {
    const id = source.id;
    if (id === null || id === undefined) continue;
    const row = rowById.get(id);
    const wasOn = row === undefined ? isInEnabledPack(source.pack, packs) : row.enabled;
    if (row === undefined && !wasOn) continue;
    const path = releasePath(source.origin);
    const note = removalNote(name, path);
    const kind = row?.kind ?? "sigma";
    const text = row?.text ?? source.text;
    const change = row === undefined ? "create" : row.enabled ? "disable" : "update";
    writes.push({ id, kind, text, enabled: false, origin: row?.origin ?? "api", change, note });
    local.push({
      id,
      title: firstDocumentMeta(source.text).title,
      path,
      upstream: "removed",
      row: row === undefined ? "none" : row.text === source.text ? "switch" : "edit",
      enabled_after: false,
      outcome: row === undefined ? "kept as a disabled rule with a note" : "your row is kept, disabled, with a note",
    });
  }
  for (const source of added) {
    const row = source.id === null || source.id === undefined ? undefined : rowById.get(source.id);
    if (row === undefined) continue;
    local.push({
      id: row.id,
      title: firstDocumentMeta(source.text).title,
      path: releasePath(source.origin),
      upstream: "added",
      row: row.text === source.text ? "switch" : "edit",
      enabled_after: row.enabled,
      outcome: "your stored rule has this id and keeps overriding SigmaHQ's: delete it to use theirs",
    });
  }

  const runsAtOnce = [...added, ...changed].filter(
    (source) =>
      source.id !== null &&
      source.id !== undefined &&
      !rowById.has(source.id) &&
      isInEnabledPack(source.pack, packs) &&
      (next.errors.get(source.origin) ?? []).length === 0,
  );
  return {
    diff: {
      counts: {
        files: next.sources.length + refused.length,
        added: added.length,
        changed: changed.length,
        removed: removed.length,
        unchanged,
        failed: failedFiles.size,
        newly_failing: new Set(newlyFailing.map((failure) => failure.path)).size,
      },
      added: added.map(ref),
      changed: changed.map(ref),
      removed: removed.map(ref),
      newly_failing: newlyFailing,
      failures,
      not_shipped: [],
      local,
      backtest: {
        rules: runsAtOnce.map((source) => ({ id: source.id ?? "", path: releasePath(source.origin) })),
        note:
          runsAtOnce.length === 0
            ? "no added or changed rule would run at once: their packs are off or rows override them"
            : `${runsAtOnce.length} added or changed rules that compile would run at once (their packs are on). Backtest their texts before applying (npm run rules:update -- <zip> --backtest, five texts a run), or switch their packs off, apply, and backtest them by id.`,
      },
    },
    writes,
  };
}
