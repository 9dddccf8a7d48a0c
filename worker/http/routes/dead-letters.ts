/**
 * Dead-lettered ingest parts (admin only): list them with their errors, look into one, replay one
 * or all pending ones through the ingest path, or discard one (its row stays, marked discarded).
 */
import { Hono } from "hono";
import { recordAudit } from "../../audit/record.ts";
import { isFormatName } from "../../ingest/formats.ts";
import { prepareRecord } from "../../ingest/prepare.ts";
import { type ReplayOutcome, replayIngestDeadLetter } from "../../ingest/retry/replay-dead-letter.ts";
import { iso } from "../../model/iso-time.ts";
import type { DeadLetterRecord } from "../../model/wire/dead-letters.ts";
import { type IngestPartMessage, isIngestPart } from "../../queue/messages.ts";
import { workerDetectionSettings } from "../../rules/worker-settings.ts";
import { eventShards } from "../../store/event-shards.ts";
import {
  DEAD_LETTER_STATUSES,
  type DeadLetterStatus,
  findIngestDeadLetter,
  type IngestDeadLetterRow,
  type IngestDeadLetterWithMessage,
  listIngestDeadLetters,
  pendingIngestDeadLetterIds,
  settleIngestDeadLetter,
} from "../../store/ingest-dead-letters.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { positiveIntParam } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";
import { limitParam } from "../query-params.ts";

/** One replay-all request replays at most this many, keeping it well inside a request's D1 call budget. */
export const REPLAY_ALL_LIMIT = 25;
const PREVIEW_CHARS = 240;

function publicDeadLetter(row: IngestDeadLetterRow) {
  return {
    id: row.id,
    batch_id: row.batch_id,
    token_id: row.token_id,
    token_name: row.token_name,
    record_count: row.record_count,
    // null: unknown (no store attempt has reported an error yet).
    first_error: row.first_error,
    last_error: row.last_error,
    attempts: row.attempts,
    dead_lettered_at: iso(row.dead_lettered_at),
    status: row.status,
    replayed_at: iso(row.replayed_at),
    replayed_by: row.replayed_by,
    discarded_at: iso(row.discarded_at),
    discarded_by: row.discarded_by,
  };
}

export type PublicDeadLetter = ReturnType<typeof publicDeadLetter>;

/** What each record of the part is, as the ingest path sees it now. */
function recordSummaries(part: IngestPartMessage): DeadLetterRecord[] {
  return part.records.map((record) => {
    const summary = {
      index: record.index,
      bytes: new TextEncoder().encode(record.raw).byteLength,
      preview: record.raw.slice(0, PREVIEW_CHARS),
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.raw);
    } catch (error) {
      return { ...summary, error: `not JSON: ${(error as Error).message}` };
    }
    const format = isFormatName(record.format) ? record.format : "auto";
    const prepared = prepareRecord(parsed, record.index, part.receivedAt, format);
    if (!("event" in prepared)) return { ...summary, format, error: prepared.error };
    const { event } = prepared;
    return {
      ...summary,
      format,
      ts: iso(event.ts),
      host: event.host,
      dataset: event.dataset,
      event_code: event.eventCode,
    };
  });
}

function statusParam(value: string | undefined): DeadLetterStatus | null {
  if (value === undefined || value === "" || value === "all") return null;
  if (!DEAD_LETTER_STATUSES.includes(value as DeadLetterStatus)) {
    throw new ApiError(400, `'status' must be one of ${DEAD_LETTER_STATUSES.join(", ")} or all`);
  }
  return value as DeadLetterStatus;
}

function offsetParam(value: string | undefined): number {
  if (value === undefined || value === "") return 0;
  // Digits only, as positiveIntParam: Number() alone would read `1e3` or `0x10` as an offset.
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new ApiError(400, "'offset' must be a whole number, 0 or more");
  return n;
}

async function existing(c: AppContext): Promise<IngestDeadLetterWithMessage> {
  const id = positiveIntParam(c.req.param("id"), "id");
  const row = await findIngestDeadLetter(c.var.store, id);
  if (!row) throw new ApiError(404, `no dead letter with id ${id}`);
  return row;
}

