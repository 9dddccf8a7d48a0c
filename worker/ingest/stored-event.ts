/**
 * The one way a stored event is read again. `events` keeps the original record, not the normalised
 * one, so rule tests, exceptions made from an alert's event and the alert's context all normalise
 * `raw` again, here, with the format it was ingested in: most formats are recognised by shape; the
 * ones PocketSIEM's and Falco's endpoints named are told apart by what their adapter stored.
 */
import type { NormalisedEvent } from "../model/event.ts";
import type { EventRow } from "../store/schema.ts";
import type { FormatName } from "./formats.ts";
import { prepareRecord } from "./prepare.ts";

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
export type StoredEvent = StoredEventKind & Pick<EventRow, "raw" | "receivedAt">;

export function renormalise(row: StoredEvent): NormalisedEvent | null {
  let record: unknown;
  try {
    record = JSON.parse(row.raw);
  } catch {
    return null;
  }
  const prepared = prepareRecord(record, 0, row.receivedAt, formatOfStoredEvent(row));
  return "event" in prepared ? prepared.event : null;
}
