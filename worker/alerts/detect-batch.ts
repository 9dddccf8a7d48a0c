/**
 * Detection for one stored batch (step 4 of "The path of a batch", docs/architecture.md), pure:
 * the rule set's matches, the false-positive filter, correlation, and the alert candidates that
 * result. It runs in two phases
 * because correlation state lives in D1: `matchBatch` names the correlation groups the batch
 * touches, the caller loads them, and `finishDetection` advances them and builds the candidates
 * that the store's ingest write (store/ingest-write.ts) then stores.
 *
 * A correlation alert links the stored events of the window that fired, whichever batches brought
 * them, and names their host when they name one; the events its group takes while quiet after
 * firing are added to that alert: the first ADDED_LINKS linked one by one, later ones as one link
 * per batch (the newest) that counts the rest, so a flood adds a bounded number of links.
 */
import { advanceCorrelations, type CorrelationState, groupChanges, groupKeysOf } from "../detect/correlation/engine.ts";
import { type EventRef, type EventRefs, KEPT_PER_END } from "../detect/correlation/refs.ts";
import { createEventView } from "../detect/event-view.ts";
import type { FieldMap } from "../detect/field-map.ts";
import type {
  CorrelationAddition,
  CorrelationFiring,
  CorrelationInput,
  EventView,
  RuleInfo,
  RuleSet,
} from "../detect/types.ts";
import type { AlertEventLink, AlertRule } from "../model/alert-candidate.ts";
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
}

/** Events added to a quiet correlation's alert that are linked one by one; past them, one link per batch. */
export const ADDED_LINKS = 2 * KEPT_PER_END;

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

/** `batchId`: the batch the events are stored under, which with each one's index is its stored identity. */
export function matchBatch(
  ruleSet: RuleSet,
  batchId: string,
  events: readonly PreparedEvent[],
  exceptions: readonly AlertException[],
): MatchedBatch {
  const filter = new ExceptionFilter(exceptions);
  const views = new Map<NormalisedEvent, EventView>();
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
    const ref: EventRef = [batchId, index, event.ts, event.host];
    correlationInputs.push({ ruleId: match.rule.id, ruleName: match.rule.name, event, ref });
    if (!match.alert) continue;
    hits.push({
      rule: alertRule(match.rule),
      host: event.host,
      keyFields: keyFields(match.rule, view),
      ts: event.ts,
      firstTs: event.ts,
      events: [{ batchId, batchIndex: index, ts: event.ts, unlinked: 0 }],
      opens: true,
    });
  }
  const groupKeys =
    ruleSet.correlations.length > 0 ? groupKeysOf(ruleSet.correlations, correlationInputs, ruleSet.fieldMap) : [];
  return { ruleSet, hits, correlationInputs, groupKeys, ruleHits, filter, views };
}

/** The window's kept events as links, the newest also counting the ones it skipped. */
function links(refs: EventRefs): AlertEventLink[] {
  const kept = refs.kept.map(([batchId, batchIndex, ts]) => ({ batchId, batchIndex, ts, unlinked: 0 }));
  const newest = kept[kept.length - 1];
  if (newest !== undefined) newest.unlinked = refs.skipped?.count ?? 0;
  return kept;
}

function correlationHit(
  part: Pick<CorrelationFiring, "rule" | "group" | "host" | "firstTs">,
  ts: number,
  events: AlertEventLink[],
  opens: boolean,
): AlertHit {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(part.group)) if (value !== null) fields[name] = fieldText(value);
  return {
    rule: { ...alertRule(part.rule), kind: "correlation" },
    host: part.host,
    keyFields: fields,
    ts,
    firstTs: part.firstTs,
    events,
    opens,
  };
}

/**
 * The additions as hits: one each while their alert has fewer than ADDED_LINKS added, then per
 * alert one for the batch, linking the newest event and counting the others.
 */
function additionHits(additions: readonly CorrelationAddition[]): AlertHit[] {
  const hits: AlertHit[] = [];
  const collapsed = new Map<string, { newest: CorrelationAddition; count: number }>();
  for (const addition of additions) {
    const events = links(addition.events);
    if (events.length === 0) continue;
    if (addition.addedBefore < ADDED_LINKS) {
      hits.push(correlationHit(addition, addition.event.ts, events, false));
      continue;
    }
    const identity = JSON.stringify([addition.rule.id, addition.group, addition.host, addition.firstTs]);
    const count = events.reduce((total, link) => total + 1 + link.unlinked, 0);
    const seen = collapsed.get(identity);
    const newest = seen === undefined || addition.event.ts >= seen.newest.event.ts ? addition : seen.newest;
    collapsed.set(identity, { newest, count: (seen?.count ?? 0) + count });
  }
  for (const { newest, count } of collapsed.values()) {
    const link = links(newest.events).at(-1) as AlertEventLink;
    hits.push(correlationHit(newest, newest.event.ts, [{ ...link, unlinked: count - 1 }], false));
  }
  return hits;
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
    const suppressed = (ruleId: string, event: NormalisedEvent) =>
      matched.filter.suppress(ruleId, viewOf(matched.views, event, matched.ruleSet.fieldMap)) !== null;
    for (const firing of advanced.firings) {
      const events = links(firing.events);
      if (!firing.alert || events.length === 0 || suppressed(firing.rule.id, firing.lastEvent)) continue;
      hits.push(correlationHit(firing, firing.lastTs, events, true));
    }
    const additions = advanced.additions.filter((a) => a.alert && !suppressed(a.rule.id, a.event));
    hits.push(...additionHits(additions));
  }
  return {
    candidates: await alertCandidates(hits, dedupWindowMs),
    exceptionHits: matched.filter.counts(),
    ruleHits: matched.ruleHits,
    correlationChanges,
  };
}
