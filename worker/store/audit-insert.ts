/**
 * One audit_log row as the audit writers insert it, and the SQL fragments both writers share
 * (audit-statement.ts for raw D1 batches, audit-query.ts for drizzle ones).
 */
export interface AuditInsert {
  at: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  /** null with `targetInserted`: the id of the row the statement before this one inserted. */
  targetId: string | null;
  targetInserted: boolean;
  /** JSON. */
  detail: string;
  ip: string | null;
}

export const AUDIT_COLUMNS = "at, actor_id, actor_name, action, target_type, target_id, detail, ip";
export const INSERTED_ID = "CAST(last_insert_rowid() AS TEXT)";
/** Makes the insert conditional on the statement just before it in the batch having changed a row. */
export const IF_CHANGED = " WHERE changes() > 0";
