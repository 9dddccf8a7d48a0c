/** The false-positive filter's rows: what ingest applies, and what the API lists, adds and removes. */
import { desc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type AlertException, LIST_REFERENCE } from "../alerts/suppress.ts";
import { type CidrNetwork, parseCidr } from "../detect/sigma/cidr.ts";
import { type AlertExceptionRow, alertExceptions } from "./alerts-schema.ts";
import type { Database } from "./db.ts";

/** Every exception, as the ingest path applies them (one small read per batch), allow lists resolved. */
export async function loadExceptions(d1: D1Database): Promise<AlertException[]> {
  const { results } = await d1
    .prepare(
      `SELECT e.id, e.field, e.value, e.rule_id, l.kind, l.entries FROM alert_exceptions e
       LEFT JOIN ip_lists l ON e.value LIKE '${LIST_REFERENCE}%' AND l.name = substr(e.value, ${LIST_REFERENCE.length + 1})`,
    )
    .all<{
      id: number;
      field: string;
      value: string;
      rule_id: string | null;
      kind: string | null;
      entries: string | null;
    }>();
  return results.map((r) => ({
    id: r.id,
    field: r.field,
    value: r.value,
    ruleId: r.rule_id,
    ...(r.value.startsWith(LIST_REFERENCE) ? { networks: allowListNetworks(r.kind, r.entries) } : {}),
  }));
}

function allowListNetworks(kind: string | null, entries: string | null): CidrNetwork[] {
  if (kind !== "allow" || entries === null) return [];
  return (JSON.parse(entries) as string[]).flatMap((entry) => parseCidr(entry) ?? []);
}

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
