/**
 * `POST /api/v1/ingest/evtx`: a raw `.evtx` file as the body, for shippers that forward files. It
 * is read with the EVTX reader (formats/evtx) and ingested in batches whose ids come from the
 * file's contents, so sending the same file again stores nothing twice. `?import=<id>` adds it to
 * a running import. What the reader could not read (a damaged chunk) is reported, not fatal.
 */
import { Hono } from "hono";
import { readEvtx } from "../../formats/evtx/read-evtx.ts";
import { contentKey } from "../../formats/log-files/batches.ts";
import { evtxEvent } from "../../formats/log-files/evtx-event.ts";
import { readBodyBytes } from "../../ingest/decode.ts";
import { IngestError } from "../../ingest/errors.ts";
import type { IngestAnswer } from "../../ingest/ingest.ts";
import { MAX_EVENTS_PER_BATCH, MAX_EVTX_BYTES } from "../../ingest/limits.ts";
import { findImport } from "../../store/imports.ts";
import { ingestForAgent } from "../agent-ingest.ts";
import { ApiError } from "../api-error.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireAgent } from "../middleware/auth.ts";
import { limitIngestPerToken } from "../rate-limit/middleware.ts";

/** Smaller than the ingest's limit, so each batch's write stays one short D1 transaction. */
const EVTX_BATCH_EVENTS = Math.min(MAX_EVENTS_PER_BATCH, 2000);
const MAX_REPORTED_REJECTIONS = 1000;

async function importIdParam(c: AppContext): Promise<string | null> {
  const id = c.req.query("import");
  if (id === undefined) return null;
  const row = /^imp_[0-9a-f]{32}$/.test(id) ? await findImport(c.var.store, id) : null;
  if (row === null) throw new ApiError(404, `import '${id}' does not exist`);
  if (row.status !== "running") throw new ApiError(409, `import '${id}' is ${row.status}`);
  return row.id;
}

async function readEvtxBody(c: AppContext): Promise<Uint8Array> {
  const encoding = c.req.header("content-encoding") ?? null;
  if (!encoding && Number(c.req.header("content-length")) > MAX_EVTX_BYTES) {
    throw new IngestError(413, `an EVTX file may have at most ${MAX_EVTX_BYTES} bytes`);
  }
  return readBodyBytes(c.req.raw.body, encoding, MAX_EVTX_BYTES);
}

export const evtxIngestRoutes = new Hono<AppEnv>().post("/", requireAgent, limitIngestPerToken, async (c) => {
  const importId = await importIdParam(c);
  const bytes = await readEvtxBody(c);
  const file = readEvtx(bytes);
  const problems = file.problems.map((p) => ({ chunk: p.chunk, offset: p.offset, reason: p.reason }));
  if (file.records.length === 0) {
    const why = problems[0]?.reason ?? "it holds no records";
    return c.json({ error: `the body is not an EVTX file with records: ${why}`, problems }, 400);
  }
  const key = `evtx-${await contentKey(bytes)}`;
  const answers: IngestAnswer[] = [];
  for (let start = 0, n = 0; start < file.records.length; start += EVTX_BATCH_EVENTS, n++) {
    const records = file.records.slice(start, start + EVTX_BATCH_EVENTS).map(evtxEvent);
    const batchId = importId === null ? `${key}-${n}` : `${importId}/${key}-${n}`;
    answers.push(
      await ingestForAgent(c.env, c.var.agent, { records, batchId, text: JSON.stringify(records), importId }),
    );
  }
  const rejected = answers.flatMap((answer, n) =>
    answer.rejected.map((r) => ({ index: n * EVTX_BATCH_EVENTS + r.index, error: r.error })),
  );
  const queued = answers.some((answer) => answer.status === "queued");
  return c.json(
    {
      records: file.records.length,
      accepted: answers.reduce((sum, answer) => sum + answer.accepted, 0),
      rejected: rejected.slice(0, MAX_REPORTED_REJECTIONS),
      alerts: answers.reduce((sum, answer) => sum + answer.alerts, 0),
      problems,
      batches: answers.map((answer) => ({
        batch_id: answer.batch_id,
        status: answer.status,
        accepted: answer.accepted,
      })),
    },
    queued ? 202 : 200,
  );
});
