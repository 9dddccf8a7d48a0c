/**
 * Stored events as rules see them. `events` keeps the original record, not the normalised one, so
 * an event is read again through the ingest adapters. Most formats are recognised by shape; the
 * ones PocketSIEM's and Falco's endpoints named are told apart by what their adapter stored.
 */
import type { FormatName } from "../ingest/formats.ts";
import { prepareRecord } from "../ingest/prepare.ts";
import type { NormalisedEvent } from "../model/event.ts";
import type { EventRow } from "../store/schema.ts";

type StoredEventKind = Pick<EventRow, "source" | "dataset" | "eventCode">;

const POCKETSIEM_LIST_BY_CODE: Record<string, FormatName> = {
  "4624": "pocketsiem.logins",
  "4625": "pocketsiem.logins",
  "1": "pocketsiem.processes",
  "3": "pocketsiem.nets",
  "11": "pocketsiem.files",
};

export function formatOfStoredEvent(row: StoredEventKind): FormatName {
  if (row.source === "falco") return "falco";
  if (row.source !== "pocketsiem") return "auto";
  if (row.dataset === "linux.auth") return "pocketsiem.sshlogin";
  return POCKETSIEM_LIST_BY_CODE[row.eventCode ?? ""] ?? "pocketsiem.events";
}

/** The event as ingest normalised it, or null when its record no longer reads (an adapter changed). */
export function renormalise(row: StoredEventKind & Pick<EventRow, "raw" | "receivedAt">): NormalisedEvent | null {
  let record: unknown;
  try {
    record = JSON.parse(row.raw);
  } catch {
    return null;
  }
  const prepared = prepareRecord(record, 0, row.receivedAt, formatOfStoredEvent(row));
  return "event" in prepared ? prepared.event : null;
}
