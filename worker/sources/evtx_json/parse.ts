/**
 * Nested EVTX-JSON as `evtx_dump -o json` writes it: `{"Event": {"System": {...}, "EventData": {...}}}`
 * with XML attributes under `#attributes` and element text under `#text`.
 */
import type { FieldValue } from "../../model/event.ts";
import { fieldMap, flattenInto, toFieldValue } from "../common/flatten.ts";
import { buildEvent, type NormaliseResult } from "../common/result.ts";
import { timestampFrom } from "../common/timestamp.ts";
import { isRecord } from "../common/values.ts";
import { readEventId, windowsColumns } from "../common/windows-columns.ts";

type Json = Record<string, unknown>;

export function isEvtxJson(record: Json): boolean {
  return isRecord(record.Event) && isRecord(record.Event.System);
}

/**
 * System attributes get `<Element>_<Attribute>` names (Provider_Name, Security_UserID: the names
 * Sigma's Windows field list uses), except the two whose element name alone is what everyone reads.
 */
function systemAttributeName(element: string, attribute: string): string {
  if (element === "TimeCreated" && attribute === "SystemTime") return "TimeCreated";
  if (element === "Execution") return attribute;
  return `${element}_${attribute}`;
}

function addSystem(fields: Record<string, FieldValue>, system: Json): void {
  for (const [element, value] of Object.entries(system)) {
    if (!isRecord(value)) {
      fields[element] = toFieldValue(value);
      continue;
    }
    if (value["#text"] !== undefined) fields[element] = toFieldValue(value["#text"]);
    const attributes = value["#attributes"];
    if (!isRecord(attributes)) continue;
    for (const [attribute, attributeValue] of Object.entries(attributes)) {
      fields[systemAttributeName(element, attribute)] = toFieldValue(attributeValue);
    }
  }
}

/** `<Data Name="x">v</Data>` elements; unnamed ones (classic event logs) are collected under `Data`. */
function addData(fields: Record<string, FieldValue>, data: unknown): void {
  const unnamed: FieldValue[] = [];
  for (const item of Array.isArray(data) ? data : [data]) {
    const attributes = isRecord(item) ? item["#attributes"] : undefined;
    const name = isRecord(attributes) ? attributes.Name : undefined;
    const value = toFieldValue(isRecord(item) ? item["#text"] : item);
    if (typeof name === "string") fields[name] = value;
    else if (Array.isArray(value)) unnamed.push(...value);
    else if (value !== null) unnamed.push(value);
  }
  if (unnamed.length > 0) fields.Data = unnamed;
}

/** EventData fields go to the top level under their own names; deeper elements get dotted names. */
function addPayload(fields: Record<string, FieldValue>, payload: Json): void {
  for (const [key, value] of Object.entries(payload)) {
    // A container's attributes name the event template, not a field of the event; `raw` keeps them.
    if (key === "#attributes") continue;
    if (key === "Data") addData(fields, value);
    else if (isRecord(value) && value["#text"] !== undefined) fields[key] = toFieldValue(value["#text"]);
    else if (isRecord(value)) flattenInto(fields, value, `${key}.`);
    else fields[key] = toFieldValue(value);
  }
}

/** UserData wraps its fields in one element named after the template (`Operation_ClientFailure`). */
function addUserData(fields: Record<string, FieldValue>, userData: Json): void {
  for (const [key, value] of Object.entries(userData)) {
    if (key === "#attributes") continue;
    if (isRecord(value)) addPayload(fields, value);
    else fields[key] = toFieldValue(value);
  }
}

export function normaliseEvtxJson(record: Json): NormaliseResult {
  const event = record.Event as Json;
  const fields = fieldMap();
  if (isRecord(event.EventData)) addPayload(fields, event.EventData);
  if (isRecord(event.UserData)) addUserData(fields, event.UserData);
  // System last: its Channel/EventID/Computer decide the dataset and must not be shadowed by payload.
  addSystem(fields, event.System as Json);
  const eventId = readEventId(fields.EventID);
  if (!eventId.ok) return eventId;
  fields.EventID = eventId.id;
  const time = timestampFrom(fields, ["TimeCreated", "UtcTime"]);
  if (!time.ok) return time;
  const { dataset, ...columns } = windowsColumns(fields);
  return buildEvent({ ts: time.ts, source: "evtx_json", dataset, fields, raw: record }, columns);
}
