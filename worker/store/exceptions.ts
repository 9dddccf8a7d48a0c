/** The false-positive filter's rows as the API lists, adds and removes them (ingest reads them in ingest-exceptions.ts). */
import { desc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type AlertExceptionRow, alertExceptions } from "./alerts-schema.ts";
import type { Database } from "./db.ts";

export function listExceptions(db: Database): Promise<AlertExceptionRow[]> {
  return db.select().from(alertExceptions).orderBy(desc(alertExceptions.id));
}

export interface NewException {
  field: string;
  value: string;
  ruleId: string | null;
  comment: string;
  createdBy: string;
}

/**
 * Inserts unless the same field, value and scope exist (ignoring case); answers the new row or null.
 * `also` runs in the same batch, right after the insert (an audit entry).
 */
export async function insertException(
  db: Database,
  exception: NewException,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<AlertExceptionRow | null> {
  const insert = db
    .insert(alertExceptions)
    .values({ ...exception, createdAt: now, hits: 0 })
    .onConflictDoNothing()
    .returning();
  const [rows] = await db.batch([insert, ...also]);
  return rows[0] ?? null;
}

export async function deleteException(
  db: Database,
  id: number,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<boolean> {
  const remove = db.delete(alertExceptions).where(eq(alertExceptions.id, id)).returning({ id: alertExceptions.id });
  const [rows] = await db.batch([remove, ...also]);
  return rows.length > 0;
}
