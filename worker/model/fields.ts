/**
 * Which field names mean which indexed column (ECS names, and the native names the log sources
 * declare as their columns' own), and where a native field lives inside `raw` for each record
 * shape the adapters accept.
 */
import { ECS_COLUMNS } from "./event.ts";

export type EventColumn = (typeof ECS_COLUMNS)[keyof typeof ECS_COLUMNS];

export const INTEGER_COLUMNS: ReadonlySet<EventColumn> = new Set(["ts", "src_port", "dst_port"]);

/** Which indexed column a field name means. */
export interface FieldColumns {
  /** The indexed column a field name means, matched case-insensitively, or null. */
  columnFor(name: string): EventColumn | null;
}

const isEcsColumnName = (name: string): name is keyof typeof ECS_COLUMNS => Object.hasOwn(ECS_COLUMNS, name);

/** The ECS names' columns and, for each native name (native name -> its ECS name), its ECS field's column. */
export function fieldColumns(nativeNames: Readonly<Record<string, string>>): FieldColumns {
  const native = Object.entries(nativeNames).map(([name, ecsName]): [string, EventColumn] => {
    if (!isEcsColumnName(ecsName)) throw new Error(`field columns: '${name}' means '${ecsName}', which has no column`);
    return [name, ECS_COLUMNS[ecsName]];
  });
  const byLowerCase = new Map<string, EventColumn>(
    [...Object.entries(ECS_COLUMNS), ...native].map(([name, column]) => [name.toLowerCase(), column]),
  );
  return { columnFor: (name) => byLowerCase.get(name.toLowerCase()) ?? null };
}

/** Field names that are safe to place in a JSON path (the path is still bound as a parameter). */
export const FIELD_NAME_PATTERN = /^[A-Za-z0-9_@.\- ]{1,128}$/;

/**
 * JSON paths inside `raw` where a native field may be: a flat record, evtx_dump's nested form,
 * Winlogbeat's event_data, and dotted keys kept either literally or as nested objects.
 */
export function rawPathsForField(name: string): string[] {
  const quoted = `"${name}"`;
  const paths = [
    `$.${quoted}`,
    `$.Event.EventData.${quoted}`,
    `$.Event.System.${quoted}`,
    `$.winlog.event_data.${quoted}`,
  ];
  if (name.includes("."))
    paths.push(
      `$.${name
        .split(".")
        .map((part) => `"${part}"`)
        .join(".")}`,
    );
  return paths;
}
