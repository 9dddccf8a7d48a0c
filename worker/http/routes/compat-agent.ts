/**
 * What the shipper-compatible endpoints share: the agent token read from the Authorization scheme
 * the shipper can send. Their records go to the normal ingest path (http/agent-ingest.ts: one
 * ingest batch per request, so detection and alerts run as for /api/v1/ingest).
 */
import { resolveAgent } from "../../auth/agents.ts";
import type { Credential } from "../../ingest/compat/credentials.ts";
import type { AppContext } from "../context.ts";

export type AgentRefusal = { problem: "missing" | "malformed" | "invalid"; error: string };

const PROBLEMS: Record<"missing" | "malformed", string> = {
  missing: "missing agent token",
  malformed: "the Authorization header carries no agent token EdgeSIEM can read",
};

/** Sets `c.var.agent` for a valid, unrevoked agent token; otherwise says what is wrong. */
export async function authenticateAgent(c: AppContext, credential: Credential): Promise<AgentRefusal | null> {
  if (!credential.ok) return { problem: credential.problem, error: PROBLEMS[credential.problem] };
  const agent = await resolveAgent(c.var.store, c.env.JWT_SECRET, credential.token);
  if (!agent.ok) return { problem: "invalid", error: agent.error };
  c.set("agent", { tokenId: agent.tokenId, name: agent.name });
  return null;
}
