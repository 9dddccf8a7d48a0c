import type { BatchItem } from "drizzle-orm/batch";
import { findActiveAgentToken, insertAgentToken } from "../store/agent-tokens.ts";
import type { StoreHandle } from "../store/handle.ts";
import { signAgentToken, verifyAgentToken } from "./tokens.ts";

export async function issueAgentToken(
  store: StoreHandle,
  secret: string,
  name: string,
  createdBy: number | null,
  now = Date.now(),
  /** Runs in the same batch as the insert, given the new token's id (an audit entry). */
  also: (id: string) => readonly BatchItem<"sqlite">[] = () => [],
) {
  const id = crypto.randomUUID();
  const row = await insertAgentToken(store, id, name, createdBy, now, also(id));
  const token = await signAgentToken(secret, id, name);
  return { token, row };
}

export type AgentCheck = { ok: true; tokenId: string; name: string } | { ok: false; error: string };

/** Checked on every ingest request against D1, so a revoked token stops working at once. */
export async function resolveAgent(store: StoreHandle, secret: string, token: string): Promise<AgentCheck> {
  const verified = await verifyAgentToken(secret, token);
  if (!verified.ok) {
    return {
      ok: false,
      error: verified.reason === "wrong_scope" ? "a session token cannot be used for ingest" : "invalid agent token",
    };
  }
  const row = await findActiveAgentToken(store, verified.claims.jti);
  if (!row) return { ok: false, error: "agent token revoked or unknown" };
  return { ok: true, tokenId: row.id, name: row.name };
}
