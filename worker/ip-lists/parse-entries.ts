/**
 * IP list entries: single addresses or CIDR networks, IPv4 or IPv6, validated as the `cidr`
 * modifier will read them. Imports come as plain text (one entry a line, `#` comments) or CSV (the
 * first column, an optional header row); a bad line is reported by its number.
 */
import { parseCidr } from "../detect/sigma/cidr.ts";

export const MAX_LIST_ENTRIES = 10_000;

export type ImportFormat = "text" | "csv";

export class EntryError extends Error {}

export function isIpEntry(text: string): boolean {
  return parseCidr(text) !== null;
}

/** The entries, trimmed and without duplicates (first occurrence kept); throws on the first bad one. */
export function validateEntries(entries: readonly unknown[]): string[] {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const text = typeof entry === "string" ? entry.trim() : "";
    if (!isIpEntry(text)) {
      throw new EntryError(`entry ${index + 1}: '${String(entry)}' is not an IP address or CIDR network`);
    }
    seen.add(text);
  });
  return limited([...seen]);
}

function limited(entries: string[]): string[] {
  if (entries.length > MAX_LIST_ENTRIES) {
    throw new EntryError(`a list holds at most ${MAX_LIST_ENTRIES} entries, not ${entries.length}`);
  }
  return entries;
}

/** The CSV row's first cell: quoted (with "" for a quote) or up to the first comma. */
function firstCsvCell(line: string): string {
  const trimmed = line.trimStart();
  if (!trimmed.startsWith('"')) return trimmed.split(",", 1)[0] ?? "";
  let cell = "";
  for (let i = 1; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (ch === '"') {
      if (trimmed[i + 1] !== '"') return cell;
      i++;
    }
    cell += ch;
  }
  return cell;
}

/** Parses an imported file; throws an EntryError naming the line of the first bad entry. */
export function parseImport(content: string, format: ImportFormat): string[] {
  const seen = new Set<string>();
  // A CSV's first non-empty row may be its header.
  let headerAllowed = format === "csv";
  content.split(/\r?\n/).forEach((line, index) => {
    const text = (format === "csv" ? firstCsvCell(line) : line.replace(/#.*/, "")).trim();
    if (text === "") return;
    const header = headerAllowed && !isIpEntry(text);
    headerAllowed = false;
    if (header) return;
    if (!isIpEntry(text)) throw new EntryError(`line ${index + 1}: '${text}' is not an IP address or CIDR network`);
    seen.add(text);
  });
  return limited([...seen]);
}
