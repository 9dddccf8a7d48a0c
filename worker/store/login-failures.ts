import { eq, sql } from "drizzle-orm";
import type { StoreHandle } from "./handle.ts";
import { loginFailures } from "./schema.ts";

export async function findLoginFailures(store: StoreHandle, key: string) {
  return store.orm.query.loginFailures.findFirst({ where: eq(loginFailures.key, key) });
}

/** Counts one failure in the key's window, starting a new window when the old one has passed. */
export async function recordLoginFailure(store: StoreHandle, key: string, now: number, windowMs: number) {
  await store.orm
    .insert(loginFailures)
    .values({ key, windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginFailures.key,
      set: {
        failures: sql`CASE WHEN ${loginFailures.windowStart} <= ${now - windowMs} THEN 1 ELSE ${loginFailures.failures} + 1 END`,
        windowStart: sql`CASE WHEN ${loginFailures.windowStart} <= ${now - windowMs} THEN ${now} ELSE ${loginFailures.windowStart} END`,
      },
    });
}

export async function clearLoginFailures(store: StoreHandle, key: string) {
  await store.orm.delete(loginFailures).where(eq(loginFailures.key, key));
}
