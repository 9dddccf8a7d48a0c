/**
 * Imports: a named set of log files brought in at once. Analysts run them from the dashboard's
 * Import page (session, `/api/v1/imports`); the import command runs them with an agent token
 * (`/api/v1/ingest/imports`). Both start or resume an import, post its batches (the ingest body,
 * stored with the import's id on every event) and finish it with the client's per-file summary.
 * Viewers list and read them, with totals counted from the stored events.
 */
import { Hono } from "hono";
import { ImportSummaryError, parseFileSummaries, storedFileSummaries } from "../../imports/file-summaries.ts";
import { importTotalsAcross } from "../../imports/totals.ts";
import { isNdjson, parseRecords, readIngestBody } from "../../ingest/decode.ts";
import { iso } from "../../model/iso-time.ts";
import type { ImportAnswer, ImportEntity, ImportOrigin } from "../../model/wire/imports.ts";
import { eventShards } from "../../store/event-shards.ts";
import {
  createOrResumeImport,
  findImport,
  finishImport,
  type ImportRow,
  type ImportTotals,
  listImports,
} from "../../store/imports.ts";
import { ingestForAgent } from "../agent-ingest.ts";
import { ApiError } from "../api-error.ts";
import { readJsonObject, stringField } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { rejectUnknownFields } from "../exception-input.ts";
import { requireAgent, requireRole, requireSession } from "../middleware/auth.ts";
import { limitIngestPerToken } from "../rate-limit/middleware.ts";
import { ingestResponse } from "./ingest.ts";

const IMPORT_ID = /^imp_[0-9a-f]{32}$/;
const CLIENT_KEY = /^[A-Za-z0-9._:-]{16,128}$/;
const MAX_LISTED = 100;
/** A summary of the most files an import takes, each with its reasons and problems. */
const MAX_FINISH_BODY = 4 * 1024 * 1024;

function presentImport(row: ImportRow, totals: ImportTotals | undefined): ImportEntity {
  return {
    id: row.id,
    name: row.name,
    origin: row.origin,
    created_by: row.createdBy,
    created_at: iso(row.createdAt),
    status: row.status,
    finished_at: row.finishedAt === null ? null : iso(row.finishedAt),
    files: storedFileSummaries(row.summary),
    events: totals?.events ?? 0,
    alerts: totals?.alerts ?? 0,
    first_event_at: totals?.firstTs == null ? null : iso(totals.firstTs),
    last_event_at: totals?.lastTs == null ? null : iso(totals.lastTs),
  };
}

/** The imports with their totals, counted in one round trip per database. */
async function presentImports(c: AppContext, rows: readonly ImportRow[]): Promise<ImportEntity[]> {
  const totals = await importTotalsAcross(
    eventShards(c.env),
    rows.map((row) => row.id),
  );
  return rows.map((row) => presentImport(row, totals.get(row.id)));
}

async function presentOne(c: AppContext, row: ImportRow): Promise<ImportEntity> {
  const [entity] = await presentImports(c, [row]);
  if (entity === undefined) throw new Error("an import presented as nothing");
  return entity;
}

async function startImport(c: AppContext, origin: ImportOrigin, createdBy: string) {
  const body = await readJsonObject(c);
  rejectUnknownFields(body, ["name", "key"]);
  const name = stringField(body, "name", { max: 200 });
  const key =
    body.key === undefined
      ? null
      : stringField(body, "key", {
          min: 16,
          max: 128,
          pattern: CLIENT_KEY,
          patternHint: "must be 16-128 letters, digits and . _ : -",
        });
  const { row, resumed } = await createOrResumeImport(c.var.store, {
    id: `imp_${crypto.randomUUID().replaceAll("-", "")}`,
    name,
    clientKey: key,
    origin,
    createdBy,
    createdAt: Date.now(),
  });
  return c.json({ import: await presentOne(c, row), resumed }, resumed ? 200 : 201);
}

async function runningImport(c: AppContext): Promise<ImportRow> {
  const id = c.req.param("id") ?? "";
  if (!IMPORT_ID.test(id)) throw new ApiError(400, "'id' must be an import id (imp_ and 32 hex digits)");
  const row = await findImport(c.var.store, id);
  if (row === null) throw new ApiError(404, `import '${id}' does not exist`);
  if (row.status !== "running") {
    throw new ApiError(409, `import '${id}' is ${row.status}: start it again with its key to add to it`);
  }
  return row;
}

async function importBatch(c: AppContext, tokenId: string | null) {
  const row = await runningImport(c);
  const text = await readIngestBody(c.req.raw);
  const decoded = parseRecords(
    text,
    isNdjson(c.req.header("content-type") ?? null),
    c.req.header("idempotency-key") ?? null,
  );
  const answer = await ingestForAgent(
    c.env,
    { tokenId },
    {
      records: decoded.records,
      // Within its import: the same file in two imports is in each, and a rerun of one resumes it.
      batchId: decoded.batchId === null ? null : `${row.id}/${decoded.batchId}`,
      text,
      importId: row.id,
    },
  );
  return ingestResponse(c, answer);
}

async function endImport(c: AppContext) {
  const row = await runningImport(c);
  const body = await readJsonObject(c, MAX_FINISH_BODY);
  rejectUnknownFields(body, ["status", "files"]);
  if (body.status !== "done" && body.status !== "cancelled") {
    throw new ApiError(400, "'status' must be 'done' or 'cancelled'");
  }
  let files: ReturnType<typeof parseFileSummaries>;
  try {
    files = parseFileSummaries(body.files);
  } catch (error) {
    if (error instanceof ImportSummaryError) throw new ApiError(400, error.message);
    throw error;
  }
  const finished = await finishImport(c.var.store, row.id, body.status, JSON.stringify(files), Date.now());
  if (finished === null) throw new ApiError(404, `import '${row.id}' does not exist`);
  const answer: ImportAnswer = { import: await presentOne(c, finished), resumed: false };
  return c.json(answer);
}

/** The dashboard's: viewers read, analysts import. */
export const importRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get("/", async (c) => {
    const rows = await listImports(c.var.store, MAX_LISTED);
    return c.json({ imports: await presentImports(c, rows) });
  })
  .get("/:id", async (c) => {
    const id = c.req.param("id");
    if (!IMPORT_ID.test(id)) throw new ApiError(400, "'id' must be an import id (imp_ and 32 hex digits)");
    const row = await findImport(c.var.store, id);
    if (row === null) throw new ApiError(404, `import '${id}' does not exist`);
    const answer: ImportAnswer = { import: await presentOne(c, row), resumed: false };
    return c.json(answer);
  })
  .post("/", requireRole("analyst"), (c) => startImport(c, "dashboard", `user:${c.var.user.username}`))
  .post("/:id/batches", requireRole("analyst"), (c) => importBatch(c, null))
  .post("/:id/finish", requireRole("analyst"), (c) => endImport(c));

/** The import command's, with an agent token like every other shipper. */
export const importIngestRoutes = new Hono<AppEnv>()
  .use(requireAgent, limitIngestPerToken)
  .post("/", (c) => startImport(c, "cli", `token:${c.var.agent.name}`))
  .post("/:id/batches", (c) => importBatch(c, c.var.agent.tokenId))
  .post("/:id/finish", (c) => endImport(c));
