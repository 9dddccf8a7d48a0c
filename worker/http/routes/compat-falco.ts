/**
 * Falco's `http_output` at /api/v1/ingest/falco: one alert per request (or a JSON array / NDJSON of
 * them from a relay), each stored as a `falco.alerts` event; the shipped rules in
 * rules/sigma/falco/ raise it as an alert at Falco's priority. Falco's http_output cannot add
 * headers, so besides Bearer the token may come as the password of the URL's user info
 * (`https://falco:<token>@siem.example.com/...`, which libcurl sends as Basic).
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { agentCredential } from "../../ingest/compat/credentials.ts";
import { isNdjson, parseRecords, readIngestBody } from "../../ingest/decode.ts";
import { ingestForAgent } from "../agent-ingest.ts";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../context.ts";
import { limitIngestPerToken } from "../rate-limit/middleware.ts";
import { authenticateAgent } from "./compat-agent.ts";
import { ingestResponse } from "./ingest.ts";

const SCHEMES = ["bearer", "basic"];

const requireFalcoAgent = createMiddleware<AppEnv>(async (c, next) => {
  const refusal = await authenticateAgent(c, agentCredential(c.req.header("authorization"), SCHEMES));
  if (refusal) throw new ApiError(401, refusal.error, { "WWW-Authenticate": 'Bearer, Basic realm="edgesiem"' });
  await next();
});

export const falcoRoutes = new Hono<AppEnv>().post("/", requireFalcoAgent, limitIngestPerToken, async (c) => {
  const text = await readIngestBody(c.req.raw);
  const decoded = parseRecords(
    text,
    isNdjson(c.req.header("content-type") ?? null),
    c.req.header("idempotency-key") ?? null,
  );
  const answer = await ingestForAgent(c.env, c.var.agent, {
    records: decoded.records,
    formats: decoded.records.map(() => "falco" as const),
    batchId: decoded.batchId,
    text,
  });
  return ingestResponse(c, answer);
});
