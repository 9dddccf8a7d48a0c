import { eq, sql } from "drizzle-orm";
import type { Database } from "./db.ts";
import { loginFailures } from "./schema.ts";

export async function findLoginFailures(db: Database, key: string) {
  return db.query.loginFailures.findFirst({ where: eq(loginFailures.key, key) });
}

/** Counts one failure in the key's window, starting a new window when the old one has passed. */
export async function recordLoginFailure(db: Database, key: string, now: number, windowMs: number) {
  await db
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

export async function clearLoginFailures(db: Database, key: string) {
  await db.delete(loginFailures).where(eq(loginFailures.key, key));
}
