/**
 * One event as rules see it: every field reachable by any name the field map knows, each lookup
 * and each lower-cased form computed once per event however many rules ask for it.
 */
import type { FieldValue, NormalisedEvent } from "../model/event.ts";
import { type FieldMap, type FieldResolver, looseName } from "./field-map.ts";
import type { EventView, LowerValue } from "./types.ts";

/**
 * What simple rules search, as PocketSIEM's `check_log` did: the command line of a process, the
 * target file of a file event and the details of any other event, extended to the event kinds
 * PocketSIEM never saw (registry key, DNS query, URL). The image, parent and user stay out: a rule
 * such as `.exe*.dll,%rundll32` (a renamed rundll32) relies on its exclusion seeing only the
 * command line.
 */
const DETAIL_FIELDS = ["CommandLine", "TargetFilename", "TargetObject", "Details", "QueryName", "c-uri"];

const ABSENT = Symbol("absent");

/**
 * Field names repeat from event to event, so their loose forms are remembered; up to a bound, as
 * the names come from the logs and a sender could make up new ones without end.
 */
const looseNames = new Map<string, string>();
const MAX_REMEMBERED_NAMES = 4096;

function looseOf(name: string): string {
  let loose = looseNames.get(name);
  if (loose === undefined) {
    loose = looseName(name);
    if (looseNames.size < MAX_REMEMBERED_NAMES) looseNames.set(name, loose);
  }
  return loose;
}

/**
 * A native field, or undefined. Most adapters build `fields` without a prototype; the check keeps
 * a name such as `constructor` from reading Object.prototype in the ones that do not.
 */
function nativeField(fields: Record<string, FieldValue>, name: string): FieldValue | undefined {
  const value = fields[name];
  if (value === undefined || typeof value === "function") return undefined;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return undefined;
  return value;
}

function asEventId(value: FieldValue): FieldValue {
  return typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : value;
}

function textOf(value: FieldValue): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function pushTexts(out: string[], value: FieldValue): void {
  if (Array.isArray(value)) {
    for (const item of value) pushTexts(out, item);
    return;
  }
  const text = textOf(value);
  if (text !== null) out.push(text);
}

function lowerOf(value: FieldValue): LowerValue {
  if (!Array.isArray(value)) return textOf(value)?.toLowerCase() ?? null;
  const texts: string[] = [];
  pushTexts(texts, value);
  return texts.map((text) => text.toLowerCase());
}

class CachedEventView implements EventView {
  readonly event: NormalisedEvent;
  private readonly fieldMap: FieldMap;
  private readonly fields: Record<string, FieldValue>;
  private resolved: Map<string, FieldValue | typeof ABSENT> | undefined;
  private lowered: Map<string, LowerValue | typeof ABSENT> | undefined;
  private fieldNames: readonly string[] | undefined;
  private looseNameList: readonly string[] | undefined;
  private allValues: readonly string[] | undefined;
  private detail: string | undefined;

  constructor(event: NormalisedEvent, fieldMap: FieldMap) {
    this.event = event;
    this.fieldMap = fieldMap;
    this.fields = event.fields;
  }

  get(field: string): FieldValue | undefined {
    // A field present under the name asked costs no more to read than a cache hit would.
    const own = nativeField(this.fields, field);
    if (own !== undefined && (field !== "EventID" || typeof own !== "string")) return own;
    this.resolved ??= new Map();
    const cached = this.resolved.get(field);
    if (cached !== undefined) return cached === ABSENT ? undefined : cached;
    const value = this.read(this.fieldMap.resolve(field));
    this.resolved.set(field, value === undefined ? ABSENT : value);
    return value;
  }

  getLower(field: string): LowerValue | undefined {
    this.lowered ??= new Map();
    const cached = this.lowered.get(field);
    if (cached !== undefined) return cached === ABSENT ? undefined : cached;
    const value = this.get(field);
    const lower = value === undefined ? undefined : lowerOf(value);
    this.lowered.set(field, lower === undefined ? ABSENT : lower);
    return lower;
  }

  values(): readonly string[] {
    if (this.allValues === undefined) {
      const texts: string[] = [];
      const names = this.names();
      for (let i = 0; i < names.length; i++) {
        const value = this.fields[names[i] as string] as FieldValue;
        if (typeof value === "string") texts.push(value);
        else pushTexts(texts, value);
      }
      this.allValues = texts;
    }
    return this.allValues;
  }

  detailText(): string {
    if (this.detail === undefined) {
      const parts: string[] = [];
      for (const field of DETAIL_FIELDS) {
        const value = this.read(this.fieldMap.resolve(field));
        if (value !== undefined && value !== null) pushTexts(parts, value);
      }
      this.detail = parts.join("\n").toLowerCase();
    }
    return this.detail;
  }

  /**
   * The name as asked, then (for an ECS column name) the column, then its aliases, then all of them
   * loosely, then (for a native name) the column.
   */
  private read(resolver: FieldResolver): FieldValue | undefined {
    const value = resolver.ecsColumn ? this.readEcs(resolver) : this.readNativeName(resolver);
    return value !== undefined && resolver.numeric ? asEventId(value) : value;
  }

  private readEcs(resolver: FieldResolver): FieldValue | undefined {
    const own = nativeField(this.fields, resolver.names[0] as string);
    if (own !== undefined) return own;
    const column = resolver.column?.(this.event);
    return column !== undefined && column !== null ? column : this.readAliases(resolver);
  }

  /** Windows events carry their native fields; the merged columns would only blur them (see FieldResolver). */
  private readNativeName(resolver: FieldResolver): FieldValue | undefined {
    const native = this.readAliases(resolver);
    if (native !== undefined || resolver.column === null) return native;
    if (nativeField(this.fields, "Channel") !== undefined) return undefined;
    return resolver.column(this.event) ?? undefined;
  }

  private readAliases(resolver: FieldResolver): FieldValue | undefined {
    for (const name of resolver.names) {
      const value = nativeField(this.fields, name);
      if (value !== undefined) return value;
    }
    const keys = this.looseKeys();
    for (const loose of resolver.looseNames) {
      const at = keys.indexOf(loose);
      if (at >= 0) return nativeField(this.fields, this.names()[at] as string);
    }
    return undefined;
  }

  /**
   * The event's field names, listed once for keyword search and loose lookups alike: the adapters'
   * prototype-less field maps are slow to enumerate, several hundred nanoseconds a time.
   */
  private names(): readonly string[] {
    this.fieldNames ??= Object.keys(this.fields);
    return this.fieldNames;
  }

  /** The event's field names in loose form, in `names()` order; built on the first miss. */
  private looseKeys(): readonly string[] {
    this.looseNameList ??= this.names().map(looseOf);
    return this.looseNameList;
  }
}

export function createEventView(event: NormalisedEvent, fieldMap: FieldMap): EventView {
  return new CachedEventView(event, fieldMap);
}
