/**
 * Sign-in failure counts per key (username + address, or username alone), in fixed windows. The
 * count is taken before the password is checked, in one statement, so parallel attempts cannot all
 * read a count under the limit.
 */
import { inArray, sql } from "drizzle-orm";
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

export async function clearLoginFailures(store: StoreHandle, keys: readonly string[]) {
  await store.orm.delete(loginFailures).where(inArray(loginFailures.key, [...keys]));
}
