import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Database } from "./db.ts";
import { sessions, type UserRow, users } from "./schema.ts";

export async function insertSession(db: Database, id: string, userId: number, now: number, expiresAt: number) {
  // Expired sessions are of no use to anyone: sweep them whenever a new one starts.
  await db.batch([
    db.delete(sessions).where(lt(sessions.expiresAt, now)),
    db.insert(sessions).values({ id, userId, createdAt: now, expiresAt }),
  ]);
}

/** The user behind a live session: the session unrevoked and unexpired, the user enabled. */
export async function findSessionUser(db: Database, sessionId: string, now: number): Promise<UserRow | undefined> {
  const rows = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(users.enabled, true)),
    )
    .limit(1);
  return rows[0]?.user;
}

export async function revokeSession(db: Database, sessionId: string, now: number) {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, sessionId));
}

/** Disabling a user or changing their role ends the sessions they hold. */
export async function revokeUserSessions(db: Database, userId: number, now: number) {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
