/** The parts of `npm run rules:import` that do not talk to the server: reading, chunking, reporting. */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { listFiles } from "./rules-bundle.ts";

export interface RuleFile {
  path: string;
  text: string;
}

export interface FileResult {
  path: string;
  id: string | null;
  status: "created" | "updated" | "unchanged" | "failed";
  errors: { line: number | null; reason: string }[];
}

/** A chunk stays well under the server's 4 MB and 500-file limits. */
export const CHUNK_FILES = 200;
export const CHUNK_CHARS = 1_500_000;

const isCorrelation = (file: RuleFile) => /^correlation\s*:/m.test(file.text);

/**
 * Every .yml/.yaml file under `folder`, named relative to `base`. Correlation rules come last, so the
 * rules they refer to are stored by an earlier chunk whatever the folder's order.
 */
export function readRuleFiles(folder: string, base = process.cwd()): RuleFile[] {
  const files = listFiles(folder)
    .filter((file) => /\.ya?ml$/i.test(file))
    .map((file) => ({ path: relative(base, file), text: readFileSync(file, "utf8") }));
  return [...files.filter((f) => !isCorrelation(f)), ...files.filter(isCorrelation)];
}

export function chunkFiles(files: readonly RuleFile[], maxFiles = CHUNK_FILES, maxChars = CHUNK_CHARS): RuleFile[][] {
  const chunks: RuleFile[][] = [];
  let current: RuleFile[] = [];
  let size = 0;
  for (const file of files) {
    const chars = file.path.length + file.text.length;
    if (current.length > 0 && (current.length >= maxFiles || size + chars > maxChars)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += chars;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function reportLines(results: readonly FileResult[]): string[] {
  return results.flatMap((result) => {
    if (result.status !== "failed") return [`ok      ${result.path}  ${result.id} (${result.status})`];
    return result.errors.map(
      (error) => `FAILED  ${result.path}${error.line === null ? "" : `:${error.line}`}  ${error.reason}`,
    );
  });
}

export function summaryLine(results: readonly FileResult[]): string {
  const count = (status: FileResult["status"]) => results.filter((r) => r.status === status).length;
  const compiled = results.length - count("failed");
  return `${results.length} files: ${compiled} compiled (${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged), ${count("failed")} failed`;
}
