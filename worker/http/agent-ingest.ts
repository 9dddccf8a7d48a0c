/**
 * What every ingest endpoint does with the records it decoded, whatever shape they arrived in: one
 * ingest batch for the agent, written to the shard its received time picks, with the Worker's
 * retry queue and detection settings.
 */

import type { Env } from "../env.ts";
import type { FormatName } from "../ingest/formats.ts";
import { type IngestAnswer, ingestRecords } from "../ingest/ingest.ts";
import { workerDetectionSettings } from "../rules/worker-settings.ts";
import { eventShards } from "../store/event-shards.ts";
import { openStore } from "../store/handle.ts";

export interface AgentRecords {
  records: unknown[];
  /** The decoded body the records came from. */
  text: string;
  /** Each record's format; detected by shape where absent. */
  formats?: FormatName[];
  /** The agent's batch id (its idempotency key); absent or null to have one generated. */
  batchId?: string | null;
  /** The import the batch belongs to (worker/imports/). */
  importId?: string | null;
}

/** `tokenId` is null for a dashboard user's import, which no agent token sends. */
export function ingestForAgent(
  env: Env,
  agent: { tokenId: string | null },
  batch: AgentRecords,
): Promise<IngestAnswer> {
  const receivedAt = Date.now();
  return ingestRecords(
    openStore(eventShards(env).forWrite(receivedAt)),
    env.INGEST_QUEUE,
    {
      records: batch.records,
      formats: batch.formats,
      batchId: batch.batchId ?? null,
      text: batch.text,
      tokenId: agent.tokenId,
      receivedAt,
      importId: batch.importId ?? null,
    },
    workerDetectionSettings(env),
  );
}
