import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { IngestError } from "../ingest/errors.ts";
import { StorageUnavailableError } from "../ingest/store-batch.ts";
import { FilterError } from "../model/event-query.ts";
import { openStore } from "../store/handle.ts";
import { ApiError } from "./api-error.ts";
import type { AppEnv } from "./context.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { limitIngestPerIp, limitLoginPerIp } from "./rate-limit/middleware.ts";
import { agentConfigRoutes } from "./routes/agent-config.ts";
import { alertRoutes } from "./routes/alerts.ts";
import { archiveRoutes } from "./routes/archives.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { esCompatRoutes } from "./routes/compat-es.ts";
import { falcoRoutes } from "./routes/compat-falco.ts";
import { hecRoutes } from "./routes/compat-hec.ts";
import { coverageRoutes } from "./routes/coverage.ts";
import { deadLetterRoutes } from "./routes/dead-letters.ts";
import { eventRoutes } from "./routes/events.ts";
import { exceptionRoutes } from "./routes/exceptions.ts";
import { healthRoutes } from "./routes/health.ts";
import { hostRoutes } from "./routes/hosts.ts";
import { importIngestRoutes, importRoutes } from "./routes/imports.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { evtxIngestRoutes } from "./routes/ingest-evtx.ts";
import { ipListRoutes } from "./routes/ip-lists.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { overviewRoutes } from "./routes/overview.ts";
import { pocketsiemRoutes } from "./routes/pocketsiem.ts";
import { rulePackRoutes } from "./routes/rule-packs.ts";
import { ruleReleaseRoutes } from "./routes/rule-releases.ts";
import { ruleRoutes } from "./routes/rules.ts";
import { storageRoutes } from "./routes/storage.ts";
import { submissionRoutes } from "./routes/submissions.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { userRoutes } from "./routes/users.ts";

/** Every path that takes events: EdgeSIEM's own, PocketSIEM's, Splunk HEC's and Elasticsearch's. */
const INGEST_PATHS = [
  "/api/v1/ingest/*",
  "/api/v1/compat/es/*",
  "/services/collector/*",
  "/winlog",
  "/sshlogin",
  "/falcolog",
];
const SIGN_IN_PATHS = ["/api/v1/auth/login", "/api/v1/auth/signup"];

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use(securityHeaders);
  app.use(async (c, next) => {
    if (!c.env.JWT_SECRET || c.env.JWT_SECRET.length < 32) {
      throw new ApiError(500, "server misconfigured: JWT_SECRET is missing or shorter than 32 characters");
    }
    c.set("store", openStore(c.env.DB));
    await next();
  });

  // Per-IP abuse limits run before any token is checked or body read; `/x/*` also matches `/x`.
  for (const path of INGEST_PATHS) app.use(path, limitIngestPerIp);
  for (const path of SIGN_IN_PATHS) app.use(path, limitLoginPerIp);

  const api = new Hono<AppEnv>()
    .route("/health", healthRoutes)
    .route("/auth", authRoutes)
    .route("/users", userRoutes)
    .route("/tokens", tokenRoutes)
    .route("/hosts", hostRoutes)
    .route("/ingest/falco", falcoRoutes)
    .route("/ingest/imports", importIngestRoutes)
    .route("/ingest/evtx", evtxIngestRoutes)
    .route("/ingest", ingestRoutes)
    .route("/compat/es", esCompatRoutes)
    .route("/events", eventRoutes)
    .route("/imports", importRoutes)
    .route("/alerts", alertRoutes)
    .route("/exceptions", exceptionRoutes)
    .route("/notifications", notificationRoutes)
    .route("/rules/packs", rulePackRoutes)
    .route("/rules/releases", ruleReleaseRoutes)
    .route("/rules", ruleRoutes)
    .route("/ip-lists", ipListRoutes)
    .route("/submissions", submissionRoutes)
    .route("/overview", overviewRoutes)
    .route("/coverage/agent-config", agentConfigRoutes)
    .route("/coverage", coverageRoutes)
    .route("/archives", archiveRoutes)
    .route("/storage", storageRoutes)
    .route("/audit", auditRoutes)
    .route("/dead-letters", deadLetterRoutes);
  app.route("/api/v1", api);
  app.route("/", pocketsiemRoutes);
  app.route("/services/collector", hecRoutes);

  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      return c.json({ error: error.message }, error.status, error.headers);
    }
    if (error instanceof IngestError) return c.json({ error: error.message }, error.status);
    if (error instanceof FilterError) return c.json({ error: error.message }, 400);
    if (error instanceof StorageUnavailableError) {
      return c.json({ error: `${error.message}; resend the batch with the same batch_id` }, 503, {
        "Retry-After": "30",
      });
    }
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    console.error(`unhandled error on ${c.req.method} ${c.req.path}:`, error);
    return c.json({ error: "internal error" }, 500);
  });

  return app;
}
