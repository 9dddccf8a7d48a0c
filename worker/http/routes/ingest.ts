import { Hono } from "hono";
import { isNdjson, parseRecords, readBody } from "../../ingest/decode.ts";
import { ingestRecords } from "../../ingest/ingest.ts";
import { MAX_BODY_BYTES } from "../../ingest/limits.ts";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../context.ts";
import { requireAgent } from "../middleware/auth.ts";

export const ingestRoutes = new Hono<AppEnv>().post("/", requireAgent, async (c) => {
  const encoding = c.req.header("content-encoding") ?? null;
  const declared = Number(c.req.header("content-length"));
  if (!encoding && Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    throw new ApiError(413, `body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const text = await readBody(c.req.raw.body, encoding);
  const decoded = parseRecords(
    text,
    isNdjson(c.req.header("content-type") ?? null),
    c.req.header("idempotency-key") ?? null,
  );
  const answer = await ingestRecords(c.env.DB, c.env.INGEST_QUEUE, {
    records: decoded.records,
    batchId: decoded.batchId,
    text,
    tokenId: c.var.agent.tokenId,
    receivedAt: Date.now(),
  });
  return c.json(answer, answer.status === "queued" ? 202 : 200);
});
