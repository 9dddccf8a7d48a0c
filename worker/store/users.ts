import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "./db.ts";
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
}

/** Inserts unless the name is taken; answers the new row, or null when it was taken. */
export async function insertUser(db: Database, user: NewUser, now: number): Promise<UserRow | null> {
  const rows = await db
    .insert(users)
    .values({ ...user, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: users.username })
    .returning();
  return rows[0] ?? null;
}

export async function findUserByName(db: Database, username: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.username, username) });
}

export async function findUserById(db: Database, id: number): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

export async function hasEnabledAdmin(db: Database): Promise<boolean> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.enabled, true)));
  return (row[0]?.n ?? 0) > 0;
}

export async function listUsers(db: Database): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.username));
}

export async function updateUser(
  db: Database,
  id: number,
  changes: { role?: Role; enabled?: boolean },
  now: number,
): Promise<UserRow | undefined> {
  const rows = await db
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id))
    .returning();
  return rows[0];
}

export function publicUser(user: UserRow) {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    enabled: user.enabled,
    created_at: user.createdAt,
  };
}
