/** Reading the audit log: newest first, paged by id, filtered by actor, action prefix and time. */
import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { type AuditRow, auditLog } from "./audit-schema.ts";
import type { StoreHandle } from "./handle.ts";

export interface AuditFilter {
  /** Exact actor name, ignoring case. */
  actor?: string;
  /** `rule` finds rule.create, rule.update, ...; `auth.sign_in` finds it and auth.sign_in_failed. */
  actionPrefix?: string;
  from: number;
  to: number;
  /** Only entries older than this id: the previous page's last. */
  beforeId?: number;
  limit: number;
}

export async function listAuditEntries(store: StoreHandle, filter: AuditFilter): Promise<AuditRow[]> {
  const conditions: SQL[] = [gte(auditLog.at, filter.from), lt(auditLog.at, filter.to)];
  if (filter.actor !== undefined) conditions.push(sql`${auditLog.actorName} = ${filter.actor} COLLATE NOCASE`);
  if (filter.actionPrefix !== undefined) {
    conditions.push(eq(sql`substr(${auditLog.action}, 1, ${filter.actionPrefix.length})`, filter.actionPrefix));
  }
  if (filter.beforeId !== undefined) conditions.push(lt(auditLog.id, filter.beforeId));
  return store.orm
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}
