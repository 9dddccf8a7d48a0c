/**
 * A query's syntax tree as one parameterised SQL condition on `events`. Values are always bound;
 * field names become a column reference or bound JSON paths (search/query-fields.ts), never SQL text.
 * Every text comparison ignores case, as analysts expect from a search box.
 */
import { and, eq, gt, gte, lt, lte, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { QueryError, type QueryNode, type QueryValue, type RangeOp } from "../../model/event-query.ts";
import { type EventColumn, INTEGER_COLUMNS } from "../../model/fields.ts";
import { events } from "../schema.ts";
import { textMatches } from "../text-match.ts";
import { COLUMN_REFS } from "./event-filter.ts";
import { type FieldTarget, type SearchFields, targetForField } from "./query-fields.ts";
import { rawFieldRead } from "./raw-field.ts";

/** D1 binds at most this many values in one statement. */
export const MAX_BOUND_PARAMETERS = 100;

const RANGE_OPS: Record<RangeOp, (left: SQLWrapper, right: unknown) => SQL> = {
  ">": gt,
  ">=": gte,
  "<": lt,
  "<=": lte,
};

/** The columns free text searches besides the raw record (which holds everything, JSON-escaped). */
const TEXT_COLUMNS = [
  events.host,
  events.dataset,
  events.action,
  events.user,
  events.process,
  events.commandLine,
  events.parentProcess,
  events.srcIp,
  events.dstIp,
];

export function compileQuery(node: QueryNode, fields: SearchFields): SQL {
  const compile = (child: QueryNode) => compileQuery(child, fields);
  switch (node.kind) {
    case "and":
      return and(...node.children.map(compile)) as SQL;
    case "or":
      return or(...node.children.map(compile)) as SQL;
    case "not":
      // `IS NOT 1` rather than NOT: an event without the field is "not field:x", as in KQL.
      return sql`(${compile(node.child)}) IS NOT 1`;
    case "match":
      return matchCondition(targetForField(node.field, fields), node.field, node.value);
    case "exists":
      return sql`${targetValue(targetForField(node.field, fields))} IS NOT NULL`;
    case "range":
      return rangeCondition(targetForField(node.field, fields), node.field, node.op, node.value);
    case "text":
      return textCondition(node.value);
  }
}

/**
 * Columns searched through their index (host, dataset, event code, the integers) read the column
 * alone: the normaliser fills them for every source that has them, and a fallback would give up the
 * index on a full database.
 */
const COLUMN_ONLY: ReadonlySet<EventColumn> = new Set<EventColumn>([
  "host",
  "dataset",
  "event_code",
  ...INTEGER_COLUMNS,
]);

function readsRaw(target: FieldTarget): boolean {
  return target.kind === "raw" || (target.rawFallback !== undefined && !COLUMN_ONLY.has(target.column));
}

function targetValue(target: FieldTarget): SQL {
  if (target.kind === "raw") return rawFieldRead(target.paths);
  const column = COLUMN_REFS[target.column];
  if (!readsRaw(target) || target.rawFallback === undefined) return sql`${column}`;
  return sql`coalesce(${column}, ${rawFieldRead(target.rawFallback)})`;
}

/** The target as text: JSON numbers in `raw` compare with the digits the analyst typed. */
function targetText(target: FieldTarget): SQL {
  return readsRaw(target) ? sql`CAST(${targetValue(target)} AS TEXT)` : targetValue(target);
}

function isIntegerColumn(target: FieldTarget): target is { kind: "column"; column: EventColumn } {
  return target.kind === "column" && INTEGER_COLUMNS.has(target.column);
}

/** A whole number for the port columns; for `@timestamp` also a date, as epoch milliseconds. */
function integerFor(target: { column: EventColumn }, field: string, value: QueryValue): number {
  if (/^-?\d+$/.test(value.text)) {
    const n = Number(value.text);
    if (Number.isSafeInteger(n)) return n;
  }
  if (target.column === "ts") {
    const ms = Date.parse(value.text);
    if (Number.isFinite(ms)) return ms;
    throw new QueryError(`'${field}' takes a date or epoch milliseconds, not '${value.text}'`, value.position);
  }
  throw new QueryError(`'${field}' takes a whole number, not '${value.text}'`, value.position);
}

function matchCondition(target: FieldTarget, field: string, value: QueryValue): SQL {
  if (isIntegerColumn(target)) {
    const column = COLUMN_REFS[target.column];
    if (value.wildcard) return textMatches(sql`CAST(${column} AS TEXT)`, { ...value, anchored: true });
    return eq(column, integerFor(target, field, value));
  }
  if (value.wildcard) return textMatches(targetText(target), { ...value, anchored: true });
  return sql`${targetText(target)} = ${value.text} COLLATE NOCASE`;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** The target as a number when it is one (a JSON number or digits in text), else NULL. */
function numericValue(target: SQL): SQL {
  return sql`(SELECT CASE WHEN typeof(v) IN ('integer', 'real') THEN v WHEN v GLOB '[0-9]*' AND NOT v GLOB '*[^0-9.]*' THEN CAST(v AS REAL) END FROM (SELECT ${target} AS v))`;
}

function rangeCondition(target: FieldTarget, field: string, op: RangeOp, value: QueryValue): SQL {
  const compare = RANGE_OPS[op];
  if (isIntegerColumn(target)) return compare(COLUMN_REFS[target.column], integerFor(target, field, value));
  if (NUMBER.test(value.text)) return compare(numericValue(targetValue(target)), Number(value.text));
  return compare(targetText(target), value.text);
}

/** A substring of any detail column, or of the raw record (where text is JSON-escaped). */
function textCondition(value: QueryValue): SQL {
  const columns = sql.join(
    TEXT_COLUMNS.map((column) => sql`coalesce(${column}, '')`),
    sql` || char(10) || `,
  );
  const inRaw = JSON.stringify(value.text).slice(1, -1);
  return sql`(${textMatches(sql`(${columns})`, { ...value, anchored: false })} OR ${textMatches(sql`${events.raw}`, { text: inRaw, wildcard: value.wildcard, anchored: false })})`;
}
