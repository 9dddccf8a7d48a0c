/** GET /submissions: every agent batch received (PocketSIEM's Submissions), newest first, cursor-paged. */
import { Hono } from "hono";
import { listSubmissions, type SubmissionCursor, type SubmissionRow } from "../../store/submissions.ts";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../context.ts";
import { requireSession } from "../middleware/auth.ts";
import { limitParam, timeRangeParams } from "../query-params.ts";

function encodeCursor(row: SubmissionRow): string {
  return btoa(encodeURIComponent(JSON.stringify([row.received_at, row.id])));
}

function decodeCursor(text: string): SubmissionCursor {
  try {
    const [receivedAt, id] = JSON.parse(decodeURIComponent(atob(text))) as unknown[];
    if (Number.isSafeInteger(receivedAt) && typeof id === "string") return { receivedAt: receivedAt as number, id };
  } catch {
    // Reported below with the same message as a well-formed but wrong cursor.
  }
  throw new ApiError(400, "cursor is not valid");
}

function presentSubmission(row: SubmissionRow) {
  return {
    id: row.id,
    received_at: new Date(row.received_at).toISOString(),
    stored_at: new Date(row.stored_at).toISOString(),
    hosts: JSON.parse(row.hosts) as string[],
    event_count: row.event_count,
    accepted: row.accepted,
    rejected: row.rejected,
    status: row.status,
    token_id: row.token_id,
    token_name: row.token_name,
  };
}

export const submissionRoutes = new Hono<AppEnv>().use(requireSession).get("/", async (c) => {
  const { from, to } = timeRangeParams(c);
  const limit = limitParam(c);
  const cursorText = c.req.query("cursor");
  const { rows, total } = await listSubmissions(
    c.var.store,
    { from, to, host: c.req.query("host") || undefined, text: c.req.query("text")?.trim() || undefined },
    cursorText ? decodeCursor(cursorText) : null,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return c.json({
    submissions: page.map(presentSubmission),
    total,
    next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
  });
});
