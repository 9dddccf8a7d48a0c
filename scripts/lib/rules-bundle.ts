/**
 * The rules under rules/ as the modules the Worker imports (it cannot list files at run time): an index
 * module and its gzipped parts (see partModule).
 * `rules/sigma/**\/*.yml|yaml` (EdgeSIEM's own) and `rules/sigmahq/**\/*.yml` (the vendored SigmaHQ
 * release) are Sigma files, every other `rules/**\/*.txt` a simple-rule file. Each keeps its
 * repository path as its origin, so compile errors name the file to fix, and carries what the
 * Worker would otherwise work out in every cold isolate: its pack, its rule id, and (for a Sigma
 * file that compiles on its own) its prepared form, compiled here (worker/detect/prepared-rules.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { load } from "js-yaml";
import { prepareSigmaSources } from "../../worker/detect/prepared-rules.ts";
import type { RuleKind, RuleSource } from "../../worker/detect/types.ts";
import type { BundledSource } from "../../worker/rules/active-sources.ts";
import type { PackId } from "../../worker/rules/packs.ts";
import { parsePlaceholders } from "../../worker/rules/placeholders.ts";
import { packOfReleaseFile } from "../../worker/rules/release-sources.ts";
import { sigmaRuleId } from "../../worker/rules/rule-units.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const RULES_DIR = join(REPO_ROOT, "rules");
export const RULES_BUNDLE = join(REPO_ROOT, "dist/rules/bundled-rules.js");
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
  if (/^(sigma|sigmahq)\/.*\.ya?ml$/i.test(pathInRules)) return "sigma";
  if (!/^(sigma|sigmahq)\//.test(pathInRules) && /\.txt$/i.test(pathInRules)) return "simple";
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

const VENDORED = "sigmahq/";

/** EdgeSIEM's own rules are the edgesiem pack; a vendored rule's pack is SigmaHQ's (folder, status, level). */
export function packOfSource(source: RuleSource, rulesDir = RULES_DIR, repoRoot = REPO_ROOT): PackId | null {
  const inRules = relative(rulesDir, resolve(repoRoot, source.origin)).split(sep).join("/");
  if (!inRules.startsWith(VENDORED)) return "edgesiem";
  return packOfReleaseFile(inRules.slice(VENDORED.length), source.text);
}

/** Every rule source with its pack, its Sigma rule id and, where it has one, its prepared form. */
export function bundleSources(
  sources: readonly RuleSource[],
  placeholders: Record<string, string[]>,
  rulesDir = RULES_DIR,
): BundledSource[] {
  const prepared = prepareSigmaSources(sources, placeholders);
  return sources.map((source, index) => ({
    ...source,
    pack: packOfSource(source, rulesDir),
    ...(source.kind === "sigma" ? { id: sigmaRuleId(source.text) } : {}),
    ...(prepared[index] === undefined ? {} : { prepared: prepared[index] }),
  }));
}

/** The vendored release's release.json, shown with the packs. */
function readRelease(rulesDir: string): unknown {
  const file = join(rulesDir, VENDORED, "release.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

/**
 * The bundle is parts of at most this many bytes of JSON, imported by one index module: the test
 * pool sends each module to workerd in one WebSocket message, which may be 1 MiB. Gzipped and in
 * base64, the largest part (the vulnerable-driver hashes, which compress least) stays well under.
 */
const PART_BYTES = 800_000;

function parts(sources: readonly BundledSource[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const source of sources) {
    const json = JSON.stringify(source);
    if (current.length > 0 && bytes + json.length > PART_BYTES) {
      out.push(partModule(current));
      current = [];
      bytes = 0;
    }
    current.push(json);
    bytes += json.length + 1;
  }
  if (current.length > 0) out.push(partModule(current));
  return out;
}

/**
 * A part is a module whose value is its JSON gzipped, in base64 (worker/rules/bundled.ts reads it
 * back with the platform's DecompressionStream): a quarter of the bytes to read, which is what a
 * module costs in the test pool (about 0.3 ms a KB each time a test file's Worker starts) and what
 * a cold isolate's script parse scans. gzip with no file name and time, so a build is repeatable.
 */
function partModule(sources: readonly string[]): string {
  const gzipped = gzipSync(Buffer.from(`[${sources.join(",")}]`, "utf8"), { level: 9 });
  return `export default "${gzipped.toString("base64")}";\n`;
}

function partName(index: number): string {
  return `bundled-rules-${index}.js`;
}

function indexModule(partCount: number, release: unknown, placeholders: Record<string, string[]>): string {
  const names = Array.from({ length: partCount }, (_, index) => `part${index}`);
  return [
    "// Generated by scripts/lib/rules-bundle.ts from rules/: do not edit.",
    ...names.map((name, index) => `import ${name} from "./${partName(index)}";`),
    `export default { release: ${JSON.stringify(release)}, placeholders: ${JSON.stringify(placeholders)}, parts: [${names.join(", ")}] };`,
    "",
  ].join("\n");
}

const INDEX_TYPES = `// Generated by scripts/lib/rules-bundle.ts: the shape worker/rules/bundled.ts checks at load.
declare const bundle: { release: unknown; placeholders: unknown; parts: string[] };
export default bundle;
`;

/** Writes `content` unless the file already holds it (an unchanged file does not restart `wrangler dev`). */
function writeIfChanged(file: string, content: string): boolean {
  if (existsSync(file) && readFileSync(file, "utf8") === content) return false;
  writeFileSync(file, content);
  return true;
}

/** Writes the bundle's index module and parts, those whose content changed, and removes parts no longer used. */
export function writeRulesBundle(rulesDir = RULES_DIR, outFile = RULES_BUNDLE): { count: number; written: boolean } {
  const placeholders = readPlaceholders(rulesDir);
  const sources = bundleSources(collectRuleSources(rulesDir), placeholders, rulesDir);
  const dir = dirname(outFile);
  mkdirSync(dir, { recursive: true });
  const contents = parts(sources);
  let written = false;
  contents.forEach((content, index) => {
    written = writeIfChanged(join(dir, partName(index)), content) || written;
  });
  for (const name of readdirSync(dir)) {
    const part = /^bundled-rules-(\d+)\.(js|json)$/.exec(name);
    if (part !== null && (part[2] === "json" || Number(part[1]) >= contents.length)) {
      rmSync(join(dir, name));
      written = true;
    }
  }
  written = writeIfChanged(outFile.replace(/\.js$/, ".d.ts"), INDEX_TYPES) || written;
  written = writeIfChanged(outFile, indexModule(contents.length, readRelease(rulesDir), placeholders)) || written;
  return { count: sources.length, written };
}
