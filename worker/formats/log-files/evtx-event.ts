/**
 * An EVTX record as the ingest takes it: evtx_dump's JSON, with the record header's written time
 * as its TimeCreated where the record's XML has none (a record whose System element was damaged
 * still happened when the log wrote it, and an event without a time cannot be stored).
 */
import type { EvtxRecord } from "../evtx/read-evtx.ts";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function evtxEvent(record: EvtxRecord): Record<string, unknown> {
  const event = record.event.Event;
  if (!isObject(event))
    return { Event: { System: { TimeCreated: { "#attributes": { SystemTime: record.written } } } } };
  const system = isObject(event.System) ? event.System : {};
  const created = system.TimeCreated;
  if (isObject(created) && isObject(created["#attributes"]) && created["#attributes"].SystemTime !== undefined) {
    return record.event;
  }
  return {
    ...record.event,
    Event: { ...event, System: { ...system, TimeCreated: { "#attributes": { SystemTime: record.written } } } },
  };
}
