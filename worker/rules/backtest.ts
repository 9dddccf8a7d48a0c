/**
 * A backtest: rules run over the stored events of a time range as ingest would have run them, a
 * page at a time, creating nothing. The whole run lives in a plain `BacktestState` the caller
 * carries from page to page (the API signs it into a token), so each request does one page of work.
 *
 * Events are read oldest first, so alerts are grouped as ingest groups them (a hit within the dedup
 * window of the last one with the same rule, host and key fields adds to that alert) and correlation
 * rules advance in event order across the pages. Exceptions apply as they do at ingest: a suppressed
 * hit neither alerts nor feeds a correlation. The memory of open alerts and correlation groups is
 * bounded; past the bound the oldest is forgotten and the result is marked approximate.
 */
import { dedupKey } from "../alerts/candidates.ts";
import { fieldText, keyFields } from "../alerts/key-fields.ts";
import { ExceptionFilter } from "../alerts/suppress.ts";
import { advanceCorrelations, type CorrelationState } from "../detect/correlation/engine.ts";
import { createEventView } from "../detect/event-view.ts";
import type { CorrelationInput, EventView, RuleInfo, RuleSet } from "../detect/types.ts";
import { renormalise } from "../ingest/stored-event.ts";
import type { FieldValue, NormalisedEvent } from "../model/event.ts";
import type { BacktestCursor, BacktestEventRow, BacktestRange } from "../store/backtest-events.ts";
import type { AlertException } from "../store/ingest-exceptions.ts";

export const MAX_SAMPLES = 3;
const MAX_SUMMARY = 160;
/** Open would-be alerts remembered for grouping; each is a few dozen bytes of the state. */
export const MAX_OPEN_ALERTS = 2000;
/** Correlation groups carried between pages. */
export const MAX_CORRELATION_GROUPS = 1000;

export interface BacktestSample {
  eventId: number;
  ts: number;
  host: string | null;
  summary: string;
}

export interface RuleTally {
  /** Alerts it would have raised (hits grouped as ingest groups them). */
  alerts: number;
  /** Events it matched that no exception covers. */
  events: number;
  /** Matches an existing exception would have suppressed. */
  suppressed: number;
  /** The latest matching events, newest last. */
  samples: BacktestSample[];
}

export interface BacktestState {
  /** What was tried (see backtest-selection.ts): a page for other rules is refused. */
  fingerprint: string;
  range: BacktestRange;
  total: number;
  cursor: BacktestCursor | null;
  done: boolean;
  scanned: number;
  /** Stored events whose record no longer normalises. */
  unreadable: number;
  /** Only rules that matched something: a pack's silent rules cost the state nothing. */
  rules: Record<string, RuleTally>;
  /** Alert dedup key (shortened) -> event time of its last hit, for alerts still inside the dedup window. */
  open: Record<string, number>;
  correlation: CorrelationState;
  /** True once the bounded memory forgot something, so counts may be a little high or low. */
  approximate: boolean;
}

/** The rules a run tries, compiled with whatever they need (a correlation's base rules, say). */
export interface BacktestRules {
  fingerprint: string;
  ruleSet: RuleSet;
  /** Rule id -> the rule, for the rules tried; matches of other rules only feed correlations. */
  tried: ReadonlyMap<string, RuleInfo>;
}

export function startBacktest(rules: BacktestRules, range: BacktestRange, total: number): BacktestState {
  return {
    fingerprint: rules.fingerprint,
    range,
    total,
    cursor: null,
    done: false,
    scanned: 0,
    unreadable: 0,
    rules: {},
    open: {},
    correlation: {},
    approximate: false,
  };
}

function emptyTally(): RuleTally {
  return { alerts: 0, events: 0, suppressed: 0, samples: [] };
}

/** One line that tells events apart in a list: what ran or happened, with its command line when it has one. */
export function eventSummary(event: NormalisedEvent): string {
  const parts = [event.action ?? event.eventCode, event.commandLine ?? event.process, event.user];
  const text = parts.filter((part): part is string => part !== null && part !== "").join(" · ");
  const summary = text === "" ? event.dataset : text;
  return summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary;
}

interface Readable {
  id: number;
  event: NormalisedEvent;
  view: EventView;
}

class PageRun {
  private readonly rules: Record<string, RuleTally>;
  private readonly open: Record<string, number>;
  private readonly dedupWindowMs: number;

  constructor(state: BacktestState, dedupWindowMs: number) {
    this.rules = structuredClone(state.rules);
    this.open = { ...state.open };
    this.dedupWindowMs = dedupWindowMs;
  }

  tally(ruleId: string): RuleTally {
    let tally = this.rules[ruleId];
    if (tally === undefined) {
      tally = emptyTally();
      this.rules[ruleId] = tally;
    }
    return tally;
  }

