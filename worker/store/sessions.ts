import { and, eq, gt, isNull, lt, ne } from "drizzle-orm";
import type { StoreHandle } from "./handle.ts";
import { sessions, type UserRow, users } from "./schema.ts";

export async function insertSession(store: StoreHandle, id: string, userId: number, now: number, expiresAt: number) {
  // Expired sessions are of no use to anyone: sweep them whenever a new one starts.
  await store.orm.batch([
    store.orm.delete(sessions).where(lt(sessions.expiresAt, now)),
    store.orm.insert(sessions).values({ id, userId, createdAt: now, expiresAt }),
  ]);
}

/** The user behind a live session: the session unrevoked and unexpired, the user enabled. */
export async function findSessionUser(
  store: StoreHandle,
  sessionId: string,
  now: number,
): Promise<UserRow | undefined> {
  const rows = await store.orm
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(users.enabled, true)),
    )
    .limit(1);
  return rows[0]?.user;
}

export async function revokeSession(store: StoreHandle, sessionId: string, now: number) {
  await store.orm.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, sessionId));
}

/** Disabling a user or changing their role ends the sessions they hold. */
export async function revokeUserSessions(store: StoreHandle, userId: number, now: number) {
  await revokeUserSessionsQuery(store, userId, now);
}

/**
 * The statement ending a user's sessions, but `keep` (the one a password change is made in), for
 * a batch with the change itself.
 */
export function revokeUserSessionsQuery(store: StoreHandle, userId: number, now: number, keep?: string) {
  const live = and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
  return store.orm
    .update(sessions)
    .set({ revokedAt: now })
    .where(keep === undefined ? live : and(live, ne(sessions.id, keep)));
}
