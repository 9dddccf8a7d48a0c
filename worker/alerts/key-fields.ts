/**
 * The key fields of an alert: what an analyst needs to judge a hit, and what tells one repeat of
 * a rule from another. A rule's own Sigma `fields` win; otherwise a default per kind of log.
 */

import type { EventView, RuleInfo } from "../detect/types.ts";
import type { FieldValue } from "../model/event.ts";

const NETWORK_KEYS = ["source.ip", "destination.ip", "destination.port"];
// Source ports are left out on purpose: an ephemeral port would make every repeat a new alert.
const HOST_ACTIVITY_KEYS = [
  "user.name",
  "process.executable",
  "process.command_line",
  "process.parent.executable",
  "source.ip",
  "destination.ip",
  "destination.port",
];

export function defaultKeyFieldNames(dataset: string): readonly string[] {
  return dataset.startsWith("zeek.") ? NETWORK_KEYS : HOST_ACTIVITY_KEYS;
}

export function fieldText(value: FieldValue): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  return String(value);
}

/** Field name -> value as text, for the fields the event has (absent and null fields are left out). */
export function keyFields(rule: RuleInfo, view: EventView): Record<string, string> {
  const names = rule.fields.length > 0 ? rule.fields : defaultKeyFieldNames(view.event.dataset);
  const fields: Record<string, string> = {};
  for (const name of names) {
    const value = view.get(name);
    if (value === undefined || value === null) continue;
    fields[name] = fieldText(value);
  }
  return fields;
}
