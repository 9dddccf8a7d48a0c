/**
 * Hiding the false-positive filter's values from event lists, and "filter out" terms, as
 * parameterised SQL. A field resolves the way the term filter resolves it: an indexed column when
 * the field map knows the name, otherwise the native field's JSON paths inside `raw`.
 */
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import { FilterError, type Term } from "../../model/event-query.ts";
import { FIELD_NAME_PATTERN, type FieldColumns, INTEGER_COLUMNS, rawPathsForField } from "../../model/fields.ts";
import { events } from "../schema.ts";
import { rawFieldRead } from "./raw-field.ts";

const COLUMNS_BY_SQL_NAME = new Map(Object.values(getTableColumns(events)).map((column) => [column.name, column]));

interface FieldTarget {
  /** The SQL expression holding the field's value (NULL when the event lacks it). */
  expression: SQL;
  integer: boolean;
}

function fieldTarget(field: string, columns: FieldColumns): FieldTarget {
  if (!FIELD_NAME_PATTERN.test(field)) throw new FilterError(`field name '${field}' is not valid`);
  const columnName = columns.columnFor(field);
  const column = columnName ? COLUMNS_BY_SQL_NAME.get(columnName) : undefined;
  if (columnName && column) return { expression: sql`${column}`, integer: INTEGER_COLUMNS.has(columnName) };
  return { expression: rawFieldRead(rawPathsForField(field)), integer: false };
}

/** True when the field equals one of the values, ignoring case; NULL when the event lacks the field. */
function matchesAnyValue(target: FieldTarget, values: readonly string[]): SQL {
  if (target.integer) {
    const numbers = values.map(Number).filter(Number.isSafeInteger);
    if (numbers.length === 0) return sql`0`;
    return sql`${target.expression} IN (${sql.join(
      numbers.map((n) => sql`${n}`),
      sql`, `,
    )})`;
  }
  return sql`${target.expression} COLLATE NOCASE IN (${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

/** A condition that keeps events without the field, since an absent value is not a filtered value. */
function keepUnless(match: SQL): SQL {
  return sql`coalesce(${match}, 0) = 0`;
}

/**
 * Keeps only events that match none of the exceptions (field = value, case-insensitive). Values of
 * one field are tested together, so many exceptions on `process.executable` cost one IN list.
 */
export function hideExceptionsCondition(exceptions: readonly Term[], columns: FieldColumns): SQL | undefined {
  const byField = new Map<string, { field: string; values: string[] }>();
  for (const { field, value } of exceptions) {
    // An exception stored before the field rules tightened must not break the whole list.
    if (!FIELD_NAME_PATTERN.test(field)) continue;
    const key = columns.columnFor(field) ?? `raw:${field}`;
    const group = byField.get(key) ?? { field, values: [] };
    group.values.push(value);
    byField.set(key, group);
  }
  if (byField.size === 0) return undefined;
  const matches = [...byField.values()].map(({ field, values }) =>
    matchesAnyValue(fieldTarget(field, columns), values),
  );
  return keepUnless(sql.join(matches, sql` OR `));
}

/** "Filter out": events whose field equals the value (ignoring case) are left out. */
export function excludeTermCondition(term: Term, columns: FieldColumns): SQL {
  return keepUnless(matchesAnyValue(fieldTarget(term.field, columns), [term.value]));
}