async function pending(c: AppContext): Promise<IngestDeadLetterWithMessage> {
  const row = await existing(c);
  if (row.status !== "pending") {
    throw new ApiError(409, `dead letter ${row.id} was ${row.status} already; only pending ones can be changed`);
  }
  return row;
}

async function reread(c: AppContext, id: number): Promise<PublicDeadLetter> {
  const row = await findIngestDeadLetter(c.var.store, id);
  if (!row) throw new ApiError(404, `no dead letter with id ${id}`);
  return publicDeadLetter(row);
}

function replayAudit(c: AppContext, id: number, outcome: ReplayOutcome) {
  const detail = outcome.ok ? { ok: true, alerts: outcome.alerts } : { ok: false, error: outcome.error };
  return auditEntry(c, "dead_letter.replay", { type: "dead_letter", id }, detail);
}

export const deadLetterRoutes = new Hono<AppEnv>()
  .use(requireSession, requireRole("admin"))
  .get("/", async (c) => {
    const page = await listIngestDeadLetters(c.var.store, {
      status: statusParam(c.req.query("status")),
      limit: limitParam(c),
      offset: offsetParam(c.req.query("offset")),
    });
    return c.json({ items: page.items.map(publicDeadLetter), total: page.total, pending: page.pending });
  })
  .post("/replay", async (c) => {
    const detection = workerDetectionSettings(c.env);
    const shards = eventShards(c.env);
    const ids = await pendingIngestDeadLetterIds(c.var.store, REPLAY_ALL_LIMIT);
    const results: { id: number; ok: boolean; alerts?: number; error?: string }[] = [];
    for (const id of ids) {
      const row = await findIngestDeadLetter(c.var.store, id);
      if (row?.status !== "pending") continue;
      const outcome = await replayIngestDeadLetter(c.var.store, shards, row, detection, c.var.user.username);
      await recordAudit(c.var.store, replayAudit(c, id, outcome));
      results.push(outcome.ok ? { id, ok: true, alerts: outcome.alerts } : { id, ok: false, error: outcome.error });
    }
    const { pending: remaining } = await listIngestDeadLetters(c.var.store, { status: "pending", limit: 1, offset: 0 });
    return c.json({
      replayed: results.filter((r) => r.ok).length,
      failed: results.filter((r) => !r.ok).length,
      pending: remaining,
      results,
    });
  })
  .get("/:id", async (c) => {
    const row = await existing(c);
    const part: unknown = JSON.parse(row.message);
    return c.json({
      dead_letter: publicDeadLetter(row),
      rejected: isIngestPart(part) ? part.rejected.length : 0,
      records: isIngestPart(part) ? recordSummaries(part) : [],
    });
  })
  .post("/:id/replay", async (c) => {
    const row = await pending(c);
    const outcome = await replayIngestDeadLetter(
      c.var.store,
      eventShards(c.env),
      row,
      workerDetectionSettings(c.env),
      c.var.user.username,
    );
    await recordAudit(c.var.store, replayAudit(c, row.id, outcome));
    const deadLetter = await reread(c, row.id);
    if (!outcome.ok) {
      return c.json({ error: `replay failed, still pending: ${outcome.error}`, dead_letter: deadLetter }, 503);
    }
    return c.json({ dead_letter: deadLetter, alerts: outcome.alerts });
  })
  .post("/:id/discard", async (c) => {
    const row = await pending(c);
    if (!(await settleIngestDeadLetter(c.var.store, row.id, "discarded", c.var.user.username, Date.now()))) {
      throw new ApiError(409, `dead letter ${row.id} was settled meanwhile; only pending ones can be changed`);
    }
    await recordAudit(
      c.var.store,
      auditEntry(c, "dead_letter.discard", { type: "dead_letter", id: row.id }, { batch_id: row.batch_id }),
    );
    return c.json({ dead_letter: await reread(c, row.id) });
  });
