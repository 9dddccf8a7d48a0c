/**
 * The events API's filter (time range, host, dataset, event code, `field:value` terms) as
 * parameterised SQL. Values are always bound, never spliced into the SQL text.
 */
import { and, desc, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { columnForField, FIELD_NAME_PATTERN, INTEGER_COLUMNS, rawPathsForField } from "../model/fields.ts";
import { events } from "../store/schema.ts";
import { likeCondition, likePattern } from "./like.ts";

export interface EventFilter {
  from: number;
  to: number;
  host?: string;
  dataset?: string;
  /** With `dataset`, one event type (the events page's facets): `process_creation`, `logon`... */
  action?: string;
  eventCode?: string;
  terms: Term[];
}

export interface Term {
  field: string;
  value: string;
}

export class FilterError extends Error {}

export const COLUMN_REFS = {
  ts: events.ts,
  host: events.host,
  source: events.source,
  dataset: events.dataset,
  event_code: events.eventCode,
  category: events.category,
  action: events.action,
  outcome: events.outcome,
  user: events.user,
  process: events.process,
  command_line: events.commandLine,
  parent_process: events.parentProcess,
  src_ip: events.srcIp,
  src_port: events.srcPort,
  dst_ip: events.dstIp,
  dst_port: events.dstPort,
} as const;

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

function termCondition(term: Term): SQL {
  const column = columnForField(term.field);
  if (column && INTEGER_COLUMNS.has(column)) {
    const n = Number(term.value);
    if (!Number.isSafeInteger(n)) throw new FilterError(`'${term.field}' takes a whole number, not '${term.value}'`);
    return eq(COLUMN_REFS[column], n);
  }
  const target: SQL = column
    ? sql`${COLUMN_REFS[column]}`
    : sql`coalesce(${sql.join(
        rawPathsForField(term.field).map((path) => sql`json_extract(${events.raw}, ${path})`),
        sql`, `,
      )})`;
  if (term.value.includes("*")) return likeCondition(target, likePattern(term.value, true));
  // Text matches ignore case, as analysts expect from a search box.
  return sql`${target} = ${term.value} COLLATE NOCASE`;
}

export function filterCondition(filter: EventFilter): SQL {
  const conditions: (SQL | undefined)[] = [gte(events.ts, filter.from), lt(events.ts, filter.to)];
  if (filter.host !== undefined) conditions.push(eq(events.host, filter.host));
  if (filter.dataset !== undefined) conditions.push(eq(events.dataset, filter.dataset));
  if (filter.action !== undefined) conditions.push(eq(events.action, filter.action));
  if (filter.eventCode !== undefined) conditions.push(eq(events.eventCode, filter.eventCode));
  for (const term of filter.terms) conditions.push(termCondition(term));
  return and(...conditions) as SQL;
}

export interface Cursor {
  ts: number;
  id: number;
}

/** Keyset pagination: strictly older than the last row of the previous page. */
export function afterCursor(cursor: Cursor): SQL {
  return or(lt(events.ts, cursor.ts), and(eq(events.ts, cursor.ts), lt(events.id, cursor.id))) as SQL;
}

export const NEWEST_FIRST = [desc(events.ts), desc(events.id)];

/** A histogram interval that gives about `target` buckets, on a boundary an analyst reads easily. */
export function histogramInterval(rangeMs: number, target = 60): number {
  const steps = [1, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400].map(
    (s) => s * 1000,
  );
  return steps.find((step) => rangeMs / step <= target) ?? steps[steps.length - 1] ?? 86_400_000;
}
