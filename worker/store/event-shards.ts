/**
 * Where events are written and searched: the one seam where EdgeSIEM spreads its events over
 * several D1 databases once one database's 10 GB or its single writer is not enough (README,
 * "Past one D1 database"). Today every event lives in the one database, `DB`.
 *
 * The contract a sharded implementation keeps:
 * - `forWrite` depends on the batch's received time alone, so a batch, its retried queue parts and
 *   an agent's resend all land in the same database, with the batch's `ingest_batches` row (the
 *   resend check) next to its events. Retention counts from received time too (archive/retention-run.ts),
 *   so a database's received span leaves the retention window whole;
 * - `forRange` names every database that may hold an event whose `ts` is in the range (an event
 *   can arrive long after it happened), so a search over them misses nothing.
 */
import type { SQL } from "drizzle-orm";
import type { Env } from "../env.ts";
import { listEventsQuery } from "./event-queries.ts";
import type { StoreHandle } from "./handle.ts";
import type { EventRow } from "./schema.ts";

export interface EventShards {
  /** The database that stores a batch received at `receivedAt` (epoch ms). */
  forWrite(receivedAt: number): D1Database;
  /**
   * The databases that may hold events with `ts` in [from, to] (epoch ms), each named once. A promise,
   * because a sharded implementation reads which time span each database holds from a catalog.
   */
  forRange(from: number, to: number): Promise<D1Database[]>;
}

export function singleDatabaseShards(db: D1Database): EventShards {
  return { forWrite: () => db, forRange: async () => [db] };
}

/** The deployment's event shards; a sharded deployment changes this function and nothing at its callers. */
export function eventShards(env: Pick<Env, "DB">): EventShards {
  return singleDatabaseShards(env.DB);
}

/** Newest first, as the events list pages: by `ts`, then by `id`. */
function newerFirst(a: EventRow, b: EventRow): number {
  return b.ts - a.ts || b.id - a.id;
}

/**
 * The newest `limit` events matching `where` across the databases: each one's newest `limit`,
 * merged. Event ids must be unique across the databases for the (ts, id) cursor to stay exact.
 */
export async function listEventsAcross(stores: readonly StoreHandle[], where: SQL, limit: number): Promise<EventRow[]> {
  const pages = await Promise.all(stores.map((store) => listEventsQuery(store, where, limit)));
  return pages.flat().sort(newerFirst).slice(0, limit);
}
