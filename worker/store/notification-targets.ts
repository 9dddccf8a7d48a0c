/** Webhook targets: their settings, and the outcome of the latest delivery to each. */
import { asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { RuleLevel } from "../detect/types.ts";
import type { StoreHandle } from "./handle.ts";
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
  store: StoreHandle,
  id: string,
  settings: TargetSettings,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
) {
  const insert = store.orm
    .insert(notificationTargets)
    .values({ id, ...settings, createdAt: now, updatedAt: now })
    .returning();
  const [rows] = await store.orm.batch([insert, ...also]);
  return rows[0];
}

export async function listTargets(store: StoreHandle): Promise<NotificationTargetRow[]> {
  return store.orm.select().from(notificationTargets).orderBy(asc(notificationTargets.name));
}

export async function listEnabledTargets(store: StoreHandle): Promise<NotificationTargetRow[]> {
  return store.orm.select().from(notificationTargets).where(eq(notificationTargets.enabled, true));
}

export async function findTarget(store: StoreHandle, id: string): Promise<NotificationTargetRow | undefined> {
  const rows = await store.orm.select().from(notificationTargets).where(eq(notificationTargets.id, id)).limit(1);
  return rows[0];
}

export async function findTargetByName(store: StoreHandle, name: string): Promise<NotificationTargetRow | undefined> {
  // The column is COLLATE NOCASE, so this finds names that differ only in case too.
  const rows = await store.orm.select().from(notificationTargets).where(eq(notificationTargets.name, name)).limit(1);
  return rows[0];
}

export async function updateTarget(
  store: StoreHandle,
  id: string,
  changes: Partial<TargetSettings>,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
) {
  const update = store.orm
    .update(notificationTargets)
    .set({ ...changes, updatedAt: now })
    .where(eq(notificationTargets.id, id))
    .returning();
  const [rows] = await store.orm.batch([update, ...also]);
  return rows[0];
}

/** Answers whether the target existed. */
export async function deleteTarget(
  store: StoreHandle,
  id: string,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<boolean> {
  const remove = store.orm
    .delete(notificationTargets)
    .where(eq(notificationTargets.id, id))
    .returning({ id: notificationTargets.id });
  const [rows] = await store.orm.batch([remove, ...also]);
  return rows.length > 0;
}

export async function recordDelivery(
  store: StoreHandle,
  id: string,
  outcome: { status: DeliveryStatus; error: string | null },
  now: number,
): Promise<void> {
  await store.orm
    .update(notificationTargets)
    .set({
      lastAttemptAt: now,
      lastStatus: outcome.status,
      lastError: outcome.error,
      ...(outcome.status === "delivered" ? { lastDeliveredAt: now } : {}),
    })
    .where(eq(notificationTargets.id, id));
}
