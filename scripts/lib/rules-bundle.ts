/**
 * The rules under rules/ as one JSON module the Worker imports (it cannot list files at run time):
 * `rules/sigma/**\/*.yml|yaml` are Sigma files, every other `rules/**\/*.txt` a simple-rule file.
 * Each keeps its repository path as its origin, so compile errors name the file to fix.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { load } from "js-yaml";
import type { RuleKind, RuleSource } from "../../worker/detect/types.ts";
import { parsePlaceholders } from "../../worker/rules/placeholders.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const RULES_DIR = join(REPO_ROOT, "rules");
export const RULES_BUNDLE = join(REPO_ROOT, "dist/rules/bundled-rules.json");
const PLACEHOLDERS_FILE = "placeholders.yml";

/** Every file under `dir`, recursively, in a stable (sorted) order. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

function kindOf(pathInRules: string): RuleKind | null {
  if (/^sigma\/.*\.ya?ml$/i.test(pathInRules)) return "sigma";
  if (!pathInRules.startsWith("sigma/") && /\.txt$/i.test(pathInRules)) return "simple";
  return null;
}

export function collectRuleSources(rulesDir = RULES_DIR, repoRoot = REPO_ROOT): RuleSource[] {
  const sources: RuleSource[] = [];
  for (const file of listFiles(rulesDir)) {
    const kind = kindOf(relative(rulesDir, file).split(sep).join("/"));
    if (kind === null) continue;
    const origin = relative(repoRoot, file).split(sep).join("/");
    sources.push({ origin, kind, text: readFileSync(file, "utf8") });
  }
  return sources;
}

/** rules/placeholders.yml, checked here so a mistake fails the build rather than every rule using it. */
export function readPlaceholders(rulesDir = RULES_DIR): Record<string, string[]> {
  const file = join(rulesDir, PLACEHOLDERS_FILE);
  if (!existsSync(file)) return {};
  try {
    return parsePlaceholders(load(readFileSync(file, "utf8")) ?? {});
  } catch (error) {
    throw new Error(`${relative(REPO_ROOT, file)}: ${(error as Error).message}`);
  }
}

/** Writes the bundle when its content changed (an unchanged file does not restart `wrangler dev`). */
export function writeRulesBundle(rulesDir = RULES_DIR, outFile = RULES_BUNDLE): { count: number; written: boolean } {
  const sources = collectRuleSources(rulesDir);
  const json = `${JSON.stringify({ sources, placeholders: readPlaceholders(rulesDir) })}\n`;
  const written = !existsSync(outFile) || readFileSync(outFile, "utf8") !== json;
  if (written) {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, json);
  }
  return { count: sources.length, written };
}
