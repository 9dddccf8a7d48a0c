/**
 * Rule texts -> one immutable RuleSet: Sigma sources through the Sigma compiler (meta filters
 * applied, correlations parsed), simple sources through the simple-rule compiler, duplicate ids
 * reported, and every rule put in the index that picks, per event, the rules worth trying.
 */
import type { NormalisedEvent } from "../model/event.ts";
import { createEventView } from "./event-view.ts";
import type { FieldMap } from "./field-map.ts";
import { RuleIndex } from "./index/rule-index.ts";
import { type LogsourceTable, routesForLogsource } from "./logsource.ts";
import type { PreparedRule, PreparedSource } from "./prepared-rules.ts";
import { compileSigmaSource, type MetaFilter, type SigmaRuleDraft } from "./sigma/compile-source.ts";
import { EvalContext, FieldRegistry, KEYWORDS } from "./sigma/eval-context.ts";
import type { CompileEnv } from "./sigma/field-condition.ts";
import {
  type AtomRarity,
  andNode,
  atomRarity,
  type Clause,
  type MatchNode,
  notNode,
  requiredClauses,
  toEvaluator,
} from "./sigma/match-tree.ts";
import { logsourceCovers } from "./sigma/rule-meta.ts";
import { compileSimpleRules, type SimpleDetection } from "./simple/compile.ts";
import type {
  CompiledDetection,
  CompileError,
  CorrelationRule,
  DetectionMatch,
  EventView,
  Route,
  RuleInfo,
  RuleSet,
  SimpleRuleReads,
} from "./types.ts";

