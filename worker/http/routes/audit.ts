/** The audit log, for admins: who did what and when, newest first, paged by cursor. */
import { Hono } from "hono";
import { iso } from "../../model/iso-time.ts";
import { listAuditEntries } from "../../store/audit-log.ts";
import type { AuditRow } from "../../store/audit-schema.ts";
import { ApiError } from "../api-error.ts";
import { positiveIntParam } from "../body.ts";
import type { AppEnv } from "../context.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";
import { limitParam, timeParam } from "../query-params.ts";

function presentEntry(row: AuditRow) {
  return {
    id: row.id,
    at: iso(row.at),
    actor: row.actorName === null ? null : { id: row.actorId, name: row.actorName },
    action: row.action,
    target: row.targetType === null ? null : { type: row.targetType, id: row.targetId },
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    ip: row.ip,
  };
}

function optionalText(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (value.length > 128) throw new ApiError(400, `'${name}' must be at most 128 characters`);
  return value;
}

export const auditRoutes = new Hono<AppEnv>().use(requireSession, requireRole("admin")).get("/", async (c) => {
  const to = timeParam(c.req.query("to"), "to", Date.now() + 1);
  // The whole log by default: an audit trail is read back to its start, not just the last day.
  const from = timeParam(c.req.query("from"), "from", 0);
  if (from >= to) throw new ApiError(400, "'from' must be before 'to'");
  const cursor = c.req.query("cursor");
  const limit = limitParam(c);
  const rows = await listAuditEntries(c.var.store, {
    actor: optionalText(c.req.query("actor"), "actor"),
    actionPrefix: optionalText(c.req.query("action"), "action"),
    from,
    to,
    beforeId: cursor === undefined || cursor === "" ? undefined : positiveIntParam(cursor, "cursor"),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return c.json({
    entries: page.map(presentEntry),
    next_cursor: rows.length > limit && last ? String(last.id) : null,
  });
});
