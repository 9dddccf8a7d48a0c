/**
 * One Sigma source (a YAML file of one or more documents) compiled document by document: detection
 * rules, meta filters and correlation rules. A document that fails becomes a CompileError with
 * the line it is about; the other documents still compile.
 */
import { isCompileError, parseCorrelationRule } from "../correlation/parse.ts";
import type { CompileError, CorrelationRule, RuleInfo, RuleSource } from "../types.ts";
import { compileDetection } from "./detection.ts";
import type { CompileEnv } from "./field-condition.ts";
import type { MatchNode } from "./match-tree.ts";
import { RuleError } from "./rule-error.ts";
import { type Logsource, levelOf, logsourceOf, requiredTitle, textListOf, textOf } from "./rule-meta.ts";
import { entryOf, LineIndex, parseYamlSource, toPlain, type YamlMap } from "./yaml-tree.ts";

export interface SigmaRuleDraft {
  info: RuleInfo;
  logsource: Logsource;
  node: MatchNode;
  /** Line of the document's first key. */
  line: number;
}

export interface MetaFilter {
  title: string;
  id: string | null;
  origin: string;
  line: number;
  logsource: Logsource;
  /** Ids or names of the rules the filter applies to. */
  rules: string[];
  node: MatchNode;
}

export interface CompiledSigmaSource {
  rules: SigmaRuleDraft[];
  filters: MetaFilter[];
  correlations: CorrelationRule[];
  errors: CompileError[];
}

export function compileSigmaSource(source: RuleSource, env: CompileEnv): CompiledSigmaSource {
  const out: CompiledSigmaSource = { rules: [], filters: [], correlations: [], errors: [] };
  const { documents, failures } = parseYamlSource(source.text);
  for (const failure of failures) {
    out.errors.push({ origin: source.origin, line: failure.line, ruleId: null, reason: failure.reason });
  }
  const lines = new LineIndex(source.text);
  documents.forEach((document, index) => {
    const root = document.root;
    if (root === null) return;
    const docLine = lines.lineOf(document.offset);
    if (root.kind !== "map") {
      out.errors.push({ origin: source.origin, line: docLine, ruleId: null, reason: "a Sigma document must be a map" });
      return;
    }
    const ruleId = textOf(root, "id");
    try {
      compileDocument(root, source, index, env, lines, out);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const line = error.offset === null ? docLine : lines.lineOf(error.offset);
      out.errors.push({ origin: source.origin, line, ruleId, reason: error.message });
    }
  });
  return out;
}

function compileDocument(
  doc: YamlMap,
  source: RuleSource,
  index: number,
  env: CompileEnv,
  lines: LineIndex,
  out: CompiledSigmaSource,
): void {
  const line = lines.lineOf(doc.offset);
  if (entryOf(doc, "correlation") !== undefined) {
    const parsed = parseCorrelationRule(toPlain(doc) as Record<string, unknown>, source.origin, line);
    if (isCompileError(parsed)) out.errors.push(parsed);
    else out.correlations.push(parsed);
    return;
  }
  const action = entryOf(doc, "action");
  if (action !== undefined) {
    throw new RuleError(
      "legacy Sigma rule collections ('action: global/repeat/reset') are not supported",
      action.keyOffset,
    );
  }
  const filter = entryOf(doc, "filter");
  if (filter !== undefined && entryOf(doc, "detection") === undefined) {
    out.filters.push(compileMetaFilter(doc, source, env, line));
    return;
  }
  out.rules.push(compileRule(doc, source, index, env, line));
}

function compileRule(doc: YamlMap, source: RuleSource, index: number, env: CompileEnv, line: number): SigmaRuleDraft {
  const title = requiredTitle(doc);
  const detection = entryOf(doc, "detection");
  if (detection === undefined) throw new RuleError("missing detection", doc.offset);
  if (detection.value.kind !== "map") throw new RuleError("detection must be a map", detection.keyOffset);
  const logsource = logsourceOf(doc);
  const node = compileDetection(detection.value, env);
  const id = textOf(doc, "id");
  const info: RuleInfo = {
    id: id ?? `${source.origin}#${index + 1}`,
    name: textOf(doc, "name"),
    title,
    level: levelOf(doc),
    tags: textListOf(doc, "tags"),
    kind: "sigma",
    origin: source.origin,
    description: textOf(doc, "description"),
    status: textOf(doc, "status"),
    author: textListOf(doc, "author").join(", ") || null,
    references: textListOf(doc, "references"),
    falsepositives: textListOf(doc, "falsepositives"),
    fields: textListOf(doc, "fields"),
  };
  return { info, logsource, node, line };
}

function compileMetaFilter(doc: YamlMap, source: RuleSource, env: CompileEnv, line: number): MetaFilter {
  const title = requiredTitle(doc);
  const filter = entryOf(doc, "filter");
  if (filter === undefined || filter.value.kind !== "map") {
    throw new RuleError("filter must be a map", filter?.keyOffset ?? doc.offset);
  }
  const section = filter.value;
  const rules = textListOf(section, "rules");
  if (rules.length === 0) throw new RuleError("filter has no rules to apply to", filter.keyOffset);
  return {
    title,
    id: textOf(doc, "id"),
    origin: source.origin,
    line,
    logsource: logsourceOf(doc),
    rules,
    node: compileDetection(section, env, new Set(["rules"])),
  };
}
