/** An audit insert as a raw D1 statement, for stores that write with `d1.batch`. */
import { AUDIT_COLUMNS, type AuditInsert, IF_CHANGED, INSERTED_ID } from "./audit-insert.ts";
import type { StoreHandle } from "./handle.ts";

export function auditInsertStatement(
  store: StoreHandle,
  row: AuditInsert,
  onlyIfChanged: boolean,
): D1PreparedStatement {
  const target = row.targetInserted ? `coalesce(?, ${INSERTED_ID})` : "?";
  const where = onlyIfChanged ? IF_CHANGED : "";
  return store.d1
    .prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS}) SELECT ?, ?, ?, ?, ?, ${target}, ?, ?${where}`)
    .bind(row.at, row.actorId, row.actorName, row.action, row.targetType, row.targetId, row.detail, row.ip);
}
