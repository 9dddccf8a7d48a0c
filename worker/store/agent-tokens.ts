import { and, desc, eq, isNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { StoreHandle } from "./handle.ts";
import { agentTokens } from "./schema.ts";

/** `also` runs in the same batch, right after the insert (an audit entry). */
export async function insertAgentToken(
  store: StoreHandle,
  id: string,
  name: string,
  createdBy: number | null,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
) {
  const insert = store.orm.insert(agentTokens).values({ id, name, createdBy, createdAt: now }).returning();
  const [rows] = await store.orm.batch([insert, ...also]);
  return rows[0];
}

export async function listAgentTokens(store: StoreHandle) {
  return store.orm.select().from(agentTokens).orderBy(desc(agentTokens.createdAt));
}

export async function findActiveAgentToken(store: StoreHandle, id: string) {
  return store.orm.query.agentTokens.findFirst({ where: and(eq(agentTokens.id, id), isNull(agentTokens.revokedAt)) });
}

/** Answers whether a live token was revoked (false: no such token, or revoked already). */
export async function revokeAgentToken(
  store: StoreHandle,
  id: string,
  now: number,
  also: readonly BatchItem<"sqlite">[] = [],
): Promise<boolean> {
  const revoke = store.orm
    .update(agentTokens)
    .set({ revokedAt: now })
    .where(and(eq(agentTokens.id, id), isNull(agentTokens.revokedAt)))
    .returning({ id: agentTokens.id });
  const [rows] = await store.orm.batch([revoke, ...also]);
  return rows.length > 0;
}
