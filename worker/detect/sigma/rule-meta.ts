/** The descriptive parts of a Sigma document: title, id, level, tags, log source... */
import type { Logsource } from "../logsource.ts";
import { RULE_LEVELS, type RuleLevel } from "../types.ts";
import { RuleError } from "./rule-error.ts";
import { entryOf, type YamlMap, type YamlNode } from "./yaml-tree.ts";

export type { Logsource };
export function textOf(doc: YamlMap, key: string): string | null {
  const entry = entryOf(doc, key);
  if (entry === undefined || entry.value.kind !== "scalar" || entry.value.value === null) return null;
  return entry.value.text;
}

/** A string or list of strings, as a list (other shapes are an error, reported at the key). */
export function textListOf(doc: YamlMap, key: string): string[] {
  const entry = entryOf(doc, key);
  if (entry === undefined) return [];
  const node = entry.value;
  if (node.kind === "scalar") return node.value === null ? [] : [node.text];
  if (node.kind === "seq" && node.items.every((item) => item.kind === "scalar")) {
    return node.items.flatMap((item) => (item.kind === "scalar" && item.value !== null ? [item.text] : []));
  }
  throw new RuleError(`'${key}' must be a text or a list of texts`, entry.keyOffset);
}

export function requiredTitle(doc: YamlMap): string {
  const title = textOf(doc, "title");
  if (title === null || title.trim() === "") throw new RuleError("missing title", doc.offset);
  return title;
}

export function levelOf(doc: YamlMap): RuleLevel {
  const entry = entryOf(doc, "level");
  const text = textOf(doc, "level");
  if (entry === undefined || text === null) return "medium";
  const level = text.toLowerCase();
  if (!(RULE_LEVELS as readonly string[]).includes(level)) {
    throw new RuleError(`unknown level '${text}' (expected ${RULE_LEVELS.join(", ")})`, entry.value.offset);
  }
  return level as RuleLevel;
}

export function logsourceOf(doc: YamlMap): Logsource {
  const entry = entryOf(doc, "logsource");
  if (entry === undefined) throw new RuleError("missing logsource", doc.offset);
  const node: YamlNode = entry.value;
  if (node.kind !== "map") throw new RuleError("logsource must be a map", entry.keyOffset);
  const logsource: Logsource = {};
  for (const key of ["product", "category", "service"] as const) {
    const value = textOf(node, key);
    if (value !== null) logsource[key] = value.toLowerCase();
  }
  return logsource;
}

/** Whether a filter's log source covers a rule's: every part the filter names is the rule's too. */
export function logsourceCovers(filter: Logsource, rule: Logsource): boolean {
  return (["product", "category", "service"] as const).every(
    (key) => filter[key] === undefined || filter[key] === rule[key],
  );
}
