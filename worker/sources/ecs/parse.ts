/**
 * Winlogbeat / Elastic Agent / other ECS documents, nested (`{"event": {"code": ...}}`) or with
 * dotted keys (`{"event.code": ...}`); flattening makes both read the same. A document carrying
 * `winlog.*` is a Windows event first: its event_data is lifted to the native Sysmon/EVTX names so
 * Windows rules match it exactly as they match the EVTX adapters' output.
 */
import type { FieldValue } from "../../model/event.ts";
import { ecsColumns } from "../common/ecs-columns.ts";
import { copyFields, flatten } from "../common/flatten.ts";
import { buildEvent, type EventColumns, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { firstText, isRecord, text, toInteger } from "../common/values.ts";
import { windowsColumns } from "../common/windows-columns.ts";

type Json = Record<string, unknown>;

const ECS_BRANCHES = ["winlog", "event", "process"];
const NATIVE_PREFIXES = ["winlog.event_data.", "winlog.user_data."];

export function isEcs(record: Json): boolean {
  return ECS_BRANCHES.some(
    (branch) => isRecord(record[branch]) || Object.keys(record).some((key) => key.startsWith(`${branch}.`)),
  );
}

function withWindowsNatives(flat: Record<string, FieldValue>): Record<string, FieldValue> {
  const fields = copyFields(flat);
  for (const [key, value] of Object.entries(flat)) {
    const prefix = NATIVE_PREFIXES.find((candidate) => key.startsWith(candidate));
    if (prefix) fields[key.slice(prefix.length)] = value;
  }
  const channel = text(flat["winlog.channel"]);
  const eventId = toInteger(flat["winlog.event_id"]);
  const computer = firstText(flat, ["winlog.computer_name", "host.name", "host.hostname"]);
  if (channel !== null) fields.Channel = channel;
  if (eventId !== null) fields.EventID = eventId;
  if (computer !== null) fields.Computer = computer;
  return fields;
}

/** The Windows mapping wins column by column; the document's own ECS fields fill what it leaves empty. */
function preferWindows(windows: Partial<EventColumns>, ecs: Partial<EventColumns>): Partial<EventColumns> {
  const merged: Record<string, unknown> = { ...ecs };
  for (const [column, value] of Object.entries(windows)) {
    if (value !== null && value !== undefined) merged[column] = value;
  }
  return merged as Partial<EventColumns>;
}

export function normaliseEcs(record: Json): NormaliseResult {
  const flat = flatten(record);
  const time = timestampFrom(flat, ["@timestamp", "event.created"]);
  if (!time.ok) return time;
  const ecs = ecsColumns(flat);
  const base = { ts: time.ts, source: "ecs" as const, raw: record };
  if (!Object.keys(flat).some((key) => key.startsWith("winlog."))) {
    const dataset = firstText(flat, ["event.dataset", "data_stream.dataset"]) ?? "generic";
    return buildEvent({ ...base, dataset, fields: flat }, ecs);
  }
  const fields = withWindowsNatives(flat);
  const { dataset, ...windows } = windowsColumns(fields);
  return buildEvent({ ...base, dataset, fields }, preferWindows(windows, ecs));
}
