/** Turns nested JSON into the one-level `fields` map of the event model. */
import type { FieldValue } from "../../model/event.ts";
import { isRecord } from "./values.ts";

/** Deeper nesting is kept as JSON text: real logs never go this deep, and recursion must stay bounded. */
const MAX_DEPTH = 16;

/**
 * A map without a prototype: field names come from the log, and a key such as `__proto__` must
 * become a field, not change the object.
 */
export function fieldMap(): Record<string, FieldValue> {
  return Object.create(null) as Record<string, FieldValue>;
}

export function copyFields(fields: Record<string, FieldValue>): Record<string, FieldValue> {
  return Object.assign(fieldMap(), fields);
}

/** Objects inside arrays have no flat name of their own, so they are kept as JSON text. */
export function toFieldValue(value: unknown, depth = 0): FieldValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  if (value === undefined) return null;
  if (Array.isArray(value) && depth < MAX_DEPTH) return value.map((item) => toFieldValue(item, depth + 1));
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Nested keys are joined with `.`, so `{"id": {"orig_h": x}}` and `{"id.orig_h": x}` read the same. */
export function flattenInto(
  out: Record<string, FieldValue>,
  value: Record<string, unknown>,
  prefix = "",
  depth = 0,
): Record<string, FieldValue> {
  for (const [key, item] of Object.entries(value)) {
    const name = prefix + key;
    if (isRecord(item) && depth < MAX_DEPTH) flattenInto(out, item, `${name}.`, depth + 1);
    else if (item !== undefined) out[name] = toFieldValue(item, depth + 1);
  }
  return out;
}

export function flatten(value: Record<string, unknown>): Record<string, FieldValue> {
  return flattenInto(fieldMap(), value);
}
