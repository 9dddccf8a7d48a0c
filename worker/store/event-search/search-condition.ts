/** The events API's whole search: its filter parameters narrowed by the `q` query. */
import { and, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { type EventFilter, FilterError, type QueryNode } from "../../model/event-query.ts";
import { filterCondition } from "./event-filter.ts";
import type { SearchFields } from "./query-fields.ts";
import { compileQuery, MAX_BOUND_PARAMETERS } from "./query-sql.ts";

/** The filter narrowed by the parsed `q` query (null: no query). */
export function searchCondition(filter: EventFilter, query: QueryNode | null, fields: SearchFields): SQL {
  const base = filterCondition(filter, fields.columns);
  return query ? (and(base, compileQuery(query, fields)) as SQL) : base;
}

const dialect = new SQLiteSyncDialect();

/**
 * Refuses a condition that, with `extra` more values (cursor, histogram), would bind more values
 * than D1 accepts in one statement; the analyst gets a clear 400 instead of a database error.
 */
export function checkBoundParameters(where: SQL, extra: number): void {
  const count = dialect.sqlToQuery(where).params.length + extra;
  if (count > MAX_BOUND_PARAMETERS) {
    throw new FilterError(
      `the search needs ${count} values but one database statement takes at most ${MAX_BOUND_PARAMETERS}; use fewer or simpler terms`,
    );
  }
}

/** A condition on `events`, as the event search builds it. */
export type EventCondition = SQL;

/** `where` and every given condition. */
export function narrowed(where: EventCondition, ...conditions: (EventCondition | undefined)[]): EventCondition {
  return and(where, ...conditions) ?? where;
}
