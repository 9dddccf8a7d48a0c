/**
 * The key fields of an alert: what an analyst needs to judge a hit, and what tells one repeat of
 * a rule from another. A rule's own Sigma `fields` win; otherwise the key fields the log source
 * declares for the event's dataset (worker/sources/<source>/descriptor.ts).
 */

import type { EventView, RuleInfo } from "../detect/types.ts";
import type { FieldValue } from "../model/event.ts";
import { keyFieldsForDataset } from "../sources/descriptors.ts";

export function fieldText(value: FieldValue): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  return String(value);
}

/** Field name -> value as text, for the fields the event has (absent and null fields are left out). */
export function keyFields(rule: RuleInfo, view: EventView): Record<string, string> {
  const names = rule.fields.length > 0 ? rule.fields : keyFieldsForDataset(view.event.dataset);
  const fields: Record<string, string> = {};
  for (const name of names) {
    const value = view.get(name);
    if (value === undefined || value === null) continue;
    fields[name] = fieldText(value);
  }
  return fields;
}
