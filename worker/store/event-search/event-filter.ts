/**
 * The events API's filter as parameterised SQL on `events`. Values are always bound, never spliced
 * into the SQL text.
 */
import { and, desc, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { type Cursor, type EventFilter, FilterError, type Term } from "../../model/event-query.ts";
import { type FieldColumns, INTEGER_COLUMNS, rawPathsForField } from "../../model/fields.ts";
import { events } from "../schema.ts";
import { textMatches } from "../text-match.ts";
import { rawFieldRead } from "./raw-field.ts";

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

function termCondition(term: Term, columns: FieldColumns): SQL {
  const column = columns.columnFor(term.field);
  if (column && INTEGER_COLUMNS.has(column)) {
    const n = Number(term.value);
    if (!Number.isSafeInteger(n)) throw new FilterError(`'${term.field}' takes a whole number, not '${term.value}'`);
    return eq(COLUMN_REFS[column], n);
  }
  const target: SQL = column ? sql`${COLUMN_REFS[column]}` : rawFieldRead(rawPathsForField(term.field));
  if (term.value.includes("*")) return textMatches(target, { text: term.value, wildcard: true, anchored: true });
  // Text matches ignore case, as analysts expect from a search box.
  return sql`${target} = ${term.value} COLLATE NOCASE`;
}

export function filterCondition(filter: EventFilter, columns: FieldColumns): SQL {
  const conditions: (SQL | undefined)[] = [gte(events.ts, filter.from), lt(events.ts, filter.to)];
  if (filter.host !== undefined) conditions.push(eq(events.host, filter.host));
  if (filter.dataset !== undefined) conditions.push(eq(events.dataset, filter.dataset));
  if (filter.action !== undefined) conditions.push(eq(events.action, filter.action));
  if (filter.eventCode !== undefined) conditions.push(eq(events.eventCode, filter.eventCode));
  if (filter.importId !== undefined) conditions.push(eq(events.importId, filter.importId));
  if (filter.alertId !== undefined) {
    conditions.push(
      sql`(${events.batchId}, ${events.batchIndex}) IN (SELECT batch_id, batch_index FROM alert_events WHERE alert_id = ${filter.alertId})`,
    );
  }
  for (const term of filter.terms) conditions.push(termCondition(term, columns));
  return and(...conditions) as SQL;
}

/** Keyset pagination: strictly older than the last row of the previous page. */
export function afterCursor(cursor: Cursor): SQL {
  return or(lt(events.ts, cursor.ts), and(eq(events.ts, cursor.ts), lt(events.id, cursor.id))) as SQL;
}

export const NEWEST_FIRST = [desc(events.ts), desc(events.id)];
