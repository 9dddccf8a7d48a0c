/** Webhook targets: their settings, and the outcome of the latest delivery to each. */
import { asc, eq } from "drizzle-orm";
import type { RuleLevel } from "../detect/types.ts";
import type { Database } from "./db.ts";
import {
  type DeliveryStatus,
  type NotificationTargetRow,
  type NotifyFormat,
  notificationTargets,
} from "./notification-schema.ts";

export interface TargetSettings {
  name: string;
  url: string;
  format: NotifyFormat;
  minLevel: RuleLevel;
  enabled: boolean;
  secret: string | null;
}

export async function insertTarget(db: Database, id: string, settings: TargetSettings, now: number) {
  const rows = await db
    .insert(notificationTargets)
    .values({ id, ...settings, createdAt: now, updatedAt: now })
    .returning();
  return rows[0];
}

export async function listTargets(db: Database): Promise<NotificationTargetRow[]> {
  return db.select().from(notificationTargets).orderBy(asc(notificationTargets.name));
}

export async function listEnabledTargets(db: Database): Promise<NotificationTargetRow[]> {
  return db.select().from(notificationTargets).where(eq(notificationTargets.enabled, true));
}

export async function findTarget(db: Database, id: string): Promise<NotificationTargetRow | undefined> {
  const rows = await db.select().from(notificationTargets).where(eq(notificationTargets.id, id)).limit(1);
  return rows[0];
}

export async function findTargetByName(db: Database, name: string): Promise<NotificationTargetRow | undefined> {
  // The column is COLLATE NOCASE, so this finds names that differ only in case too.
  const rows = await db.select().from(notificationTargets).where(eq(notificationTargets.name, name)).limit(1);
  return rows[0];
}

export async function updateTarget(db: Database, id: string, changes: Partial<TargetSettings>, now: number) {
  const rows = await db
    .update(notificationTargets)
    .set({ ...changes, updatedAt: now })
    .where(eq(notificationTargets.id, id))
    .returning();
  return rows[0];
}

/** Answers whether the target existed. */
export async function deleteTarget(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .delete(notificationTargets)
    .where(eq(notificationTargets.id, id))
    .returning({ id: notificationTargets.id });
  return rows.length > 0;
}

export async function recordDelivery(
  db: Database,
  id: string,
  outcome: { status: DeliveryStatus; error: string | null },
  now: number,
): Promise<void> {
  await db
    .update(notificationTargets)
    .set({
      lastAttemptAt: now,
      lastStatus: outcome.status,
      lastError: outcome.error,
      ...(outcome.status === "delivered" ? { lastDeliveredAt: now } : {}),
    })
    .where(eq(notificationTargets.id, id));
}
