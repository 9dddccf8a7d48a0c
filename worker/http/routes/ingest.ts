import { Hono } from "hono";
import { isNdjson, isZeekTsvBody, parseRecords, parseZeekTsvBody, readIngestBody } from "../../ingest/decode.ts";
import type { IngestAnswer } from "../../ingest/ingest.ts";
import { ingestForAgent } from "../agent-ingest.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireAgent } from "../middleware/auth.ts";
import { limitIngestPerToken } from "../rate-limit/middleware.ts";

/** 202 says "durable, not yet in D1": the batch waits in the retry queue; 400: nothing could be taken. */
export function ingestResponse(c: AppContext, answer: IngestAnswer) {
  if (answer.status === "rejected") {
    const error = `none of the batch's ${answer.rejected.length} events could be accepted; see 'rejected'`;
    return c.json({ error, ...answer }, 400);
  }
  return c.json(answer, answer.status === "queued" ? 202 : 200);
}

export const ingestRoutes = new Hono<AppEnv>().post("/", requireAgent, limitIngestPerToken, async (c) => {
  const text = await readIngestBody(c.req.raw);
  const contentType = c.req.header("content-type") ?? null;
  const idempotencyKey = c.req.header("idempotency-key") ?? null;
  const decoded = isZeekTsvBody(contentType, text)
    ? parseZeekTsvBody(text, idempotencyKey)
    : parseRecords(text, isNdjson(contentType), idempotencyKey);
  const answer = await ingestForAgent(c.env, c.var.agent, { records: decoded.records, batchId: decoded.batchId, text });
  return ingestResponse(c, answer);
});
