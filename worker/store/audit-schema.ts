/** drizzle's view of migrations/0009_audit_log.sql. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const auditLog = sqliteTable("audit_log", {
  id: integer("id").primaryKey(),
  at: integer("at").notNull(),
  actorId: integer("actor_id"),
  actorName: text("actor_name"),
  action: text("action").notNull(),
  targetType: text("target_type"),
  targetId: text("target_id"),
  detail: text("detail").notNull(),
  ip: text("ip"),
});

export type AuditRow = typeof auditLog.$inferSelect;
