/**
 * The event archive in R2 (admin): which days it holds, a day's parts, and restoring a day into D1.
 * GET  /api/v1/archives               { days: [{ day, held_until }] }
 * GET  /api/v1/archives/:day          { day, parts: [{ key, day_of, size, rows, first_id, last_id, uploaded }], held_until }
 *
 * A day is the one its events were received on (`day_of: "received"`); parts written before
 * retention counted from arrival are keyed by the events' own day (`day_of: "event"`).
 * POST /api/v1/archives/:day/restore  { keep_days?, after? } -> RestoreResult; repeat with `after: next` until next is null
 */
import { Hono } from "hono";
import { listArchivedDays, listParts } from "../../archive/bucket.ts";
import { dayRange } from "../../archive/format.ts";
import { RESTORE_PARTS_PER_REQUEST, restoreDay } from "../../archive/restore.ts";
import { recordAudit } from "../../audit/record.ts";
import { iso } from "../../model/iso-time.ts";
import { DAY_MS } from "../../store/epoch-day.ts";
import { activeHolds } from "../../store/retention.ts";
import { ApiError } from "../api-error.ts";
import { auditEntry } from "../audit-entry.ts";
import { readJsonObject } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";

const DEFAULT_KEEP_DAYS = 7;
const MAX_KEEP_DAYS = 365;

function dayParam(c: AppContext): string {
  const day = c.req.param("day") ?? "";
  if (!dayRange(day)) throw new ApiError(400, `'${day}' is not a day: use YYYY-MM-DD (UTC)`);
  return day;
}

async function holdsByDay(c: AppContext): Promise<Map<string, string>> {
  const holds = await activeHolds(c.var.store, Date.now());
  return new Map(holds.map((hold) => [hold.day, iso(hold.holdUntil)]));
}

function keepDays(body: Record<string, unknown>): number {
  const value = body.keep_days ?? DEFAULT_KEEP_DAYS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_KEEP_DAYS) {
    throw new ApiError(400, `'keep_days' must be a whole number of days from 1 to ${MAX_KEEP_DAYS}`);
  }
  return value;
}

function afterKey(body: Record<string, unknown>, day: string): string | undefined {
  const value = body.after;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !value.startsWith(`events/${day}/`)) {
    throw new ApiError(400, `'after' must be a key of the day's archive (the previous answer's 'next')`);
  }
  return value;
}

/** A restore may be asked with no body at all: then the defaults apply. */
async function optionalBody(c: AppContext): Promise<Record<string, unknown>> {
  const length = c.req.header("content-length");
  if (!c.req.header("content-type") && (length === undefined || length === "0")) return {};
  return readJsonObject(c);
}

export const archiveRoutes = new Hono<AppEnv>()
  .use(requireSession, requireRole("admin"))
  .get("/", async (c) => {
    const [days, holds] = await Promise.all([listArchivedDays(c.env.ARCHIVE), holdsByDay(c)]);
    return c.json({ days: days.map((day) => ({ day, held_until: holds.get(day) ?? null })) });
  })
  .get("/:day", async (c) => {
    const day = dayParam(c);
    const [parts, holds] = await Promise.all([listParts(c.env.ARCHIVE, day, { withMetadata: true }), holdsByDay(c)]);
    if (parts.length === 0) throw new ApiError(404, `no archive for ${day}`);
    return c.json({
      day,
      held_until: holds.get(day) ?? null,
      parts: parts.map((part) => ({
        key: part.key,
        day_of: part.dayOf,
        size: part.size,
        rows: part.rows ?? null,
        first_id: part.firstId,
        last_id: part.lastId,
        uploaded: part.uploaded.toISOString(),
      })),
    });
  })
  .post("/:day/restore", async (c) => {
    const day = dayParam(c);
    const body = await optionalBody(c);
    const now = Date.now();
    const result = await restoreDay(c.var.store, c.env.ARCHIVE, day, {
      after: afterKey(body, day),
      maxParts: RESTORE_PARTS_PER_REQUEST,
      holdUntil: now + keepDays(body) * DAY_MS,
      actor: c.var.user.username,
      now,
    });
    if (!result) throw new ApiError(404, `no archive for ${day}`);
    await recordAudit(
      c.var.store,
      auditEntry(
        c,
        "archive.restore",
        { type: "archive_day", id: result.day },
        {
          parts: result.restoredParts,
          inserted: result.inserted,
          held_until: iso(result.holdUntil),
        },
      ),
    );
    return c.json({
      day: result.day,
      parts: result.parts,
      restored_parts: result.restoredParts,
      events: result.events,
      inserted: result.inserted,
      already_present: result.events - result.inserted,
      next: result.next,
      held_until: iso(result.holdUntil),
    });
  });
