/**
 * The addressable rules inside rule texts: what an id in the rules API refers to. A Sigma file is
 * one unit, named by the `id` of its first document that has one (its other documents, e.g. the
 * base rules of a correlation, travel with it). A simple-rule file holds one unit per rule line.
 */
import { loadAll } from "js-yaml";
import { parseSimpleLine } from "../detect/simple/line.ts";
import { simpleRuleId } from "../detect/simple/rule-id.ts";
import type { RuleKind, RuleSource } from "../detect/types.ts";

export interface RuleUnit {
  /** Null when the text is too broken to name its rule; the compiler reports why. */
  id: string | null;
  kind: RuleKind;
  origin: string;
  /** 1-based line of a simple rule in its file; null for a whole Sigma file. */
  line: number | null;
  /** The unit's own text: the whole Sigma file, or the one simple-rule line. */
  text: string;
}

export function sigmaRuleId(text: string): string | null {
  return sigmaRuleIds(text)[0] ?? null;
}

/** The `id` of every document of a Sigma file that has one, in order; none when it cannot be read. */
export function sigmaRuleIds(text: string): string[] {
  let documents: unknown[];
  try {
    documents = loadAll(text);
  } catch {
    return [];
  }
  const ids: string[] = [];
  for (const document of documents) {
    if (document === null || typeof document !== "object" || Array.isArray(document)) continue;
    const id = (document as Record<string, unknown>).id;
    if (typeof id === "string" && id.trim() !== "") ids.push(id.trim());
    else if (typeof id === "number") ids.push(String(id));
  }
  return ids;
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function simpleUnits(source: RuleSource): RuleUnit[] {
  const units: RuleUnit[] = [];
  splitLines(source.text).forEach((text, index) => {
    const parsed = parseSimpleLine(text);
    if (parsed.kind !== "rule") return;
    units.push({ id: simpleRuleId(parsed.pattern), kind: "simple", origin: source.origin, line: index + 1, text });
  });
  return units;
}

export function ruleUnits(source: RuleSource): RuleUnit[] {
  if (source.kind === "simple") return simpleUnits(source);
  return [{ id: sigmaRuleId(source.text), kind: "sigma", origin: source.origin, line: null, text: source.text }];
}

/** Whether a Sigma text holds a correlation rule, which refers to rules elsewhere in the set. */
export function hasCorrelation(source: RuleSource): boolean {
  return source.kind === "sigma" && /^correlation\s*:/m.test(source.text);
}
