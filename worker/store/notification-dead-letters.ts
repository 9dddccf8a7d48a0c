/** Notifications that failed for good, kept so the dashboard can show what a target never received. */
import { inArray, lt } from "drizzle-orm";
import type { StoreHandle } from "./handle.ts";
import { notificationDeadLetters, notificationTargets } from "./notification-schema.ts";

/** Dead letters older than this are deleted as new ones arrive, so a target that fails for months cannot fill D1. */
export const DEAD_LETTER_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface DeadLetter {
  /** null: the alerts were never fanned out to a target. */
  targetId: string | null;
  alertIds: number[];
  message: unknown;
}

/** Stores the dead letters and marks their targets' latest delivery as dead-lettered. */
export async function storeDeadLetters(store: StoreHandle, letters: DeadLetter[], now: number): Promise<void> {
  if (letters.length === 0) return;
  const targetIds = [...new Set(letters.flatMap((letter) => (letter.targetId === null ? [] : [letter.targetId])))];
  await store.orm.batch([
    store.orm.delete(notificationDeadLetters).where(lt(notificationDeadLetters.deadAt, now - DEAD_LETTER_RETENTION_MS)),
    store.orm
      .update(notificationTargets)
      .set({ lastStatus: "dead-lettered" })
      .where(inArray(notificationTargets.id, targetIds)),
    ...letters.map((letter) =>
      store.orm.insert(notificationDeadLetters).values({
        targetId: letter.targetId,
        alertIds: JSON.stringify(letter.alertIds),
        message: JSON.stringify(letter.message),
        deadAt: now,
      }),
    ),
  ]);
}
