/**
 * Values the quick views show that only the raw record holds (logon type, file name, DNS query...).
 * Which fields hold them is what each log source declares (worker/sources/descriptors.ts,
 * pure data: no parser comes into the bundle). The places mirror where the Worker's field map
 * looks (worker/model/fields.ts rawPathsForField).
 */

import type { RawDetail } from "../../../../worker/model/source-descriptor.ts";
import { QUICK_VIEW_FIELDS } from "../../../../worker/sources/descriptors.ts";
import type { EventRecord } from "../../api/events";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function child(value: unknown, ...path: string[]): unknown {
  let here = value;
  for (const key of path) here = isObject(here) ? here[key] : undefined;
  return here;
}

/** The first of the names found in the record, flat or nested as EVTX and Winlogbeat nest it, as text. */
export function rawField(event: EventRecord, ...names: string[]): string | null {
  const { raw } = event;
  for (const name of names) {
    for (const value of [
      child(raw, name),
      child(raw, "Event", "EventData", name),
      child(raw, "Event", "System", name),
      child(raw, "winlog", "event_data", name),
    ]) {
      if (typeof value === "string" && value.trim() !== "") return value.trim();
      if (typeof value === "number" || typeof value === "boolean") return String(value);
    }
  }
  return null;
}

const LOGON_TYPES: Record<string, string> = {
  "2": "interactive",
  "3": "network",
  "4": "batch",
  "5": "service",
  "7": "unlock",
  "8": "network cleartext",
  "9": "new credentials",
  "10": "remote interactive",
  "11": "cached interactive",
};

/** "10 (remote interactive)" for Windows; "publickey" for an SSH logon. */
export function logonMethod(event: EventRecord): string | null {
  if (event.dataset === "linux.auth") {
    const line = rawField(event, "message", "process_name") ?? "";
    return /(?:Accepted|Failed) (\S+)/.exec(line)?.[1] ?? (event.action === "ssh_invalid_user" ? "invalid user" : null);
  }
  const type = rawField(event, ...QUICK_VIEW_FIELDS.logonType)?.replace(/\s*failed$/i, "") ?? null;
  if (type === null) return null;
  const name = LOGON_TYPES[type];
  return name ? `${type} (${name})` : type;
}

/** The file a Sysmon 11 event created (PocketSIEM's agent calls it `filename`). */
export function targetFilename(event: EventRecord): string | null {
  return rawField(event, ...QUICK_VIEW_FIELDS.targetFilename);
}

function detailOf(event: EventRecord, detail: RawDetail): string | null {
  const parts = detail.parts.map((names) => rawField(event, ...names));
  while (parts.length > 0 && parts[parts.length - 1] === null) parts.pop();
  return parts.length === 0 ? null : parts.map((part) => part ?? "").join(detail.separator ?? "");
}

/** What the connection was about: the DNS query, the HTTP host and URI, or the protocol. */
export function networkDetail(event: EventRecord): string | null {
  const { network } = QUICK_VIEW_FIELDS;
  const detail = Object.hasOwn(network, event.dataset) ? network[event.dataset] : network["*"];
  return detail ? detailOf(event, detail) : null;
}

/** A one-line summary of an event no other view claims. */
export function otherDetail(event: EventRecord): string | null {
  return event.command_line ?? rawField(event, ...QUICK_VIEW_FIELDS.summary) ?? event.action;
}

/** The last part of a Windows or Unix path, for narrow columns (the menu and tooltip keep it whole). */
export function basename(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
