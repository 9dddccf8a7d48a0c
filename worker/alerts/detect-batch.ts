/**
 * Detection for one stored batch (step 4 of "The path of a batch", docs/architecture.md), pure:
 * the rule set's matches, the false-positive filter, correlation, and the alert candidates that
 * result. It runs in two phases
 * because correlation state lives in D1: `matchBatch` names the correlation groups the batch
 * touches, the caller loads them, and `finishDetection` advances them and builds the candidates
 * that the store's ingest write (store/ingest-write.ts) then stores.
 */
import { advanceCorrelations, type CorrelationState, groupChanges, groupKeysOf } from "../detect/correlation/engine.ts";
import { createEventView } from "../detect/event-view.ts";
import type { FieldMap } from "../detect/field-map.ts";
import type { CorrelationFiring, CorrelationInput, EventView, RuleInfo, RuleSet } from "../detect/types.ts";
import type { AlertRule } from "../model/alert-candidate.ts";
import type { BatchDetection } from "../model/batch-detection.ts";
import type { NormalisedEvent } from "../model/event.ts";
import type { PreparedEvent } from "../model/prepared-event.ts";
import type { AlertException } from "../store/ingest-exceptions.ts";
import { type AlertHit, alertCandidates } from "./candidates.ts";
import { fieldText, keyFields } from "./key-fields.ts";
import { ExceptionFilter } from "./suppress.ts";

export interface MatchedBatch {
  ruleSet: RuleSet;
  hits: AlertHit[];
  correlationInputs: CorrelationInput[];
  /** Correlation group keys to load before `finishDetection`. */
  groupKeys: string[];
  /** Batch index -> ids of the rules the event matched (suppressed matches left out). */
  ruleHits: Map<number, string[]>;
  filter: ExceptionFilter;
  views: Map<NormalisedEvent, EventView>;
  positions: Map<NormalisedEvent, number>;
}

function alertRule(info: RuleInfo): AlertRule {
  return { id: info.id, kind: info.kind, title: info.title, level: info.level, tags: info.tags };
}

function viewOf(views: Map<NormalisedEvent, EventView>, event: NormalisedEvent, fieldMap: FieldMap): EventView {
  let view = views.get(event);
  if (view === undefined) {
    view = createEventView(event, fieldMap);
    views.set(event, view);
  }
  return view;
}

export function matchBatch(
  ruleSet: RuleSet,
  events: readonly PreparedEvent[],
  exceptions: readonly AlertException[],
): MatchedBatch {
  const filter = new ExceptionFilter(exceptions);
  const views = new Map<NormalisedEvent, EventView>();
  const positions = new Map(events.map((prepared) => [prepared.event, prepared.index]));
  const hits: AlertHit[] = [];
  const correlationInputs: CorrelationInput[] = [];
  const ruleHits = new Map<number, string[]>();
  for (const match of ruleSet.matchAll(events.map((prepared) => prepared.event))) {
    const prepared = events[match.eventIndex];
    if (prepared === undefined) continue;
    const { event, index } = prepared;
    const view = viewOf(views, event, ruleSet.fieldMap);
    // A false positive neither alerts nor feeds a correlation.
    if (filter.suppress(match.rule.id, view) !== null) continue;
    ruleHits.set(index, [...(ruleHits.get(index) ?? []), match.rule.id]);
    correlationInputs.push({ ruleId: match.rule.id, ruleName: match.rule.name, event });
    if (!match.alert) continue;
    hits.push({
      rule: alertRule(match.rule),
      host: event.host,
      keyFields: keyFields(match.rule, view),
      batchIndex: index,
      ts: event.ts,
      firstTs: event.ts,
    });
  }
  const groupKeys =
    ruleSet.correlations.length > 0 ? groupKeysOf(ruleSet.correlations, correlationInputs, ruleSet.fieldMap) : [];
  return { ruleSet, hits, correlationInputs, groupKeys, ruleHits, filter, views, positions };
}

/** A correlation's group names the host only when one of its group-by fields is the host name. */
function firingHost(firing: CorrelationFiring, fieldMap: FieldMap): string | null {
  for (const [name, value] of Object.entries(firing.group)) {
    if (typeof value === "string" && fieldMap.resolve(name).names.includes("host.name")) return value;
  }
  return null;
}

function firingHit(firing: CorrelationFiring, batchIndex: number, fieldMap: FieldMap): AlertHit {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(firing.group)) if (value !== null) fields[name] = fieldText(value);
  return {
    rule: { ...alertRule(firing.rule), kind: "correlation" },
    host: firingHost(firing, fieldMap),
    keyFields: fields,
    batchIndex,
    ts: firing.lastTs,
    firstTs: firing.firstTs,
  };
}

export async function finishDetection(
  matched: MatchedBatch,
  loaded: CorrelationState,
  dedupWindowMs: number,
): Promise<BatchDetection> {
  const hits = [...matched.hits];
  let correlationChanges: BatchDetection["correlationChanges"] = { upsert: {}, remove: [] };
  if (matched.ruleSet.correlations.length > 0 && matched.correlationInputs.length > 0) {
    const advanced = advanceCorrelations(
      matched.ruleSet.correlations,
      loaded,
      matched.correlationInputs,
      matched.ruleSet.fieldMap,
    );
    correlationChanges = groupChanges(loaded, advanced.state);
    for (const firing of advanced.firings) {
      const batchIndex = matched.positions.get(firing.lastEvent);
      if (!firing.alert || batchIndex === undefined) continue;
      if (
        matched.filter.suppress(firing.rule.id, viewOf(matched.views, firing.lastEvent, matched.ruleSet.fieldMap)) !==
        null
      )
        continue;
      hits.push(firingHit(firing, batchIndex, matched.ruleSet.fieldMap));
    }
  }
  return {
    candidates: await alertCandidates(hits, dedupWindowMs),
    exceptionHits: matched.filter.counts(),
    ruleHits: matched.ruleHits,
    correlationChanges,
  };
}
