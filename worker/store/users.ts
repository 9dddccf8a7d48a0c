import { and, asc, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { StoreHandle } from "./handle.ts";
import { type UserRow, users } from "./schema.ts";

export type Role = UserRow["role"];
export const ROLES: readonly Role[] = ["admin", "analyst", "viewer"];

export interface NewUser {
  username: string;
  passwordHash: string;
  passwordSalt: string;
  passwordIterations: number;
  role: Role;
  enabled: boolean;
  mustChangePassword?: boolean;
}

export interface StoredPassword {
  hash: string;
  salt: string;
  iterations: number;
}

/**
 * Inserts unless the name is taken; answers the new row, or null when it was taken. `also` runs in
 * the same batch, right after the insert (an audit entry).
 */
export async function insertUser(
  store: StoreHandle,
  user: NewUser,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<UserRow | null> {
  const insert = store.orm
    .insert(users)
    .values({ ...user, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: users.username })
    .returning();
  const [rows] = await store.orm.batch([insert, ...also]);
  return rows[0] ?? null;
}

export async function findUserByName(store: StoreHandle, username: string): Promise<UserRow | undefined> {
  return store.orm.query.users.findFirst({ where: eq(users.username, username) });
}

export async function findUserById(store: StoreHandle, id: number): Promise<UserRow | undefined> {
  return store.orm.query.users.findFirst({ where: eq(users.id, id) });
}

export async function hasEnabledAdmin(store: StoreHandle): Promise<boolean> {
  const row = await store.orm
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.enabled, true)));
  return (row[0]?.n ?? 0) > 0;
}

export async function listUsers(store: StoreHandle): Promise<UserRow[]> {
  return store.orm.select().from(users).orderBy(asc(users.username));
}

export async function updateUser(
  store: StoreHandle,
  id: number,
  changes: { role?: Role; enabled?: boolean },
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<UserRow | undefined> {
  const update = store.orm
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id))
    .returning();
  const [rows] = await store.orm.batch([update, ...also]);
  return rows[0];
}

/**
 * Sets a new password hash and whether its owner must change it at next use; `also` runs in the
 * same batch (ending sessions, an audit entry).
 */
export async function setUserPassword(
  store: StoreHandle,
  id: number,
  password: StoredPassword,
  mustChange: boolean,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<UserRow | undefined> {
  const update = store.orm
    .update(users)
    .set({
      passwordHash: password.hash,
      passwordSalt: password.salt,
      passwordIterations: password.iterations,
      mustChangePassword: mustChange,
      updatedAt: now,
    })
    .where(eq(users.id, id))
    .returning();
  const [rows] = await store.orm.batch([update, ...also]);
  return rows[0];
}

export function publicUser(user: UserRow) {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    enabled: user.enabled,
    must_change_password: user.mustChangePassword,
    created_at: user.createdAt,
  };
}
