/**
 * A field of a stored event, read the way rules and exceptions read it: the raw record is
 * normalised again and asked through the field map, so an exception made from this value
 * suppresses exactly the events it was made from.
 */
import { createEventView } from "../detect/event-view.ts";
import { prepareRecord } from "../ingest/prepare.ts";
import type { FieldValue } from "../model/event.ts";

export function storedEventField(raw: string, receivedAt: number, field: string): FieldValue | undefined {
  const prepared = prepareRecord(JSON.parse(raw) as unknown, 0, receivedAt);
  if (!("event" in prepared)) return undefined;
  return createEventView(prepared.event).get(field);
}
