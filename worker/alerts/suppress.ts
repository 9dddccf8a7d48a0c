/**
 * The false-positive filter: a hit whose event has `field = value` (case-insensitive equality on
 * the value, the field by any name the field map knows) is not alerted when the exception is
 * global or scoped to the hit's rule. An exception whose value is `@list:<name>` matches when the
 * field holds an IP address inside that allow list instead. Every suppression is counted against
 * the exception.
 */
import { type NetworkSet, networkSet, parseIp } from "../detect/sigma/cidr.ts";
import type { EventView } from "../detect/types.ts";
import type { FieldValue } from "../model/event.ts";
import type { AlertException } from "../store/ingest-exceptions.ts";

function inNetworks(value: FieldValue, networks: NetworkSet): boolean {
  if (value === null) return false;
  if (Array.isArray(value)) return value.some((item) => inNetworks(item, networks));
  const ip = parseIp(String(value).trim());
  return ip !== null && networks.has(ip);
}

interface Candidate {
  id: number;
  value: string;
  ruleId: string | null;
  /** The allow list as a set, built once per batch rather than scanned per hit. */
  networks: NetworkSet | undefined;
}

function matches(value: FieldValue, candidate: Candidate): boolean {
  return candidate.networks === undefined
    ? equalsIgnoringCase(value, candidate.value)
    : inNetworks(value, candidate.networks);
}

function equalsIgnoringCase(value: FieldValue, wanted: string): boolean {
  if (value === null) return false;
  if (Array.isArray(value)) return value.some((item) => equalsIgnoringCase(item, wanted));
  return String(value).toLowerCase() === wanted;
}

/**
 * Suppression decisions for one batch. Exceptions are grouped by field once so each hit looks each
 * field up only once, however many exceptions name it.
 */
export class ExceptionFilter {
  private readonly byField = new Map<string, Candidate[]>();
  private readonly hits = new Map<number, number>();

  constructor(exceptions: readonly AlertException[]) {
    for (const exception of exceptions) {
      const list = this.byField.get(exception.field) ?? [];
      const { id, ruleId, networks } = exception;
      list.push({
        id,
        value: exception.value.toLowerCase(),
        ruleId,
        networks: networks === undefined ? undefined : networkSet(networks),
      });
      this.byField.set(exception.field, list);
    }
  }

  /** The id of the first exception that suppresses this hit (and counts it), or null to alert. */
  suppress(ruleId: string, view: EventView): number | null {
    for (const [field, candidates] of this.byField) {
      const applicable = candidates.filter((c) => c.ruleId === null || c.ruleId === ruleId);
      if (applicable.length === 0) continue;
      const value = view.get(field);
      if (value === undefined) continue;
      const hit = applicable.find((c) => matches(value, c));
      if (hit) {
        this.hits.set(hit.id, (this.hits.get(hit.id) ?? 0) + 1);
        return hit.id;
      }
    }
    return null;
  }

  /** Exception id -> suppressed hits so far. */
  counts(): ReadonlyMap<number, number> {
    return this.hits;
  }
}
