/**
 * The fields that vary least across a rule's alerts: for each field an exception could name, the
 * value most of the alerts' events share, with the share of the alerts an exception on it (scoped
 * to the rule) would have suppressed, decided by the false-positive filter itself. Pure; the
 * values come from logs, so only values up to MAX_NOISE_VALUE characters are considered and each
 * field keeps at most one counter per event.
 */
import type { EventView } from "../detect/types.ts";
import type { FieldValue } from "../model/event.ts";
import { LIST_REFERENCE } from "../store/ingest-exceptions.ts";
import { ExceptionFilter } from "./suppress.ts";

/** Who, where and what ran: what a tuned-out false positive usually has in common. */
export const NOISE_FIELDS = [
  "host.name",
  "user.name",
  "process.executable",
  "process.parent.executable",
  "process.command_line",
  "process.parent.command_line",
  "process.working_directory",
  "file.path",
  "registry.path",
  "source.ip",
  "destination.ip",
  "destination.port",
  "destination.domain",
  "dns.question.name",
  "url.original",
] as const;

/** Longer values are not offered: an exception on them is rarely what is meant, and they cost to compare. */
export const MAX_NOISE_VALUE = 1024;
export const MAX_NOISE_FIELDS = 8;

export interface NoiseCandidate {
  field: string;
  value: string;
  /** Events (one per alert) that have it. */
  alerts: number;
  /** Share of the events the rule-scoped exception would suppress, 0 to 1. */
  share: number;
}

function texts(value: FieldValue, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) texts(item, out);
    return;
  }
  if (value === null) return;
  const text = String(value);
  if (text !== "" && text.length <= MAX_NOISE_VALUE && !text.startsWith(LIST_REFERENCE)) out.push(text);
}

/** The field's most shared value across the events and on how many it is, or null when none repeats. */
function mostShared(views: readonly EventView[], field: string): { value: string; count: number } | null {
  const counts = new Map<string, { value: string; count: number }>();
  for (const view of views) {
    const value = view.get(field);
    if (value === undefined) continue;
    const found: string[] = [];
    texts(value, found);
    for (const lower of new Set(found.map((text) => text.toLowerCase()))) {
      const entry = counts.get(lower);
      if (entry) entry.count++;
      else counts.set(lower, { value: found.find((text) => text.toLowerCase() === lower) ?? lower, count: 1 });
    }
  }
  let best: { value: string; count: number } | null = null;
  for (const entry of counts.values()) if (best === null || entry.count > best.count) best = entry;
  return best;
}

/**
 * The candidates shared by the most events first (at least two, unless only one event was read),
 * at most MAX_NOISE_FIELDS. `views` holds one event per alert of the rule `ruleId`.
 */
export function leastVaryingFields(
  ruleId: string,
  views: readonly EventView[],
  fields: readonly string[] = NOISE_FIELDS,
): NoiseCandidate[] {
  if (views.length === 0) return [];
  const least = Math.min(2, views.length);
  const candidates: NoiseCandidate[] = [];
  for (const field of fields) {
    const shared = mostShared(views, field);
    if (shared === null || shared.count < least) continue;
    const filter = new ExceptionFilter([{ id: 0, field, value: shared.value, ruleId }]);
    const suppressed = views.filter((view) => filter.suppress(ruleId, view) !== null).length;
    candidates.push({ field, value: shared.value, alerts: shared.count, share: suppressed / views.length });
  }
  return candidates.sort((a, b) => b.share - a.share || b.alerts - a.alerts).slice(0, MAX_NOISE_FIELDS);
}
