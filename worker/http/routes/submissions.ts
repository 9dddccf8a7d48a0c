/** GET /submissions: every agent batch received (PocketSIEM's Submissions), newest first, cursor-paged. */
import { Hono } from "hono";
import { iso } from "../../model/iso-time.ts";
import { listSubmissions, type SubmissionCursor, type SubmissionRow } from "../../store/submissions.ts";
import type { AppEnv } from "../context.ts";
import { requireSession } from "../middleware/auth.ts";
import { decodeCursor, encodeCursor, type PageCursor } from "../page-cursor.ts";
import { limitParam, timeRangeParams } from "../query-params.ts";

const submissionCursor = ({ ts, id }: PageCursor<string>): SubmissionCursor => ({ receivedAt: ts, id });

function presentSubmission(row: SubmissionRow) {
  return {
    id: row.id,
    received_at: iso(row.received_at),
    stored_at: iso(row.stored_at),
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
    cursorText ? submissionCursor(decodeCursor(cursorText, "string")) : null,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return c.json({
    submissions: page.map(presentSubmission),
    total,
    next_cursor: rows.length > limit && last ? encodeCursor({ ts: last.received_at, id: last.id }) : null,
  });
});
