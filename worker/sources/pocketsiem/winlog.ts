/**
 * PocketSIEM's `/winlog` body: five lists of pre-digested Windows events. Each item is turned back
 * into the native Sysmon/Security fields it was read from, so it maps, searches and matches rules
 * exactly like the same event sent by an EVTX agent.
 */
import type { FieldValue } from "../../model/event.ts";
import { fieldMap } from "../common/flatten.ts";
import { splitLeadingIp } from "../common/ip.ts";
import { buildEvent, type NormaliseContext, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { isRecord, text, toPort } from "../common/values.ts";
import { windowsColumns } from "../common/windows-columns.ts";

type Json = Record<string, unknown>;

const SYSMON = "Microsoft-Windows-Sysmon/Operational";
/** Also the order of the results: every logins item first, then processes, and so on. */
export const POCKETSIEM_LISTS = ["logins", "processes", "nets", "files", "events"] as const;
export type PocketSiemList = (typeof POCKETSIEM_LISTS)[number];
const LISTS = POCKETSIEM_LISTS;
type ListName = PocketSiemList;

/** The agent glues DestinationHostname straight onto DestinationIp ("93.184.216.34example.com"). */
function destination(value: unknown): Json {
  const glued = text(value);
  if (glued === null) return {};
  const split = splitLeadingIp(glued);
  if (split === null) return { DestinationHostname: glued };
  return { DestinationIp: split.ip, ...(split.rest === "" ? {} : { DestinationHostname: split.rest }) };
}

/** "3" or "3 failed": the number is the logon type, the suffix marks a failed logon (4625). */
function logon(value: unknown): Json {
  const logonType = text(value) ?? "";
  const number = /^\d+/.exec(logonType)?.[0];
  return {
    Channel: "Security",
    EventID: /failed$/i.test(logonType) ? 4625 : 4624,
    LogonType: number === undefined ? text(value) : Number(number),
  };
}

const NATIVE_FIELDS: Record<ListName, (item: Json) => Json> = {
  logins: (item) => ({ ...logon(item.logon_type), TargetUserName: item.osuser, ProcessName: item.process_name }),
  processes: (item) => ({
    Channel: SYSMON,
    EventID: 1,
    Image: item.image,
    CommandLine: item.command_line,
    ParentImage: item.parent_image,
    ParentCommandLine: item.parent_command_line,
    OriginalFileName: item.original_file_name,
    User: item.process_user,
    Company: item.company,
  }),
  nets: (item) => ({
    Channel: SYSMON,
    EventID: 3,
    Image: item.image,
    ...destination(item.dest_ip),
    DestinationPort: toPort(item.dest_port) ?? item.dest_port,
  }),
  files: (item) => ({
    Channel: SYSMON,
    EventID: 11,
    Image: item.image,
    TargetFilename: item.filename,
    User: item.osuser,
  }),
  // The agent sends a human label instead of an event ID, so the code stays empty and the label is kept.
  events: (item) => ({ Channel: SYSMON, Image: item.image, Details: item.details, EventLabel: item.event }),
};

/** Only values the agent actually sent become fields. */
function toFields(native: Json): Record<string, FieldValue> {
  const fields = fieldMap();
  for (const [name, value] of Object.entries(native)) {
    if (typeof value === "string" || typeof value === "number") fields[name] = value;
  }
  return fields;
}

/** One item of one list; `index` only names it in errors. */
export function normalisePocketSiemItem(list: ListName, item: unknown, index?: number): NormaliseResult {
  const where = index === undefined ? `${list} item` : `${list}[${index}]`;
  if (!isRecord(item)) return { ok: false, error: `${where} is not a JSON object` };
  const time = timestampFrom(item, ["date"]);
  if (!time.ok) return { ok: false, error: `${where}: ${time.error}` };
  const fields = toFields({ ...NATIVE_FIELDS[list](item), Computer: item.host });
  const { dataset, ...columns } = windowsColumns(fields);
  const action = list === "events" ? text(item.event) : columns.action;
  return buildEvent({ ts: time.ts, source: "pocketsiem", dataset, fields, raw: item }, { ...columns, action });
}

/**
 * The body's items with the list each came from, or one error when its shape is wrong. Lists may be
 * missing (PocketSIEM required all five; tolerating absent ones costs nothing), but at least one
 * must be there.
 */
export function splitPocketSiemWinlog(
  body: unknown,
): { items: { list: ListName; item: unknown }[] } | { error: string } {
  if (!isRecord(body)) return { error: "winlog body is not a JSON object" };
  const present = LISTS.filter((list) => body[list] !== undefined && body[list] !== null);
  if (present.length === 0) return { error: `winlog body has none of the lists ${LISTS.join(", ")}` };
  const items: { list: ListName; item: unknown }[] = [];
  for (const list of present) {
    const listItems = body[list];
    if (!Array.isArray(listItems)) return { error: `'${list}' in the winlog body is not a list` };
    for (const item of listItems) items.push({ list, item });
  }
  return { items };
}

export function normalisePocketSiemWinlog(
  body: unknown,
  _ctx: NormaliseContext,
): { results: NormaliseResult[] } | { error: string } {
  const split = splitPocketSiemWinlog(body);
  if ("error" in split) return split;
  const positions = new Map<ListName, number>();
  return {
    results: split.items.map(({ list, item }) => {
      const index = positions.get(list) ?? 0;
      positions.set(list, index + 1);
      return normalisePocketSiemItem(list, item, index);
    }),
  };
}
