/**
 * Reading the events API's filter parameters: a `field:value` term, and the histogram interval a
 * time range gets. The filter's shape is model/event-query.ts; store/event-search turns it into SQL.
 */
import { FilterError, type Term } from "../model/event-query.ts";
import { FIELD_NAME_PATTERN } from "../model/fields.ts";

/** `field:value`; the value may be quoted and may hold `*` wildcards. */
export function parseTerm(text: string): Term {
  const colon = text.indexOf(":");
  if (colon <= 0) throw new FilterError(`term '${text}' must look like field:value`);
  const field = text.slice(0, colon).trim();
  let value = text.slice(colon + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!FIELD_NAME_PATTERN.test(field)) throw new FilterError(`field name '${field}' is not valid`);
  if (value === "") throw new FilterError(`term '${text}' has no value`);
  return { field, value };
}

/** A histogram interval that gives about `target` buckets, on a boundary an analyst reads easily. */
export function histogramInterval(rangeMs: number, target = 60): number {
  const steps = [1, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400].map(
    (s) => s * 1000,
  );
  return steps.find((step) => rangeMs / step <= target) ?? steps[steps.length - 1] ?? 86_400_000;
}
