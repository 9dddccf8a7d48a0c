/**
 * The log files inside what an analyst drops: a `.zip` holds files (folders flattened into their
 * paths), a `.gz` holds one, and either may hold the other. fflate inflates them in pure JS, the
 * same in the browser, the Worker and the CLI. What an archive says an entry will inflate to is
 * checked before it is inflated, so a zip bomb is refused, not unpacked.
 */
import { gunzipSync, unzipSync } from "fflate";
import { isLogFileName } from "./log-file-names.ts";

export interface LogFile {
  /** Its path as the analyst would name it: `case.zip/logs/Security.evtx`. */
  name: string;
  bytes: Uint8Array;
}

export interface ArchiveProblem {
  file: string;
  reason: string;
}

/** The most one entry may inflate to: a Security.evtx of a busy domain controller fits. */
export const MAX_ENTRY_BYTES = 1024 * 1024 * 1024;
const MAX_DEPTH = 3;

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** gzip's trailer holds the inflated size modulo 2^32: enough to refuse a bomb before inflating. */
function gzipSize(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 18) return 0;
  return (
    ((bytes[n - 4] ?? 0) | ((bytes[n - 3] ?? 0) << 8) | ((bytes[n - 2] ?? 0) << 16) | ((bytes[n - 1] ?? 0) << 24)) >>> 0
  );
}

function withoutGz(name: string): string {
  return name.replace(/\.gz$/i, "").replace(/\.tgz$/i, ".tar");
}

function isMetadataEntry(path: string): boolean {
  return path.endsWith("/") || path.startsWith("__MACOSX/") || path.split("/").some((part) => part === ".DS_Store");
}

/**
 * Every log file `file` is or holds, each with its own name, and what could not be unpacked. A
 * file that is no archive is itself.
 */
export function expandArchives(file: LogFile, problems: ArchiveProblem[], depth = 0): LogFile[] {
  const { name, bytes } = file;
  if (!isZip(bytes) && !isGzip(bytes)) return [file];
  if (depth >= MAX_DEPTH) {
    problems.push({ file: name, reason: `archives nested more than ${MAX_DEPTH} deep are not unpacked` });
    return [];
  }
  try {
    if (isGzip(bytes)) {
      if (gzipSize(bytes) > MAX_ENTRY_BYTES) {
        problems.push({ file: name, reason: `inflates to more than ${MAX_ENTRY_BYTES} bytes` });
        return [];
      }
      return expandArchives({ name: withoutGz(name), bytes: gunzipSync(bytes) }, problems, depth + 1);
    }
    const skipped: string[] = [];
    const entries = unzipSync(bytes, {
      filter: (entry) => {
        if (isMetadataEntry(entry.name)) return false;
        if (!isLogFileName(entry.name)) {
          skipped.push(entry.name);
          return false;
        }
        if (entry.originalSize > MAX_ENTRY_BYTES) {
          problems.push({ file: `${name}/${entry.name}`, reason: `inflates to more than ${MAX_ENTRY_BYTES} bytes` });
          return false;
        }
        return true;
      },
    });
    if (skipped.length > 0) {
      const listed = skipped.slice(0, 5).join(", ") + (skipped.length > 5 ? `, and ${skipped.length - 5} more` : "");
      problems.push({ file: name, reason: `skipped ${skipped.length} entries that are not log files: ${listed}` });
    }
    return Object.keys(entries)
      .sort()
      .flatMap((path) =>
        expandArchives({ name: `${name}/${path}`, bytes: entries[path] as Uint8Array }, problems, depth + 1),
      );
  } catch (error) {
    problems.push({ file: name, reason: `could not be unpacked: ${(error as Error).message}` });
    return [];
  }
}
