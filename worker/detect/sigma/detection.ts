/**
 * A Sigma `detection` section (or a meta filter's `filter` section): every search identifier
 * compiled to a match node, then the condition compiled over them. Maps are AND-linked, lists
 * OR-linked; plain values in a list (or alone) are keywords searched for in every value.
 */
import { compileCondition } from "./condition.ts";
import { type CompileEnv, compileFieldCondition } from "./field-condition.ts";
import { andNode, type MatchNode, orNode } from "./match-tree.ts";
import { RuleError } from "./rule-error.ts";
import type { YamlMap, YamlNode, YamlScalar } from "./yaml-tree.ts";

/** Keys of a detection section that are not search identifiers. */
const RESERVED = new Set(["condition", "timeframe"]);

export function compileDetection(
  section: YamlMap,
  env: CompileEnv,
  ignored: ReadonlySet<string> = new Set(),
): MatchNode {
  const identifiers = new Map<string, MatchNode>();
  for (const entry of section.entries) {
    if (RESERVED.has(entry.key) || ignored.has(entry.key)) continue;
    identifiers.set(entry.key, compileSearchIdentifier(entry.key, entry.keyOffset, entry.value, env));
  }
  const conditionEntry = section.entries.find((entry) => entry.key === "condition");
  if (conditionEntry === undefined) throw new RuleError("detection has no condition", section.offset);
  const conditions = conditionTexts(conditionEntry.value);
  const nodes = conditions.map((condition) => {
    const result = compileCondition(condition.text, identifiers);
    if (!result.ok) throw new RuleError(result.reason, condition.offset);
    return result.node;
  });
  return orNode(nodes);
}

function conditionTexts(node: YamlNode): YamlScalar[] {
  const items = node.kind === "seq" ? node.items : [node];
  if (items.length === 0) throw new RuleError("condition is empty", node.offset);
  return items.map((item) => {
    if (item.kind !== "scalar" || typeof item.value !== "string" || item.text.trim() === "") {
      throw new RuleError("condition must be a text (or a list of texts)", item.offset);
    }
    return item;
  });
}

function compileSearchIdentifier(name: string, offset: number, value: YamlNode, env: CompileEnv): MatchNode {
  if (value.kind === "map") return compileMap(value, env);
  if (value.kind === "scalar") {
    if (value.value === null) throw new RuleError(`search identifier '${name}' is empty`, offset);
    return compileFieldCondition("", value.offset, value, env);
  }
  if (value.items.length === 0) throw new RuleError(`search identifier '${name}' is an empty list`, offset);
  const keywords = value.items.filter((item): item is YamlScalar => item.kind === "scalar");
  const alternatives: MatchNode[] = [];
  if (keywords.length > 0) {
    alternatives.push(
      compileFieldCondition("", value.offset, { kind: "seq", items: keywords, offset: value.offset }, env),
    );
  }
  for (const item of value.items) {
    if (item.kind === "map") alternatives.push(compileMap(item, env));
    else if (item.kind === "seq")
      throw new RuleError(`search identifier '${name}' has a list inside a list`, item.offset);
  }
  return orNode(alternatives);
}

function compileMap(map: YamlMap, env: CompileEnv): MatchNode {
  if (map.entries.length === 0) throw new RuleError("empty map in a search identifier", map.offset);
  return andNode(map.entries.map((entry) => compileFieldCondition(entry.key, entry.keyOffset, entry.value, env)));
}
