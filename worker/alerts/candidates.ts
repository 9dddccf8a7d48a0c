/**
 * Turns one batch's unsuppressed hits into alert candidates: hits of the same rule, host and key
 * fields whose times lie within the dedup window of each other make one candidate, which the
 * store then adds to a matching open alert or writes as a new one.
 */
import type { AlertCandidate, AlertEventLink, AlertRule } from "../model/alert-candidate.ts";

/** One event (or a correlation's window of events) that should raise or add to an alert. */
export interface AlertHit {
  rule: AlertRule;
  host: string | null;
  keyFields: Record<string, string>;
  /** The event's time; for a correlation, when its window fired. */
  ts: number;
  /** When the hit began: the event time, or for a correlation the first event of its window. */
  firstTs: number;
  /** The stored events it links, oldest first; never empty. */
  events: AlertEventLink[];
  /** False when it may only add to an open alert, never raise one. */
  opens: boolean;
}

const firstIndex = (hit: AlertHit) => hit.events[0]?.batchIndex ?? 0;

const encoder = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** What makes two hits the same alert; field order is normalised so it cannot split one alert in two. */
export function alertIdentity(ruleId: string, host: string | null, keyFields: Record<string, string>): string {
  const fields = Object.entries(keyFields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([ruleId, host ?? "", fields]);
}

export function dedupKey(ruleId: string, host: string | null, keyFields: Record<string, string>): Promise<string> {
  return sha256Hex(alertIdentity(ruleId, host, keyFields));
}

export async function alertCandidates(hits: readonly AlertHit[], windowMs: number): Promise<AlertCandidate[]> {
  const byIdentity = new Map<string, AlertHit[]>();
  for (const hit of hits) {
    const identity = alertIdentity(hit.rule.id, hit.host, hit.keyFields);
    const list = byIdentity.get(identity);
    if (list) list.push(hit);
    else byIdentity.set(identity, [hit]);
  }
  const candidates: AlertCandidate[] = [];
  for (const [identity, group] of byIdentity) {
    const key = await sha256Hex(identity);
    group.sort((a, b) => a.ts - b.ts || firstIndex(a) - firstIndex(b));
    let current: AlertCandidate | null = null;
    for (const hit of group) {
      if (current === null || hit.ts - current.lastTs > windowMs) {
        current = {
          dedupKey: key,
          rule: hit.rule,
          host: hit.host,
          keyFields: hit.keyFields,
          firstTs: hit.firstTs,
          lastTs: hit.ts,
          events: [],
          opens: false,
        };
        candidates.push(current);
      }
      current.firstTs = Math.min(current.firstTs, hit.firstTs);
      current.lastTs = Math.max(current.lastTs, hit.ts);
      current.opens ||= hit.opens;
      current.events.push(...hit.events);
    }
  }
  for (const candidate of candidates) candidate.events.sort((a, b) => a.ts - b.ts || a.batchIndex - b.batchIndex);
  return candidates;
}
