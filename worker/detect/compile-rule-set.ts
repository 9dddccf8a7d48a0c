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
import { compileSigmaSource, type MetaFilter, type SigmaRuleDraft } from "./sigma/compile-source.ts";
import { EvalContext, FieldRegistry } from "./sigma/eval-context.ts";
import type { CompileEnv } from "./sigma/field-condition.ts";
import {
  type AtomRarity,
  andNode,
  atomsOf,
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
  RuleSource,
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
  clauses: readonly Clause[];
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

type Entry = { kind: "sigma"; draft: SigmaRuleDraft } | { kind: "simple"; detection: SimpleDetection };

/** Every source compiled, before indexing: what the rule set holds, in source order. */
export function compileDetections(sources: readonly RuleSource[], options: CompileOptions): CompiledDetections {
  const registry = new FieldRegistry();
  const env: CompileEnv = { registry, placeholders: options.placeholders ?? {} };
  const errors: CompileError[] = [];
  const entries: Entry[] = [];
  const filters: MetaFilter[] = [];
  const correlations: CorrelationRule[] = [];
  for (const source of sources) {
    if (source.kind === "sigma") {
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
  const unique = withoutDuplicateIds(entries, errors);
  applyFilters(unique, filters, errors);
  const feedsOnly = correlationOnlyRefs(correlations);
  const contextOf = viewContexts(registry);
  const rarity = atomRarity(unique.flatMap((entry) => (entry.kind === "sigma" ? [entry.draft.node] : [])));
  const detections = unique.map((entry) => {
    const info = entry.kind === "sigma" ? entry.draft.info : entry.detection.info;
    const alert = !feedsOnly(info);
    return entry.kind === "sigma"
      ? sigmaDetection(
          entry.draft,
          routesForLogsource(options.logsources, entry.draft.logsource),
          alert,
          contextOf,
          rarity,
        )
      : simpleDetection(entry.detection, alert);
  });
  const simpleReads = new Map(
    unique.flatMap((entry) =>
      entry.kind === "simple" ? [[entry.detection.info.id, entry.detection.reads] as const] : [],
    ),
  );
  return { detections, simpleReads, correlations, errors, registry };
}

export function compileRuleSet(sources: readonly RuleSource[], options: CompileOptions): RuleSet {
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
    const info = entry.kind === "sigma" ? entry.draft.info : entry.detection.info;
    const first = firstOrigin.get(info.id);
    if (first === undefined) {
      firstOrigin.set(info.id, info.origin);
      return true;
    }
    errors.push({
      origin: info.origin,
      line: entry.kind === "sigma" ? entry.draft.line : null,
      ruleId: info.id,
      reason: `duplicate rule id '${info.id}' (already defined in ${first}); this rule is skipped`,
    });
    return false;
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

/**
 * Longer literals are rarer in logs, and so are literals few rules use: a text many rules share
 * (`\\windows\\system32\\`, `.exe`) is common in events too, however long.
 */
function atomRarity(nodes: readonly MatchNode[]): AtomRarity {
  const key = (atom: { field: number; text: string }) => `${atom.field}\u0000${atom.text}`;
  const rules = new Map<string, number>();
  for (const node of nodes) for (const k of new Set(atomsOf(node).map(key))) rules.set(k, (rules.get(k) ?? 0) + 1);
  return (atom) => Math.min(atom.text.length, 16) + (atom.exact ? 2 : 0) - Math.log2(rules.get(key(atom)) ?? 1);
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
  return {
    info: draft.info,
    routes,
    alert,
    clauses: requiredClauses(draft.node, rarity),
    evaluate,
    test: (view) => evaluate(contextOf(view)),
  };
}

function simpleDetection(detection: CompiledDetection, alert: boolean): IndexedDetection {
  return {
    ...detection,
    alert,
    clauses: [],
    evaluate: (ctx) => detection.test(ctx.view),
  };
}
