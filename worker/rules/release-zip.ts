/**
 * The rule files of a SigmaHQ release zip: GitHub's archive (one top folder, `sigma-<ref>/`) or a
 * zip of the tree itself (`rules/` at its root). The folders EdgeSIEM's packs come from are kept;
 * SigmaHQ's other rule folders are counted as not shipped, and everything else (docs, tests,
 * tools) is not read. What an entry says it inflates to is checked before it is inflated, so the
 * bounds hold whatever the zip claims (fflate inflates into a buffer of the claimed size, no more).
 */
import { unzipSync } from "fflate";
import type { ReleaseFile } from "./release-sources.ts";
import { MAX_RULE_BYTES } from "./rule-changes.ts";

/** The packs' folders (packs.ts). */
export const SHIPPED_FOLDERS = ["rules", "rules-emerging-threats", "rules-threat-hunting"] as const;
/** GitHub's archive of SigmaHQ/sigma with its regression data is about 15 MB. */
export const MAX_RELEASE_ZIP_BYTES = 32 * 1024 * 1024;
/** The shipped folders' rule files inflated: today's are 5.6 MB. */
export const MAX_RELEASE_RULE_BYTES = 48 * 1024 * 1024;
/** Entries of any kind in the zip, read or not. */
export const MAX_RELEASE_ENTRIES = 50_000;

export class ReleaseZipError extends Error {
  readonly status: 400 | 413;
  constructor(status: 400 | 413, message: string) {
    super(message);
    this.status = status;
  }
}

export interface NotShippedFolder {
  folder: string;
  files: number;
}

export interface RefusedReleaseFile {
  path: string;
  reason: string;
}

export interface ReleaseContent {
  /** The ref of GitHub's top folder (`sigma-r2026-10-01/` gives `r2026-10-01`), or null. */
  ref: string | null;
  /** The shipped folders' .yml/.yaml files, by path. */
  files: ReleaseFile[];
  notShipped: NotShippedFolder[];
  /** Rule files that cannot be taken (too large, not UTF-8). */
  refused: RefusedReleaseFile[];
}

const isSigmaFolder = (name: string) => name === "deprecated" || /^rules(-[a-z0-9-]+)?$/.test(name);
const isRuleFile = (path: string) => /\.ya?ml$/i.test(path);

/** Where the tree starts: at the root, or in the one top folder GitHub's archives have. */
function treeRoot(names: readonly string[]): { prefix: string; ref: string | null } {
  if (names.some((name) => isSigmaFolder(name.split("/")[0] ?? ""))) return { prefix: "", ref: null };
  const tops = new Set(names.map((name) => name.split("/")[0] ?? ""));
  const [top] = tops;
  if (tops.size === 1 && top !== undefined && names.some((name) => isSigmaFolder(name.split("/")[1] ?? ""))) {
    return { prefix: `${top}/`, ref: top.replace(/^sigma-/, "") || null };
  }
  throw new ReleaseZipError(
    400,
    `the zip holds no SigmaHQ rule folder (${SHIPPED_FOLDERS.join(", ")}) at its root or in one top folder`,
  );
}

/** The entries' names, from the central directory, without inflating anything. */
function entryNames(zip: Uint8Array): string[] {
  const names: string[] = [];
  unzipSync(zip, {
    filter: (entry) => {
      if (names.length >= MAX_RELEASE_ENTRIES) {
        throw new ReleaseZipError(413, `the zip has more than ${MAX_RELEASE_ENTRIES} entries`);
      }
      names.push(entry.name);
      return false;
    },
  });
  return names;
}

export function readReleaseZip(zip: Uint8Array): ReleaseContent {
  if (zip.byteLength > MAX_RELEASE_ZIP_BYTES) {
    throw new ReleaseZipError(
      413,
      `the zip is ${zip.byteLength} bytes, more than the ${MAX_RELEASE_ZIP_BYTES} a release may have`,
    );
  }
  try {
    return readEntries(zip);
  } catch (error) {
    if (error instanceof ReleaseZipError) throw error;
    throw new ReleaseZipError(400, `not a readable zip archive: ${(error as Error).message}`);
  }
}

function readEntries(zip: Uint8Array): ReleaseContent {
  const names = entryNames(zip).filter((name) => !name.endsWith("/") && !name.startsWith("__MACOSX/"));
  const { prefix, ref } = treeRoot(names);
  const notShipped = new Map<string, number>();
  const refused: RefusedReleaseFile[] = [];
  let inflated = 0;
  const entries = unzipSync(zip, {
    filter: (entry) => {
      if (!entry.name.startsWith(prefix) || entry.name.endsWith("/") || !isRuleFile(entry.name)) return false;
      const path = entry.name.slice(prefix.length);
      const folder = path.split("/")[0] ?? "";
      if (!(SHIPPED_FOLDERS as readonly string[]).includes(folder)) {
        if (isSigmaFolder(folder)) notShipped.set(folder, (notShipped.get(folder) ?? 0) + 1);
        return false;
      }
      if (entry.originalSize > MAX_RULE_BYTES) {
        refused.push({
          path,
          reason: `inflates to ${entry.originalSize} bytes, more than the ${MAX_RULE_BYTES} a rule may have`,
        });
        return false;
      }
      inflated += entry.originalSize;
      if (inflated > MAX_RELEASE_RULE_BYTES) {
        throw new ReleaseZipError(413, `the zip's rule files inflate to more than ${MAX_RELEASE_RULE_BYTES} bytes`);
      }
      return true;
    },
  });
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const files: ReleaseFile[] = [];
  for (const name of Object.keys(entries).sort()) {
    const path = name.slice(prefix.length);
    try {
      const text = decoder.decode(entries[name]);
      if (text.trim() === "") refused.push({ path, reason: "the file is empty" });
      else files.push({ path, text });
    } catch {
      refused.push({ path, reason: "the file is not UTF-8 text" });
    }
  }
  if (files.length === 0 && refused.length === 0) {
    throw new ReleaseZipError(400, `the zip has no .yml rule file in ${SHIPPED_FOLDERS.join(", ")}`);
  }
  return {
    ref,
    files,
    notShipped: [...notShipped]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([folder, count]) => ({ folder, files: count })),
    refused: refused.sort((a, b) => a.path.localeCompare(b.path)),
  };
}
