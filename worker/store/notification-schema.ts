/** drizzle's view of migrations/0004_notifications.sql (the SQL file is the source of truth). */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { RuleLevel } from "../detect/types.ts";

export const NOTIFY_FORMATS = ["generic", "slack"] as const;
export type NotifyFormat = (typeof NOTIFY_FORMATS)[number];
export type DeliveryStatus = "delivered" | "failed" | "dead-lettered";

export const notificationTargets = sqliteTable("notification_targets", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  url: text("url").notNull(),
  format: text("format", { enum: NOTIFY_FORMATS }).notNull(),
  minLevel: text("min_level").$type<RuleLevel>().notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  secret: text("secret"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  lastAttemptAt: integer("last_attempt_at"),
  lastStatus: text("last_status").$type<DeliveryStatus>(),
  lastError: text("last_error"),
  lastDeliveredAt: integer("last_delivered_at"),
});

export const notificationDeadLetters = sqliteTable("notification_dead_letters", {
  id: integer("id").primaryKey(),
  targetId: text("target_id"),
  alertIds: text("alert_ids").notNull(),
  message: text("message").notNull(),
  deadAt: integer("dead_at").notNull(),
});

export type NotificationTargetRow = typeof notificationTargets.$inferSelect;
