/**
 * The files an analyst picked or dropped, with their paths: a dropped folder is walked through the
 * File and Directory Entries API, a folder picked with the folder button carries its relative
 * paths. Inside folders only log files are kept (worker/formats/log-files/log-file-names.ts); a
 * file picked on its own is kept whatever its name.
 */
import { isLogFileName } from "../../../../worker/formats/log-files/log-file-names.ts";
import type { PickedFile } from "./import-messages";

export interface Picked {
  files: PickedFile[];
  skipped: string[];
}

function keep(picked: Picked, path: string, file: File, inFolder: boolean): void {
  if (inFolder && !isLogFileName(path)) picked.skipped.push(path);
  else picked.files.push({ path, file });
}

export function fromInput(list: FileList): Picked {
  const picked: Picked = { files: [], skipped: [] };
  for (const file of Array.from(list)) {
    const path = file.webkitRelativePath || file.name;
    keep(picked, path, file, file.webkitRelativePath !== "");
  }
  picked.files.sort((a, b) => a.path.localeCompare(b.path));
  return picked;
}

const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** A directory reader answers in pages until it answers an empty one. */
async function children(entry: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = entry.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (page.length === 0) return all;
    all.push(...page);
  }
}

async function walk(entry: FileSystemEntry, picked: Picked, inFolder: boolean): Promise<void> {
  if (entry.name.startsWith(".")) return;
  if (entry.isFile) {
    keep(picked, entry.fullPath.replace(/^\//, ""), await fileOf(entry as FileSystemFileEntry), inFolder);
    return;
  }
  for (const child of await children(entry as FileSystemDirectoryEntry)) await walk(child, picked, true);
}

export async function fromDrop(transfer: DataTransfer): Promise<Picked> {
  const picked: Picked = { files: [], skipped: [] };
  const entries = Array.from(transfer.items)
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return fromInput(transfer.files);
  for (const entry of entries) await walk(entry, picked, false);
  picked.files.sort((a, b) => a.path.localeCompare(b.path));
  return picked;
}
