/**
 * Volume accounting at ingest: each write adds its events and raw bytes to volume_rollups in the
 * batch's own D1 batch. The statements run before the events insert and count only the events
 * not stored yet, checked one by one against (batch_id, batch_index): a resent batch, a queue retry
 * after a write that did commit, or a whole-batch resend over queue parts already stored adds
 * exactly what the events insert adds, never an event twice.
 */
import type { PreparedEvent } from "../model/prepared-event.ts";
import { epochDay } from "./epoch-day.ts";

const ADD_VOLUME = `INSERT INTO volume_rollups (day, dataset, event_code, host, events, bytes)
SELECT r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, count(*), sum(r.value ->> 5)
FROM json_each(?1) AS r
WHERE NOT EXISTS (SELECT 1 FROM events WHERE batch_id = ?2 AND batch_index = r.value ->> 0)
GROUP BY 1, 2, 3, 4
ON CONFLICT (day, dataset, event_code, host) DO UPDATE SET
  events = volume_rollups.events + excluded.events,
  bytes = volume_rollups.bytes + excluded.bytes`;

/** The UTF-8 size of a string, as SQLite's length(CAST(raw AS BLOB)) reports the stored text. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    // A surrogate pair is 2 UTF-16 units and 4 UTF-8 bytes: 1 extra byte per unit.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 1;
    else bytes += 2;
  }
  return bytes;
}

/** One event's share of the rollups: [batch index, day, dataset, event code, host, bytes]. */
export function volumeRow({ index, event, rawJson }: PreparedEvent): unknown[] {
  return [index, epochDay(event.ts), event.dataset, event.eventCode ?? "", event.host ?? "", utf8Length(rawJson)];
}

/** `payload`: a JSON array of `volumeRow`s of one batch. */
export function addVolumeStatement(d1: D1Database, payload: string, batchId: string): D1PreparedStatement {
  return d1.prepare(ADD_VOLUME).bind(payload, batchId);
}
