/**
 * The SigmaHQ corpus, read in place from ../shared/corpus/sigmahq (next to the repository): every
 * rule file as a RuleSource, and every regression sample with the rule it must fire.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { load } from "js-yaml";
import type { RuleSource } from "../../../../worker/detect/types.ts";

export const CORPUS_DIR = resolve(import.meta.dirname, "../../../../../shared/corpus/sigmahq");

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Every rule file of the `rules*` folders, its origin the path inside the corpus. */
export function loadCorpusRules(): RuleSource[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.startsWith("rules"))
    .sort()
    .flatMap((folder) => filesUnder(join(CORPUS_DIR, folder), ".yml"))
    .map((path) => ({ origin: relative(CORPUS_DIR, path), kind: "sigma", text: readFileSync(path, "utf8") }));
}

export interface RegressionSample {
  /** The sample's folder inside the corpus. */
  folder: string;
  ruleId: string;
  matchCount: number;
  /** The sample's EVTX-JSON records, in file order. */
  records: unknown[];
}

/**
 * The objects of a file holding one or more JSON objects one after another, found by tracking
 * brace depth outside strings.
 */
export function splitConcatenatedJson(text: string): unknown[] {
  const records: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (char === "}") {
      depth--;
      if (depth === 0) records.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  if (depth !== 0 || inString) throw new Error("unbalanced JSON text");
  return records;
}

interface SampleInfo {
  rule_metadata?: { id?: string }[];
  regression_tests_info?: { match_count?: number; path?: string }[];
}

export function loadRegressionSamples(): RegressionSample[] {
  return filesUnder(join(CORPUS_DIR, "regression_data"), "info.yml").map((infoPath) => {
    const folder = relative(CORPUS_DIR, resolve(infoPath, ".."));
    const info = load(readFileSync(infoPath, "utf8")) as SampleInfo;
    const ruleId = info.rule_metadata?.[0]?.id;
    const test = info.regression_tests_info?.[0];
    if (ruleId === undefined || test?.path === undefined) {
      throw new Error(`${folder}/info.yml names no rule id or sample path`);
    }
    const jsonPath = join(CORPUS_DIR, test.path.replace(/\.evtx$/, ".json"));
    const records = splitConcatenatedJson(readFileSync(jsonPath, "utf8"));
    // A few samples leave match_count out; the sample then has to fire its rule at least once.
    return { folder, ruleId, matchCount: test.match_count ?? 1, records };
  });
}
