/**
 * Elasticsearch compatibility under /api/v1/compat/es, so Winlogbeat, Filebeat, Vector, Fluent Bit
 * and the official clients post with their Elasticsearch outputs: the bulk API, plus the probes
 * they make on start (cluster info, licence, health, templates, ILM policies, ingest pipelines),
 * answered minimally. Every answer, errors too, is in Elasticsearch's shape with its product header.
 */
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { agentCredential } from "../../ingest/compat/credentials.ts";
import {
  bulkAnswer,
  clusterHealth,
  clusterInfo,
  esError,
  licenseInfo,
  PRODUCT_HEADERS,
  xpackInfo,
} from "../../ingest/compat/es-answers.ts";
import { parseBulk } from "../../ingest/compat/es-bulk.ts";
import { readIngestBody } from "../../ingest/decode.ts";
import { IngestError } from "../../ingest/errors.ts";
import { StorageUnavailableError } from "../../ingest/store-batch.ts";
import { ingestForAgent } from "../agent-ingest.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { limitIngestPerToken } from "../rate-limit/middleware.ts";
import { authenticateAgent } from "./compat-agent.ts";

const CLUSTER_NAME = "edgesiem";
const SCHEMES = ["basic", "apikey", "bearer"];
const CHALLENGE = 'Basic realm="edgesiem", ApiKey, Bearer realm="edgesiem"';

/** Index templates, ILM policies, pipelines, aliases, data streams: accepted and reported present. */
const SETUP_PATHS = [
  "/_template/*",
  "/_index_template/*",
  "/_component_template/*",
  "/_ilm/*",
  "/_ingest/pipeline/*",
  "/_alias/*",
  "/_data_stream/*",
];

class EsRefusal extends Error {
  readonly status: ContentfulStatusCode;
  readonly type: string;

  constructor(status: ContentfulStatusCode, type: string, reason: string) {
    super(reason);
    this.status = status;
    this.type = type;
  }
}

async function bulk(c: AppContext) {
  const started = Date.now();
  const text = await readIngestBody(c.req.raw);
  const request = parseBulk(text, c.req.param("index") ?? null);
  const rejected =
    request.records.length === 0
      ? []
      : (await ingestForAgent(c.env, c.var.agent, { records: request.records, text })).rejected;
  return c.json(bulkAnswer(request, rejected, Date.now() - started));
}

function setupProbe(c: AppContext) {
  if (c.req.method === "GET" || c.req.method === "HEAD") return c.json({});
  return c.json({ acknowledged: true });
}

export const esCompatRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    for (const [name, value] of Object.entries(PRODUCT_HEADERS)) c.header(name, value);
    const refusal = await authenticateAgent(c, agentCredential(c.req.header("authorization"), SCHEMES));
    if (refusal) throw new EsRefusal(401, "security_exception", `unable to authenticate: ${refusal.error}`);
    await next();
  })
  .use(limitIngestPerToken)
  .get("/", (c) => c.json(clusterInfo(CLUSTER_NAME)))
  // The same with a trailing slash, which is what Beats and the npm client ask for: an empty segment.
  .get("/:root{/?}", (c) => c.json(clusterInfo(CLUSTER_NAME)))
  .get("/_license", (c) => c.json(licenseInfo()))
  .get("/_xpack", (c) => c.json(xpackInfo()))
  .get("/_cluster/health", (c) => c.json(clusterHealth(CLUSTER_NAME)))
  .on(["GET", "PUT", "POST", "DELETE"], SETUP_PATHS, setupProbe)
  .on(["POST", "PUT"], ["/_bulk", "/:index/_bulk"], bulk)
  .onError((error, c) => {
    for (const [name, value] of Object.entries(PRODUCT_HEADERS)) c.header(name, value);
    if (error instanceof EsRefusal) {
      if (error.status === 401) c.header("WWW-Authenticate", CHALLENGE);
      return c.json(esError(error.status, error.type, error.message), error.status);
    }
    if (error instanceof IngestError) {
      const type = error.status === 413 ? "content_too_long_exception" : "illegal_argument_exception";
      return c.json(esError(error.status, type, error.message), error.status);
    }
    if (error instanceof StorageUnavailableError) {
      c.header("Retry-After", "30");
      return c.json(esError(503, "unavailable_shards_exception", `${error.message}; resend the request`), 503);
    }
    console.error(`unhandled error on ${c.req.method} ${c.req.path}:`, error);
    return c.json(esError(500, "exception", "internal error"), 500);
  });
