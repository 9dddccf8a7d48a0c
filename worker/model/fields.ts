/**
 * The one field map: which names (ECS, Sysmon/EVTX, Security log, Zeek) mean which indexed column,
 * and where a native field lives inside `raw` for each record shape the adapters accept.
 */
import { ECS_COLUMNS } from "./event.ts";

export type EventColumn = (typeof ECS_COLUMNS)[keyof typeof ECS_COLUMNS];

const NATIVE_COLUMNS: Record<string, EventColumn> = {
  Computer: "host",
  EventID: "event_code",
  Image: "process",
  NewProcessName: "process",
  CommandLine: "command_line",
  ParentImage: "parent_process",
  ParentProcessName: "parent_process",
  SourceIp: "src_ip",
  SourcePort: "src_port",
  DestinationIp: "dst_ip",
  DestinationPort: "dst_port",
  "id.orig_h": "src_ip",
  "id.orig_p": "src_port",
  "id.resp_h": "dst_ip",
  "id.resp_p": "dst_port",
};

const LOWER_CASE_COLUMNS = new Map<string, EventColumn>(
  [...Object.entries(ECS_COLUMNS), ...Object.entries(NATIVE_COLUMNS)].map(([name, column]) => [
    name.toLowerCase(),
    column,
  ]),
);

export const INTEGER_COLUMNS: ReadonlySet<EventColumn> = new Set(["ts", "src_port", "dst_port"]);

/** The indexed column a field name means, matched case-insensitively, or null. */
export function columnForField(name: string): EventColumn | null {
  return LOWER_CASE_COLUMNS.get(name.toLowerCase()) ?? null;
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
