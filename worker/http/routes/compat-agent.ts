/**
 * What the shipper-compatible endpoints share: the agent token read from the Authorization scheme
 * the shipper can send, and the hand-over of their records to the normal ingest path (one ingest
 * batch per request, so detection and alerts run as for /api/v1/ingest).
 */
import { workerDetectionSettings } from "../../alerts/worker-settings.ts";
import { resolveAgent } from "../../auth/agents.ts";
import type { Credential } from "../../ingest/compat/credentials.ts";
import type { FormatName } from "../../ingest/formats.ts";
import { type IngestAnswer, ingestRecords } from "../../ingest/ingest.ts";
import { eventShards } from "../../store/event-shards.ts";
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

export function ingestCompat(
  c: AppContext,
  text: string,
  records: unknown[],
  options: { formats?: FormatName[]; batchId?: string | null } = {},
): Promise<IngestAnswer> {
  const receivedAt = Date.now();
  return ingestRecords(
    eventShards(c.env).forWrite(receivedAt),
    c.env.INGEST_QUEUE,
    {
      records,
      formats: options.formats,
      batchId: options.batchId ?? null,
      text,
      tokenId: c.var.agent.tokenId,
      receivedAt,
    },
    workerDetectionSettings(c.env),
  );
}
