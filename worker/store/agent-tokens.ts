import { and, desc, eq, isNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "./db.ts";
import { agentTokens } from "./schema.ts";

/** `also` runs in the same batch, right after the insert (an audit entry). */
export async function insertAgentToken(
  db: Database,
  id: string,
  name: string,
  createdBy: number | null,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
) {
  const insert = db.insert(agentTokens).values({ id, name, createdBy, createdAt: now }).returning();
  const [rows] = await db.batch([insert, ...also]);
  return rows[0];
}

export async function listAgentTokens(db: Database) {
  return db.select().from(agentTokens).orderBy(desc(agentTokens.createdAt));
}

export async function findActiveAgentToken(db: Database, id: string) {
  return db.query.agentTokens.findFirst({ where: and(eq(agentTokens.id, id), isNull(agentTokens.revokedAt)) });
}

/** Answers whether a live token was revoked (false: no such token, or revoked already). */
export async function revokeAgentToken(
  db: Database,
  id: string,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<boolean> {
  const revoke = db
    .update(agentTokens)
    .set({ revokedAt: now })
    .where(and(eq(agentTokens.id, id), isNull(agentTokens.revokedAt)))
    .returning({ id: agentTokens.id });
  const [rows] = await db.batch([revoke, ...also]);
  return rows.length > 0;
}
