/**
 * A field of a stored event, read the way rules and exceptions read it: the raw record is
 * normalised again in its own format and asked through the field map, so an exception made from
 * this value suppresses exactly the events it was made from.
 */
import { createEventView } from "../detect/event-view.ts";
import type { FieldValue } from "../model/event.ts";
import { FIELD_MAP } from "../sources/field-map.ts";
import { renormalise, type StoredEvent } from "./stored-event.ts";

export function storedEventField(row: StoredEvent, field: string): FieldValue | undefined {
  const event = renormalise(row);
  return event === null ? undefined : createEventView(event, FIELD_MAP).get(field);
}