export interface CompileOptions {
  /** What the log sources declare their Sigma logsources to mean (built from the source registry). */
  logsources: LogsourceTable;
  /** Which names mean the same value (built from the sources' declared field names). */
  fieldMap: FieldMap;
  /** Values of Sigma placeholders (`%Servers%` -> ["srv*"]) for the `expand` modifier. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
}

/** A detection as the rule set keeps it: the public form plus what the index and fast path need. */
export interface IndexedDetection extends CompiledDetection {
  /** False when the rule only feeds correlation rules. */
  alert: boolean;
  /** Prefilter: clauses that must all hold for the rule to match (none: always tried). */
  readonly clauses: readonly Clause[];
  readonly clauseSizes: readonly number[];
  /** The full test against an event context shared by all rules tried on the event. */
  evaluate(ctx: EvalContext): boolean;
}

export interface CompiledDetections {
  detections: IndexedDetection[];
  /** Simple rule id -> what it needs of an event. */
  simpleReads: Map<string, SimpleRuleReads>;
  correlations: CorrelationRule[];
  errors: CompileError[];
  registry: FieldRegistry;
}

type Entry =
  | { kind: "sigma"; draft: SigmaRuleDraft }
  | { kind: "prepared"; rule: PreparedRule; node: () => MatchNode }
  | { kind: "simple"; detection: SimpleDetection };

function infoOf(entry: Entry): RuleInfo {
  if (entry.kind === "sigma") return entry.draft.info;
  return entry.kind === "prepared" ? entry.rule.info : entry.detection.info;
}

/**
 * A prepared source's detections, compiled the first time one of its rules is needed, with the
 * set's field registry and placeholders: the nodes the set would have built from the text.
 */
function compiledOnDemand(source: PreparedSource, env: CompileEnv): (id: string) => MatchNode {
  let nodes: Map<string, MatchNode> | null = null;
  return (id) => {
    nodes ??= new Map(compileSigmaSource(source, env).rules.map((draft) => [draft.info.id, draft.node]));
    const node = nodes.get(id);
    if (node === undefined)
      throw new Error(`${source.origin}: prepared rule ${id} is not in its text: rebuild the rule bundle`);
    return node;
  };
}

/** Every source compiled, before indexing: what the rule set holds, in source order. */
export function compileDetections(sources: readonly PreparedSource[], options: CompileOptions): CompiledDetections {
  const registry = new FieldRegistry();
  const env: CompileEnv = { registry, placeholders: options.placeholders ?? {} };
  const errors: CompileError[] = [];
  const entries: Entry[] = [];
  const filters: MetaFilter[] = [];
  const correlations: CorrelationRule[] = [];
  for (const source of sources) {
    if (source.prepared !== undefined) {
      const nodeOf = compiledOnDemand(source, env);
      entries.push(
        ...source.prepared.rules.map((rule): Entry => ({ kind: "prepared", rule, node: () => nodeOf(rule.info.id) })),
      );
      errors.push(...source.prepared.errors);
    } else if (source.kind === "sigma") {
      const compiled = compileSigmaSource(source, env);
      entries.push(...compiled.rules.map((draft): Entry => ({ kind: "sigma", draft })));
      filters.push(...compiled.filters);
      correlations.push(...compiled.correlations);
      errors.push(...compiled.errors);
    } else {
      const compiled = compileSimpleRules(source, options.placeholders);
      entries.push(...compiled.detections.map((detection): Entry => ({ kind: "simple", detection })));
      errors.push(...compiled.errors);
    }
  }
  const unique = compiledWhereFiltered(withoutDuplicateIds(entries, errors), filters);
  applyFilters(unique, filters, errors);
  const feedsOnly = correlationOnlyRefs(correlations);
  const contextOf = viewContexts(registry);
  const rarity = atomRarity(unique.flatMap((entry) => (entry.kind === "sigma" ? [entry.draft.node] : [])));
  const detections = unique.map((entry) => {
    const alert = !feedsOnly(infoOf(entry));
    if (entry.kind === "simple") return simpleDetection(entry.detection, alert);
    if (entry.kind === "sigma") {
      const routes = routesForLogsource(options.logsources, entry.draft.logsource);
      return sigmaDetection(entry.draft, routes, alert, contextOf, rarity);
    }
    const routes = routesForLogsource(options.logsources, entry.rule.logsource);
    return preparedDetection(entry.rule, entry.node, routes, { alert, contextOf, registry });
  });
  const simpleReads = new Map(
    unique.flatMap((entry) =>
      entry.kind === "simple" ? [[entry.detection.info.id, entry.detection.reads] as const] : [],
    ),
  );
  return { detections, simpleReads, correlations, errors, registry };
}

export function compileRuleSet(sources: readonly PreparedSource[], options: CompileOptions): RuleSet {
  const { detections, simpleReads, correlations, errors, registry } = compileDetections(sources, options);
  const index = new RuleIndex(detections, options.logsources);
  const ctx = new EvalContext(registry);
  const matchInto = (out: DetectionMatch[], event: NormalisedEvent, eventIndex: number) => {
    ctx.reset(createEventView(event, options.fieldMap));
    for (const i of index.candidates(event, ctx)) {
      const detection = detections[i] as IndexedDetection;
      if (detection.evaluate(ctx)) out.push({ rule: detection.info, eventIndex, alert: detection.alert });
    }
  };
  return {
    rules: detections.map((detection) => detection.info),
    correlations,
    errors,
    fieldMap: options.fieldMap,
    routes: new Map(detections.map((detection) => [detection.info.id, detection.routes])),
    simpleReads,
    matchAll(events) {
      const out: DetectionMatch[] = [];
      events.forEach((event, i) => {
        matchInto(out, event, i);
      });
      return out;
    },
    match(event) {
      const out: DetectionMatch[] = [];
      matchInto(out, event, 0);
      return out;
    },
  };
}

function withoutDuplicateIds(entries: Entry[], errors: CompileError[]): Entry[] {
  const firstOrigin = new Map<string, string>();
  return entries.filter((entry) => {
    const info = infoOf(entry);
    const first = firstOrigin.get(info.id);
    if (first === undefined) {
      firstOrigin.set(info.id, info.origin);
      return true;
    }
    errors.push({
      origin: info.origin,
      line: entry.kind === "sigma" ? entry.draft.line : entry.kind === "prepared" ? entry.rule.line : null,
      ruleId: info.id,
      reason: `duplicate rule id '${info.id}' (already defined in ${first}); this rule is skipped`,
    });
    return false;
  });
}

/** A prepared rule a meta filter names is compiled now, so the filter can be added to its detection. */
function compiledWhereFiltered(entries: Entry[], filters: readonly MetaFilter[]): Entry[] {
  if (filters.length === 0) return entries;
  const named = new Set(filters.flatMap((filter) => filter.rules));
  return entries.map((entry) => {
    if (entry.kind !== "prepared") return entry;
    const { info, logsource, line } = entry.rule;
    if (!named.has(info.id) && (info.name === null || !named.has(info.name))) return entry;
    return { kind: "sigma", draft: { info, logsource, line, node: entry.node() } };
  });
}

/** Each meta filter adds `and not <filter>` to the rules it names whose log source it covers. */
function applyFilters(entries: Entry[], filters: readonly MetaFilter[], errors: CompileError[]): void {
  const byRef = new Map<string, SigmaRuleDraft>();
  for (const entry of entries) {
    if (entry.kind !== "sigma") continue;
    byRef.set(entry.draft.info.id, entry.draft);
    if (entry.draft.info.name !== null) byRef.set(entry.draft.info.name, entry.draft);
  }
  for (const filter of filters) {
    for (const ref of filter.rules) {
      const draft = byRef.get(ref);
      if (draft === undefined) {
        errors.push({
          origin: filter.origin,
          line: filter.line,
          ruleId: filter.id,
          reason: `filter '${filter.title}' names rule '${ref}', which is not a Sigma rule of this set`,
        });
        continue;
      }
      if (logsourceCovers(filter.logsource, draft.logsource)) draft.node = andNode([draft.node, notNode(filter.node)]);
    }
  }
}

/** Rules named by a correlation only feed it, unless one of the correlations naming them says `generate: true`. */
function correlationOnlyRefs(correlations: readonly CorrelationRule[]): (info: RuleInfo) => boolean {
  const referenced = new Set<string>();
  const generated = new Set<string>();
  for (const correlation of correlations) {
    for (const ref of correlation.rules) {
      referenced.add(ref);
      if (correlation.generate) generated.add(ref);
    }
  }
  return (info) => {
    const refs = info.name === null ? [info.id] : [info.id, info.name];
    return refs.some((ref) => referenced.has(ref)) && !refs.some((ref) => generated.has(ref));
  };
}

/** One evaluation context per view, so rules tested one by one on the same view share its field cache. */
function viewContexts(registry: FieldRegistry): (view: EventView) => EvalContext {
  const contexts = new WeakMap<EventView, EvalContext>();
  return (view) => {
    let ctx = contexts.get(view);
    if (ctx === undefined) {
      ctx = new EvalContext(registry).reset(view);
      contexts.set(view, ctx);
    }
    return ctx;
  };
}

function sigmaDetection(
  draft: SigmaRuleDraft,
  routes: readonly Route[] | null,
  alert: boolean,
  contextOf: (view: EventView) => EvalContext,
  rarity: AtomRarity,
): IndexedDetection {
  const evaluate = toEvaluator(draft.node);
  const clauses = requiredClauses(draft.node, rarity);
  return {
    info: draft.info,
    routes,
    alert,
    clauses,
    clauseSizes: clauses.map((clause) => clause.length),
    evaluate,
    test: (view) => evaluate(contextOf(view)),
  };
}

/** The prepared clauses index the rule; its detection is compiled on its first full test. */
function preparedDetection(
  rule: PreparedRule,
  node: () => MatchNode,
  routes: readonly Route[] | null,
  set: { alert: boolean; contextOf: (view: EventView) => EvalContext; registry: FieldRegistry },
): IndexedDetection {
  let compiled: ((ctx: EvalContext) => boolean) | null = null;
  const evaluate = (ctx: EvalContext) => {
    compiled ??= toEvaluator(node());
    return compiled(ctx);
  };
  const fieldId = (field: string) => (field === "" ? KEYWORDS : set.registry.idOf(field));
  // Numbered when the index first builds a group holding the rule: a set of thousands of rules
  // (some with thousands of literals) pays only for the routes its events reach.
  let clauses: Clause[] | null = null;
  return {
    info: rule.info,
    routes,
    alert: set.alert,
    get clauses() {
      clauses ??= rule.clauses.map((clause) =>
        clause.map((atom) => ({ field: fieldId(atom.field), text: atom.text, exact: atom.exact })),
      );
      return clauses;
    },
    clauseSizes: rule.clauses.map((clause) => clause.length),
    evaluate,
    test: (view) => evaluate(set.contextOf(view)),
  };
}

function simpleDetection(detection: CompiledDetection, alert: boolean): IndexedDetection {
  return {
    ...detection,
    alert,
    clauses: [],
    clauseSizes: [],
    evaluate: (ctx) => detection.test(ctx.view),
  };
}
