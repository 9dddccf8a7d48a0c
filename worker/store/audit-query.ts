/** An audit insert as a drizzle batch item, for stores that write with `db.batch`. */
import { sql } from "drizzle-orm";
import { type AuditInsert, IF_CHANGED, INSERTED_ID } from "./audit-insert.ts";
import { auditLog } from "./audit-schema.ts";
import type { StoreHandle } from "./handle.ts";

export function auditInsertQuery(store: StoreHandle, row: AuditInsert, onlyIfChanged: boolean) {
  const target = row.targetInserted ? sql`coalesce(${row.targetId}, ${sql.raw(INSERTED_ID)})` : sql`${row.targetId}`;
  const where = sql.raw(onlyIfChanged ? IF_CHANGED : "");
  // insert().select() lists every column in the table's order, id first (NULL: SQLite assigns it).
  // Not db.run(sql): drizzle 0.45 cannot batch a raw statement that has bound parameters.
  return store.orm
    .insert(auditLog)
    .select(
      sql`SELECT NULL, ${row.at}, ${row.actorId}, ${row.actorName}, ${row.action}, ${row.targetType}, ${target}, ${row.detail}, ${row.ip}${where}`,
    );
}
