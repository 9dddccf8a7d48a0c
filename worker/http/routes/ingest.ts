import { Hono } from "hono";
import { workerDetectionSettings } from "../../alerts/worker-settings.ts";
import { isNdjson, parseRecords, readIngestBody } from "../../ingest/decode.ts";
import { type IngestAnswer, ingestRecords } from "../../ingest/ingest.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireAgent } from "../middleware/auth.ts";

/** 202 says "durable, not yet in D1": the batch waits in the retry queue. */
export function ingestResponse(c: AppContext, answer: IngestAnswer) {
  return c.json(answer, answer.status === "queued" ? 202 : 200);
}

export const ingestRoutes = new Hono<AppEnv>().post("/", requireAgent, async (c) => {
  const text = await readIngestBody(c.req.raw);
  const decoded = parseRecords(
    text,
    isNdjson(c.req.header("content-type") ?? null),
    c.req.header("idempotency-key") ?? null,
  );
  const answer = await ingestRecords(
    c.env.DB,
    c.env.INGEST_QUEUE,
    {
      records: decoded.records,
      batchId: decoded.batchId,
      text,
      tokenId: c.var.agent.tokenId,
      receivedAt: Date.now(),
    },
    workerDetectionSettings(c.env),
  );
  return ingestResponse(c, answer);
});
