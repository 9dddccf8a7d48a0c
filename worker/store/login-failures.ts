/**
 * Sign-in attempt counts per key: username + address in fixed windows, and username alone with a
 * lock that backs off. Each attempt is counted before the password is checked, in one statement,
 * so parallel attempts cannot all read a count under the limit.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { StoreHandle } from "./handle.ts";
import { loginFailures } from "./schema.ts";

/**
 * Counts one attempt in the key's window, starting a new window when the old one has passed, and
 * returns the count with this attempt and when the window started.
 */
export async function reserveLoginAttempt(
  store: StoreHandle,
  key: string,
  now: number,
  windowMs: number,
): Promise<{ failures: number; windowStart: number }> {
  const expired = sql`${loginFailures.windowStart} <= ${now - windowMs}`;
  const [row] = await store.orm
    .insert(loginFailures)
    .values({ key, windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginFailures.key,
      set: {
        failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${loginFailures.failures} + 1 END`,
        windowStart: sql`CASE WHEN ${expired} THEN ${now} ELSE ${loginFailures.windowStart} END`,
      },
    })
    .returning({ failures: loginFailures.failures, windowStart: loginFailures.windowStart });
  if (!row) throw new Error("reserving a sign-in attempt returned no row");
  return row;
}

export interface BackoffPolicy {
  /** Attempts allowed before the first lock. */
  max: number;
  /** The count, lock level included, is forgotten after this long with no attempt and no lock. */
  windowMs: number;
  /** The first lock; each further one doubles it. */
  lockMs: number;
  maxLockMs: number;
}

/**
 * Counts one attempt unless the key is locked, and returns until when it is locked (0 or past:
 * this attempt may go ahead). The attempt past `max` locks the key; once the lock ends one more
 * attempt is allowed, and the attempt after that locks it again for twice as long.
 */
export async function reserveBackoffAttempt(
  store: StoreHandle,
  key: string,
  now: number,
  policy: BackoffPolicy,
): Promise<{ lockedUntil: number }> {
  const quietSince = now - policy.windowMs;
  const stale = sql`(${loginFailures.windowStart} <= ${quietSince} AND ${loginFailures.lockedUntil} <= ${quietSince})`;
  const locked = sql`${loginFailures.lockedUntil} > ${now}`;
  const over = sql`${loginFailures.failures} >= ${policy.max}`;
  // The shift is bounded so the doubling cannot overflow before the cap applies.
  const nextLock = sql`${now} + min(${policy.maxLockMs}, ${policy.lockMs} * (1 << min(${loginFailures.lockouts}, 20)))`;
  const [row] = await store.orm
    .insert(loginFailures)
    .values({ key, windowStart: now, failures: 1, lockedUntil: 0, lockouts: 0 })
    .onConflictDoUpdate({
      target: loginFailures.key,
      set: {
        failures: sql`CASE WHEN ${stale} THEN 1 WHEN ${locked} THEN ${loginFailures.failures} WHEN ${over} THEN ${policy.max - 1} ELSE ${loginFailures.failures} + 1 END`,
        windowStart: sql`CASE WHEN ${stale} THEN ${now} ELSE ${loginFailures.windowStart} END`,
        lockedUntil: sql`CASE WHEN ${stale} THEN 0 WHEN ${locked} THEN ${loginFailures.lockedUntil} WHEN ${over} THEN ${nextLock} ELSE ${loginFailures.lockedUntil} END`,
        lockouts: sql`CASE WHEN ${stale} THEN 0 WHEN ${locked} THEN ${loginFailures.lockouts} WHEN ${over} THEN ${loginFailures.lockouts} + 1 ELSE ${loginFailures.lockouts} END`,
      },
    })
    .returning({ lockedUntil: loginFailures.lockedUntil });
  if (!row) throw new Error("reserving a sign-in attempt returned no row");
  return row;
}

/** Gives back the attempt a successful sign-in reserved, so only failures add up. */
export async function refundLoginAttempt(store: StoreHandle, key: string) {
  await store.orm
    .update(loginFailures)
    .set({ failures: sql`max(${loginFailures.failures} - 1, 0)` })
    .where(eq(loginFailures.key, key));
}

export async function clearLoginFailures(store: StoreHandle, keys: readonly string[]) {
  await store.orm.delete(loginFailures).where(inArray(loginFailures.key, [...keys]));
}
