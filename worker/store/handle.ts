/**
 * The one way code outside `store/` reaches the database. A route takes it from the request
 * context (`c.var.store`), the queue consumers and the cron open it from their binding. Each store
 * module decides for itself whether it speaks drizzle (`orm`: typed reads and simple writes) or
 * raw D1 (`d1`: hand-tuned SQL such as the batch write's json_each inserts); callers never choose.
 */
import { type Database, database } from "./db.ts";

export interface StoreHandle {
  readonly d1: D1Database;
  readonly orm: Database;
}

export function openStore(d1: D1Database): StoreHandle {
  return { d1, orm: database(d1) };
}
