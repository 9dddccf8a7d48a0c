/**
 * The parts of `npm run rules:update` that do not talk to the server: a release folder zipped as
 * the Worker reads one (the SigmaHQ rule folders' .yml files, with the tree's layout), and the
 * preview printed with every change and every failure.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { zipSync } from "fflate";
import type { ReleasePreview, ReleaseRuleRef } from "../../worker/model/wire/rules.ts";
import { listFiles } from "./rules-bundle.ts";

const isSigmaFolder = (name: string) => name === "deprecated" || /^rules(-[a-z0-9-]+)?$/.test(name);

/** The .yml/.yaml files of a SigmaHQ tree's rule folders, by their path in the tree. */
export function releaseFolderFiles(folder: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory() || !isSigmaFolder(entry.name)) continue;
    for (const file of listFiles(join(folder, entry.name))) {
      if (/\.ya?ml$/i.test(file)) files[relative(folder, file).split(sep).join("/")] = readFileSync(file);
    }
  }
  return files;
}

/** The zip to send: the file itself, or the folder's rule files zipped. */
export function releaseZip(path: string): Uint8Array<ArrayBuffer> {
  if (statSync(path).isFile()) return new Uint8Array(readFileSync(path));
  const files = releaseFolderFiles(path);
  if (Object.keys(files).length === 0) throw new Error(`${path} holds no SigmaHQ rule folder (rules/, rules-*/)`);
  return new Uint8Array(zipSync(files, { level: 6 }));
}

/** A release name the server takes, from a folder's name. */
export function folderName(path: string): string {
  return (
    basename(path)
      .replace(/[^A-Za-z0-9._:+-]/g, "-")
      .slice(0, 100) || "folder"
  );
}

const refLine = (what: string, rule: ReleaseRuleRef) =>
  `${what.padEnd(8)}${rule.path}  ${rule.id ?? "(no id)"}  ${rule.title ?? ""}  [${rule.pack ?? "no pack"}]`;

export function previewLines(preview: ReleasePreview): string[] {
  const { counts } = preview;
  return [
    `release ${preview.release.name} (${preview.release.digest}) over ${preview.current.name} (${preview.current.source})`,
    ...preview.added.map((rule) => refLine("added", rule)),
    ...preview.changed.map((rule) => refLine("changed", rule)),
    ...preview.removed.map((rule) => refLine("removed", rule)),
    ...preview.failures.map((failure) => {
      const newly = preview.newly_failing.some((other) => other.path === failure.path) ? "NEWLY FAILING" : "FAILED";
      return `${newly.padEnd(8)}${failure.path}${failure.line === null ? "" : `:${failure.line}`}  ${failure.reason}`;
    }),
    ...preview.not_shipped.map((folder) => `not shipped: ${folder.folder}/ (${folder.files} files, in no pack)`),
    ...preview.local.map(
      (rule) => `local   ${rule.id}  ${rule.title ?? ""}: SigmaHQ ${rule.upstream} it; ${rule.outcome}`,
    ),
    `backtest: ${preview.backtest.note}`,
    `${counts.files} files: ${counts.added} added, ${counts.changed} changed, ${counts.removed} removed, ${counts.unchanged} unchanged; ${counts.failed} failed (${counts.newly_failing} newly failing)`,
  ];
}
