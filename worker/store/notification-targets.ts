/** Webhook targets: their settings, and the outcome of the latest delivery to each. */
import { asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
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

/** `also`, here and in the other writes, runs in the same batch right after the write (an audit entry). */
export async function insertTarget(
  db: Database,
  id: string,
  settings: TargetSettings,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
) {
  const insert = db
    .insert(notificationTargets)
    .values({ id, ...settings, createdAt: now, updatedAt: now })
    .returning();
  const [rows] = await db.batch([insert, ...also]);
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

export async function updateTarget(
  db: Database,
  id: string,
  changes: Partial<TargetSettings>,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
) {
  const update = db
    .update(notificationTargets)
    .set({ ...changes, updatedAt: now })
    .where(eq(notificationTargets.id, id))
    .returning();
  const [rows] = await db.batch([update, ...also]);
  return rows[0];
}

/** Answers whether the target existed. */
export async function deleteTarget(
  db: Database,
  id: string,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<boolean> {
  const remove = db
    .delete(notificationTargets)
    .where(eq(notificationTargets.id, id))
    .returning({ id: notificationTargets.id });
  const [rows] = await db.batch([remove, ...also]);
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
