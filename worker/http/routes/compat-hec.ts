/**
 * Splunk HTTP Event Collector compatibility at Splunk's own paths (/services/collector/...), so
 * Splunk logging libraries, the OpenTelemetry Collector's splunk_hec exporter, Vector, Fluent Bit
 * and universal forwarders post to EdgeSIEM by changing URL and token. Answers are Splunk's
 * `{"text", "code"}` with Splunk's HTTP statuses; acknowledgements are not offered (code 14).
 */
import { Hono } from "hono";
import { agentCredential } from "../../ingest/compat/credentials.ts";
import { type HecMetadata, type HecParse, parseHecEvents, parseHecRaw } from "../../ingest/compat/hec-events.ts";
import { HEC, type HecReply, hecBody } from "../../ingest/compat/hec-replies.ts";
import { readIngestBody } from "../../ingest/decode.ts";
import { IngestError } from "../../ingest/errors.ts";
import { StorageUnavailableError } from "../../ingest/store-batch.ts";
import { ingestForAgent } from "../agent-ingest.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { limitIngestPerToken } from "../rate-limit/middleware.ts";
import { authenticateAgent } from "./compat-agent.ts";

/** `Splunk <token>` is HEC's scheme; Basic with the token as password is Splunk's alternative. */
const SCHEMES = ["splunk", "basic", "bearer"];

class HecRefusal extends Error {
  readonly reply: HecReply;

  constructor(reply: HecReply) {
    super(reply.text);
    this.reply = reply;
  }
}

function answer(c: AppContext, reply: HecReply, invalidEventNumber?: number) {
  return c.json(hecBody(reply, invalidEventNumber), reply.status);
}

function metadataFromQuery(c: AppContext): HecMetadata {
  const value = (name: string) => {
    const text = c.req.query(name);
    return text === undefined || text === "" ? null : text;
  };
  return { host: value("host"), source: value("source"), sourcetype: value("sourcetype"), index: value("index") };
}

async function collect(c: AppContext, parse: (text: string, meta: HecMetadata) => HecParse) {
  // No body at all is Splunk's "No data", like an empty one, not a malformed request.
  if (c.req.raw.body === null) return answer(c, HEC.noData);
  const text = await readIngestBody(c.req.raw);
  const parsed = parse(text, metadataFromQuery(c));
  if (!parsed.ok) return answer(c, parsed.reply, parsed.invalidEventNumber);
  const ingested = await ingestForAgent(c.env, c.var.agent, { records: parsed.records, text });
  // Splunk numbers the first event it could not take; the events around it are stored, as in Splunk.
  const firstRejected = ingested.rejected[0];
  if (firstRejected !== undefined) return answer(c, HEC.invalidDataFormat, firstRejected.index);
  return answer(c, HEC.success);
}

export const hecRoutes = new Hono<AppEnv>()
  .get("/health", (c) => answer(c, HEC.healthy))
  .get("/health/1.0", (c) => answer(c, HEC.healthy))
  .use(async (c, next) => {
    if (c.req.query("token") !== undefined) throw new HecRefusal(HEC.queryStringAuthDisabled);
    const refusal = await authenticateAgent(c, agentCredential(c.req.header("authorization"), SCHEMES));
    if (refusal?.problem === "missing") throw new HecRefusal(HEC.tokenRequired);
    if (refusal?.problem === "malformed") throw new HecRefusal(HEC.invalidAuthorization);
    if (refusal) throw new HecRefusal(HEC.invalidToken);
    await next();
  })
  .use(limitIngestPerToken)
  .post("/", (c) => collect(c, parseHecEvents))
  .post("/event", (c) => collect(c, parseHecEvents))
  .post("/event/1.0", (c) => collect(c, parseHecEvents))
  .post("/raw", (c) => collect(c, parseHecRaw))
  .post("/raw/1.0", (c) => collect(c, parseHecRaw))
  .post("/ack", (c) => answer(c, HEC.ackDisabled))
  .onError((error, c) => {
    if (error instanceof HecRefusal) return answer(c, error.reply);
    if (error instanceof IngestError) {
      return c.json({ text: error.message, code: HEC.invalidDataFormat.code }, error.status === 413 ? 413 : 400);
    }
    if (error instanceof StorageUnavailableError) {
      c.header("Retry-After", "30");
      return answer(c, HEC.serverBusy);
    }
    console.error(`unhandled error on ${c.req.method} ${c.req.path}:`, error);
    return c.json({ text: "Internal server error", code: 8 }, 500);
  });
