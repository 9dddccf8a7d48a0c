/**
 * Flat EVTX-style records as the EdgeSIEM PowerShell agent sends them: System fields (Channel,
 * EventID, Computer, TimeCreated) and EventData fields side by side at the top level.
 */
import { flatten } from "../common/flatten.ts";
import { buildEvent, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { readEventId, windowsColumns } from "../common/windows-columns.ts";

type Json = Record<string, unknown>;

export function isFlatEvtx(record: Json): boolean {
  return typeof record.Channel === "string" && record.EventID !== undefined;
}

export function normaliseFlatEvtx(record: Json): NormaliseResult {
  const eventId = readEventId(record.EventID);
  if (!eventId.ok) return eventId;
  // Sysmon's UtcTime is when the event happened; TimeCreated is when it was logged. The record
  // (not its flattened copy) is read so PowerShell's wrapped {"value": "/Date(..)/"} still parses.
  const time = timestampFrom(record, ["UtcTime", "TimeCreated"]);
  if (!time.ok) return time;
  const fields = flatten(record);
  fields.EventID = eventId.id;
  const { dataset, ...columns } = windowsColumns(fields);
  return buildEvent({ ts: time.ts, source: "evtx", dataset, fields, raw: record }, columns);
}
