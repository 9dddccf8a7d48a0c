/** drizzle's view of the alert tables created by migrations/0003_alerts.sql (the SQL is the source of truth). */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const ALERT_STATUSES = ["open", "acknowledged", "closed", "false_positive"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const alerts = sqliteTable("alerts", {
  id: integer("id").primaryKey(),
  dedupKey: text("dedup_key").notNull(),
  ruleId: text("rule_id").notNull(),
  ruleKind: text("rule_kind", { enum: ["sigma", "simple", "correlation"] }).notNull(),
  title: text("title").notNull(),
  level: text("level", { enum: ["informational", "low", "medium", "high", "critical"] }).notNull(),
  levelRank: integer("level_rank").notNull(),
  tags: text("tags").notNull(),
  host: text("host"),
  keyFields: text("key_fields").notNull(),
  firstSeen: integer("first_seen").notNull(),
  lastSeen: integer("last_seen").notNull(),
  count: integer("count").notNull(),
  status: text("status", { enum: ALERT_STATUSES }).notNull(),
  assignee: text("assignee"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const alertEvents = sqliteTable(
  "alert_events",
  {
    alertId: integer("alert_id").notNull(),
    ruleId: text("rule_id").notNull(),
    batchId: text("batch_id").notNull(),
    batchIndex: integer("batch_index").notNull(),
    ts: integer("ts").notNull(),
    writeId: integer("write_id").notNull(),
    /** migrations/0015: events the link counts besides its own, not linked (a correlation's flood). */
    unlinked: integer("unlinked").notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.batchIndex, t.ruleId] })],
);

export const alertNotes = sqliteTable("alert_notes", {
  id: integer("id").primaryKey(),
  alertId: integer("alert_id").notNull(),
  author: text("author").notNull(),
  text: text("text").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const alertExceptions = sqliteTable("alert_exceptions", {
  id: integer("id").primaryKey(),
  field: text("field").notNull(),
  value: text("value").notNull(),
  ruleId: text("rule_id"),
  comment: text("comment").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at").notNull(),
  hits: integer("hits").notNull(),
  lastHitAt: integer("last_hit_at"),
});

export type AlertRow = typeof alerts.$inferSelect;
export type AlertExceptionRow = typeof alertExceptions.$inferSelect;

/** migrations/0005_alert_history.sql: every status and assignee change, with who made it. */
export const ALERT_HISTORY_FIELDS = ["status", "assignee"] as const;
export type AlertHistoryField = (typeof ALERT_HISTORY_FIELDS)[number];

export const alertHistory = sqliteTable("alert_history", {
  id: integer("id").primaryKey(),
  alertId: integer("alert_id").notNull(),
  actor: text("actor").notNull(),
  field: text("field", { enum: ALERT_HISTORY_FIELDS }).notNull(),
  oldValue: text("old_value"),
  newValue: text("new_value"),
  createdAt: integer("created_at").notNull(),
});

export type AlertHistoryRow = typeof alertHistory.$inferSelect;
