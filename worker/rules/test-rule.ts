/**
 * A rule tried against the newest stored events, for writing and tuning rules: it answers what
 * would have matched, with the key fields an alert would show, and creates nothing.
 */
import { keyFields } from "../alerts/key-fields.ts";
import { createEventView } from "../detect/event-view.ts";
import type { RuleInfo, RuleSet } from "../detect/types.ts";
import { renormalise } from "../ingest/stored-event.ts";
import type { NormalisedEvent } from "../model/event.ts";
import { iso } from "../model/iso-time.ts";
import type { RuleTestMatch } from "../model/wire/rules.ts";
import type { StoreHandle } from "../store/handle.ts";
import { storedEventsBefore } from "../store/rule-test-events.ts";

export const DEFAULT_TEST_EVENTS = 1000;
export const MAX_TEST_EVENTS = 10_000;
/** Enough to judge a rule; a rule matching more than this is too noisy to show whole. */
export const MAX_TEST_MATCHES = 1000;
const PAGE_SIZE = 500;

export interface RuleTestResult {
  /** Events read (newest stored first). */
  scanned: number;
  /** Stored events whose record no longer normalises; they could not be tried. */
  unreadable: number;
  matches: RuleTestMatch[];
  /** True when more events matched than MAX_TEST_MATCHES. */
  truncated: boolean;
}

/** Tries the rules of `ruleSet` that `tried` accepts (a correlation's text compiles with the whole set). */
export async function testRuleSet(
  store: StoreHandle,
  ruleSet: RuleSet,
  limit: number,
  tried: (rule: RuleInfo) => boolean,
): Promise<RuleTestResult> {
  const result: RuleTestResult = { scanned: 0, unreadable: 0, matches: [], truncated: false };
  let before: number | null = null;
  while (result.scanned < limit && !result.truncated) {
    const rows = await storedEventsBefore(store, before, Math.min(PAGE_SIZE, limit - result.scanned));
    if (rows.length === 0) break;
    result.scanned += rows.length;
    before = rows[rows.length - 1]?.id ?? null;

    const readable: { id: number; event: NormalisedEvent }[] = [];
    for (const row of rows) {
      const event = renormalise(row);
      if (event === null) result.unreadable++;
      else readable.push({ id: row.id, event });
    }
    for (const match of ruleSet.matchAll(readable.map((r) => r.event))) {
      const stored = readable[match.eventIndex];
      if (stored === undefined || !tried(match.rule)) continue;
      if (result.matches.length >= MAX_TEST_MATCHES) {
        result.truncated = true;
        break;
      }
      const { event } = stored;
      result.matches.push({
        event_id: stored.id,
        ts: iso(event.ts),
        host: event.host,
        dataset: event.dataset,
        event_code: event.eventCode,
        rule_id: match.rule.id,
        rule_title: match.rule.title,
        level: match.rule.level,
        fields: keyFields(match.rule, createEventView(event, ruleSet.fieldMap)),
      });
    }
  }
  return result;
}