  /** A hit that would alert: a new alert unless it falls within the window of the same alert's last hit. */
  hit(rule: RuleInfo, key: string, stored: Readable, ts: number): void {
    const tally = this.tally(rule.id);
    const last = this.open[key];
    if (last === undefined || ts - last > this.dedupWindowMs) tally.alerts++;
    this.open[key] = Math.max(ts, last ?? ts);
    const { event } = stored;
    tally.samples.push({ eventId: stored.id, ts: event.ts, host: event.host, summary: eventSummary(event) });
    if (tally.samples.length > MAX_SAMPLES) tally.samples.shift();
  }

  /** The memory worth keeping after a page whose last event is at `now`: the alerts still open, newest first, bounded. */
  finish(now: number): { rules: Record<string, RuleTally>; open: Record<string, number>; forgot: boolean } {
    const open = Object.entries(this.open)
      .filter(([, last]) => now - last <= this.dedupWindowMs)
      .sort((a, b) => b[1] - a[1]);
    return {
      rules: this.rules,
      open: Object.fromEntries(open.slice(0, MAX_OPEN_ALERTS)),
      forgot: open.length > MAX_OPEN_ALERTS,
    };
  }
}

/** The correlation groups still holding something at `now`, those expiring last kept first, bounded. */
function keptGroups(state: CorrelationState, now: number): { groups: CorrelationState; forgot: boolean } {
  const live = Object.entries(state)
    .filter(([, group]) => group.expiresAt >= now)
    .sort((a, b) => b[1].expiresAt - a[1].expiresAt);
  return {
    groups: Object.fromEntries(live.slice(0, MAX_CORRELATION_GROUPS)),
    forgot: live.length > MAX_CORRELATION_GROUPS,
  };
}

/** The state after one more page: `rows` are the events after the state's cursor, oldest first; `last` when none follow. */
export async function backtestPage(
  rules: BacktestRules,
  state: BacktestState,
  rows: readonly BacktestEventRow[],
  last: boolean,
  exceptions: readonly AlertException[],
  dedupWindowMs: number,
): Promise<BacktestState> {
  const { ruleSet, tried } = rules;
  const filter = new ExceptionFilter(exceptions);
  const run = new PageRun(state, dedupWindowMs);
  const readable: Readable[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const event = renormalise(row);
    if (event === null) unreadable++;
    else readable.push({ id: row.id, event, view: createEventView(event, ruleSet.fieldMap) });
  }
  const byEvent = new Map(readable.map((stored) => [stored.event, stored]));
  const inputs: CorrelationInput[] = [];
  for (const match of ruleSet.matchAll(readable.map((stored) => stored.event))) {
    const stored = readable[match.eventIndex];
    if (stored === undefined) continue;
    const isTried = tried.has(match.rule.id);
    if (filter.suppress(match.rule.id, stored.view) !== null) {
      if (isTried) run.tally(match.rule.id).suppressed++;
      continue;
    }
    inputs.push({ ruleId: match.rule.id, ruleName: match.rule.name, event: stored.event });
    if (!isTried) continue;
    run.tally(match.rule.id).events++;
    if (!match.alert) continue;
    const key = await alertKey(match.rule.id, stored.event.host, keyFields(match.rule, stored.view));
    run.hit(match.rule, key, stored, stored.event.ts);
  }

  let correlation = state.correlation;
  if (ruleSet.correlations.length > 0 && inputs.length > 0) {
    const advanced = advanceCorrelations(ruleSet.correlations, correlation, inputs, ruleSet.fieldMap);
    correlation = advanced.state;
    for (const firing of advanced.firings) {
      const stored = byEvent.get(firing.lastEvent);
      if (!firing.alert || stored === undefined || !tried.has(firing.rule.id)) continue;
      if (filter.suppress(firing.rule.id, stored.view) !== null) {
        run.tally(firing.rule.id).suppressed++;
        continue;
      }
      run.tally(firing.rule.id).events++;
      run.hit(firing.rule, await alertKey(firing.rule.id, null, firingGroup(firing.group)), stored, firing.lastTs);
    }
  }

  const end = rows[rows.length - 1];
  const now = end?.ts ?? state.cursor?.ts ?? state.range.to;
  const finished = run.finish(now);
  const kept = keptGroups(correlation, now);
  return {
    ...state,
    cursor: end === undefined ? state.cursor : { ts: end.ts, id: end.id },
    done: last,
    scanned: state.scanned + rows.length,
    unreadable: state.unreadable + unreadable,
    rules: finished.rules,
    open: finished.open,
    correlation: kept.groups,
    approximate: state.approximate || finished.forgot || kept.forgot,
  };
}

/** The alert's dedup key, shortened: it only tells open alerts of one run apart, and the state carries each. */
async function alertKey(ruleId: string, host: string | null, fields: Record<string, string>): Promise<string> {
  return (await dedupKey(ruleId, host, fields)).slice(0, 20);
}

function firingGroup(group: Record<string, FieldValue>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(group)) if (value !== null) fields[name] = fieldText(value);
  return fields;
}
