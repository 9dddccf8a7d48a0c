/**
 * Every `re` value of a set of Sigma files, with the flags its modifiers give: the input of the
 * ReDoS check (`npm run rules:regex-attacks`) and of the test that runs its worst-case inputs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadAll } from "js-yaml";

export type RegexFlag = "i" | "m" | "s";

export interface RuleRegex {
  /** The file the value is in. */
  origin: string;
  /** The detection key that carries it, modifiers included, e.g. `CommandLine|re|i`. */
  key: string;
  pattern: string;
  flags: RegexFlag[];
}

const FLAG_MODIFIERS = new Set<string>(["i", "m", "s"]);

export function ruleRegexes(files: readonly { origin: string; text: string }[]): RuleRegex[] {
  const found: RuleRegex[] = [];
  const visit = (node: unknown, origin: string, key: string) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, origin, key);
    } else if (node !== null && typeof node === "object") {
      for (const [childKey, child] of Object.entries(node)) visit(child, origin, childKey);
    } else if (typeof node === "string") {
      const modifiers = key.split("|").slice(1);
      if (!modifiers.includes("re")) return;
      const flags = [...new Set(modifiers.filter((m): m is RegexFlag => FLAG_MODIFIERS.has(m)))].sort();
      found.push({ origin, key, pattern: node, flags });
    }
  };
  for (const file of files) {
    let documents: unknown[];
    try {
      documents = loadAll(file.text);
    } catch {
      continue;
    }
    for (const document of documents) {
      const detection = (document as { detection?: unknown } | null)?.detection;
      if (detection !== undefined) visit(detection, file.origin, "");
    }
  }
  return found;
}

/** The JavaScript flags and body a ReDoS checker for V8 regexes reads: PCRE's leading `(?i)` as flags. */
export function asV8Regex(regex: RuleRegex): { source: string; flags: string } {
  const flags = new Set<string>(regex.flags);
  let source = regex.pattern;
  for (let match = /^\(\?([ims]+)\)/.exec(source); match; match = /^\(\?([ims]+)\)/.exec(source)) {
    for (const flag of match[1] ?? "") flags.add(flag);
    source = source.slice(match[0].length);
  }
  return { source, flags: [...flags].sort().join("") };
}

/**
 * The shipped Sigma files (`rules/sigma/...`) and the SigmaHQ corpus's rule folders
 * (`sigmahq/rules.../...`), each named by that prefix and its path.
 */
export function regexRuleFiles(corpusDir: string, shippedDir: string): { origin: string; text: string }[] {
  const ymlFiles = (root: string, prefix: string) =>
    readdirSync(root, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
      .map((path) => ({ origin: `${prefix}/${relative(root, path)}`, text: readFileSync(path, "utf8") }));
  return [
    ...ymlFiles(shippedDir, "rules/sigma"),
    ...readdirSync(corpusDir)
      .filter((name) => name.startsWith("rules"))
      .sort()
      .flatMap((folder) => ymlFiles(join(corpusDir, folder), `sigmahq/${folder}`)),
  ];
}
