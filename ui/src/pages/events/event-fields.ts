/**
 * An event's fields as the Events page lists them: its indexed columns under their ECS names, then
 * its raw record flattened to `a.b.c` names. Names are the ones the search language and the
 * false-positive filter understand, so every value can become a query term or an exception.
 */
import type { EventRecord } from "../../api/events";
import { isQueryField } from "./query-text";

export interface EventField {
  name: string;
  /** The value as text (attacker-controlled: render as text only). */
  value: string;
  /** A scalar under a name the search accepts: it can be filtered for/out and added as an exception. */
  actionable: boolean;
}

type ColumnKey = Exclude<keyof EventRecord, "raw" | "id" | "received_at" | "batch_id" | "@timestamp">;

/** The event's columns by ECS name, in the order the detail panel lists them. */
export const ECS_FIELDS: readonly { name: string; key: ColumnKey }[] = [
  { name: "host.name", key: "host" },
  { name: "event.dataset", key: "dataset" },
  { name: "event.action", key: "action" },
  { name: "event.code", key: "event_code" },
  { name: "event.category", key: "category" },
  { name: "event.outcome", key: "outcome" },
  { name: "event.module", key: "source" },
  { name: "user.name", key: "user" },
  { name: "process.executable", key: "process" },
  { name: "process.command_line", key: "command_line" },
  { name: "process.parent.executable", key: "parent_process" },
  { name: "source.ip", key: "src_ip" },
  { name: "source.port", key: "src_port" },
  { name: "destination.ip", key: "dst_ip" },
  { name: "destination.port", key: "dst_port" },
];

const KEY_BY_NAME = new Map<string, ColumnKey>(
  ECS_FIELDS.flatMap(({ name, key }) => [[name, key] as const, [key, key] as const]),
);

/** Every log source's default columns (worker/sources/descriptors.ts), in registry order. */
export { DEFAULT_EVENT_COLUMNS as DEFAULT_COLUMNS } from "../../../../worker/sources/descriptors.ts";

/** Containers the search looks into for a bare name (worker/model/fields.ts rawPathsForField). */
const CONTAINERS = ["Event.EventData.", "Event.System.", "winlog.event_data."];

function shortName(path: string): string {
  for (const container of CONTAINERS) {
    const rest = path.startsWith(container) ? path.slice(container.length) : undefined;
    if (rest && !rest.includes(".")) return rest;
  }
  return path;
}

function flatten(value: unknown, path: string, out: EventField[]): void {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, out);
    return;
  }
  const name = shortName(path || "raw");
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    out.push({ name, value: JSON.stringify(value), actionable: false });
    return;
  }
  out.push({ name, value: String(value), actionable: isQueryField(name) });
}

const rawCache = new WeakMap<EventRecord, EventField[]>();

/** The raw record's fields, flattened, in the record's own order. */
export function rawFields(event: EventRecord): EventField[] {
  let fields = rawCache.get(event);
  if (!fields) {
    fields = [];
    flatten(event.raw, "", fields);
    rawCache.set(event, fields);
  }
  return fields;
}

/** The indexed columns that hold a value, by ECS name. */
export function columnFields(event: EventRecord): EventField[] {
  return ECS_FIELDS.flatMap(({ name, key }) => {
    const value = event[key];
    return value === null ? [] : [{ name, value: String(value), actionable: true }];
  });
}

/** A table cell: the column by ECS or API name, else the raw record's field of that name. */
export function fieldValue(event: EventRecord, name: string): string | null {
  const key = KEY_BY_NAME.get(name);
  if (key) {
    const value = event[key];
    return value === null ? null : String(value);
  }
  return rawFields(event).find((field) => field.name === name)?.value ?? null;
}
