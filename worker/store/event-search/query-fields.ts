/**
 * Where a query's field name is stored: an indexed column of `events`, or JSON paths into `raw`.
 * The names the events API presents (`host`, `dst_port`), ECS names (`destination.port`), native
 * names (`DestinationPort`, `CommandLine`) and the detection field map's aliases (`hostname`,
 * `IpAddress`) all resolve here, so a query reads like the event it is about.
 */
import type { FieldMap } from "../../detect/field-map.ts";
import { ECS_COLUMNS } from "../../model/event.ts";
import { type EventColumn, type FieldColumns, rawPathsForField } from "../../model/fields.ts";

/**
 * How a search reads field names: the detection field map's aliases and the indexed columns, both
 * built from the log sources' declarations (worker/sources/field-map.ts), which store/ may not import.
 */
export interface SearchFields {
  fieldMap: FieldMap;
  columns: FieldColumns;
}

/**
 * A column target named by a source's field name (not by the column's own name) also reads that
 * name in the raw record, for the events whose source left the column empty: a generic event's
 * `CommandLine` is only in its raw JSON.
 */
export type FieldTarget =
  | { kind: "column"; column: EventColumn; rawFallback?: string[] }
  | { kind: "raw"; paths: string[] };

/**
 * The keys of GET /api/v1/events that are columns: what the dashboard's table and detail panel show.
 * `ts` is left out: as a query field it is Zeek's own `ts`, while the column answers `@timestamp`.
 */
const PRESENTED_COLUMNS: ReadonlySet<string> = new Set<EventColumn>(
  Object.values(ECS_COLUMNS).filter((column) => column !== "ts"),
);

export function targetForField(name: string, fields: SearchFields): FieldTarget {
  const lower = name.toLowerCase();
  if (PRESENTED_COLUMNS.has(lower)) return { kind: "column", column: lower as EventColumn };
  const names = [name, ...fields.fieldMap.resolve(name).names];
  for (const candidate of names) {
    const column = fields.columns.columnFor(candidate);
    if (column) return { kind: "column", column, rawFallback: topLevelPaths(names) };
  }
  return { kind: "raw", paths: rawPathsForField(name) };
}

/** Where a generic JSON record keeps a field: at the top level, under its name or as nested ECS. */
function topLevelPaths(names: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const name of names) {
    paths.add(`$."${name}"`);
    if (name.includes("."))
      paths.add(
        `$.${name
          .split(".")
          .map((part) => `"${part}"`)
          .join(".")}`,
      );
  }
  return [...paths];
}
