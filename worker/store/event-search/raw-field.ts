/**
 * Reading a field out of an event's raw record. A row whose raw JSON D1's JSON functions cannot
 * parse (malformed, or nested past SQLite's depth limit: ingest refuses such events now, but rows
 * stored before may hold them) reads as "no such field" rather than failing the whole search.
 */
import { type SQL, sql } from "drizzle-orm";
import { events } from "../schema.ts";

export function rawFieldRead(paths: readonly string[]): SQL {
  const reads = paths.map((path) => sql`json_extract(${events.raw}, ${path})`);
  const value = reads.length === 1 ? (reads[0] as SQL) : sql`coalesce(${sql.join(reads, sql`, `)})`;
  return sql`CASE WHEN json_valid(${events.raw}) THEN ${value} END`;
}
