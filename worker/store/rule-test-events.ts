/** The stored events a rule test reads, newest first, a page at a time; drizzle: one typed select. */
import { desc, lt } from "drizzle-orm";
import type { StoreHandle } from "./handle.ts";
import { events } from "./schema.ts";

const STORED_EVENT = {
  id: events.id,
  source: events.source,
  dataset: events.dataset,
  eventCode: events.eventCode,
  raw: events.raw,
  receivedAt: events.receivedAt,
};

/** Up to `limit` events older than id `before` (null: from the newest). */
export function storedEventsBefore(store: StoreHandle, before: number | null, limit: number) {
  const query = store.orm.select(STORED_EVENT).from(events);
  return (before === null ? query : query.where(lt(events.id, before))).orderBy(desc(events.id)).limit(limit);
}
