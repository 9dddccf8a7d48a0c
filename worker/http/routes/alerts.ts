/** Alerts: the triage list, one alert with its events and notes, status/assignee/note changes. */
import { Hono } from "hono";
import { fieldText } from "../../alerts/key-fields.ts";
import { storedEventField } from "../../alerts/stored-event-field.ts";
import { RULE_LEVELS, type RuleLevel } from "../../detect/types.ts";
import { decodeCursor, encodeCursor } from "../../search/event-filter.ts";
import {
  type AlertChanges,
  type AlertFilter,
  alertCondition,
  alertEventRows,
  alertNoteRows,
  findAlert,
  listAlerts,
  updateAlert,
} from "../../store/alerts.ts";
import { ALERT_STATUSES, type AlertRow, type AlertStatus } from "../../store/alerts-schema.ts";
import { findUserByName } from "../../store/users.ts";
import { ApiError } from "../api-error.ts";
import { positiveIntParam, readJsonObject } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { exceptionField, MAX_EXCEPTION_VALUE, optionalText, rejectUnknownFields } from "../exception-input.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";
import { presentEvent, timeParam } from "./events.ts";
import { createException } from "./exceptions.ts";

const MAX_LIMIT = 500;
const MAX_NOTE = 10_000;
/** How many of an alert's events its detail shows (newest first); count tells how many there are. */
const DETAIL_EVENTS = 100;

const iso = (ms: number) => new Date(ms).toISOString();

function isStatus(value: unknown): value is AlertStatus {
  return ALERT_STATUSES.includes(value as AlertStatus);
}

function readFilter(c: AppContext): AlertFilter {
  const filter: AlertFilter = {};
  const statuses = (c.req.queries("status") ?? []).flatMap((s) => s.split(",")).filter((s) => s !== "");
  for (const status of statuses) {
    if (!isStatus(status))
      throw new ApiError(400, `'status' must be one of ${ALERT_STATUSES.join(", ")}, not '${status}'`);
  }
  if (statuses.length > 0) filter.statuses = statuses as AlertStatus[];
  const level = c.req.query("level");
  if (level) {
    const rank = RULE_LEVELS.indexOf(level as RuleLevel);
    if (rank < 0) throw new ApiError(400, `'level' must be one of ${RULE_LEVELS.join(", ")}`);
    filter.minLevelRank = rank;
  }
  const rule = c.req.query("rule");
  if (rule) filter.ruleId = rule;
  const host = c.req.query("host");
  if (host) filter.host = host;
  const from = c.req.query("from");
  if (from) filter.from = timeParam(from, "from", 0);
  const to = c.req.query("to");
  if (to) filter.to = timeParam(to, "to", 0);
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    throw new ApiError(400, "'from' must be before 'to'");
  }
  return filter;
}

export function presentAlert(row: AlertRow) {
  return {
    id: row.id,
    rule: { id: row.ruleId, kind: row.ruleKind, title: row.title },
    title: row.title,
    level: row.level,
    tags: JSON.parse(row.tags) as string[],
    host: row.host,
    key_fields: JSON.parse(row.keyFields) as Record<string, string>,
    first_seen: iso(row.firstSeen),
    last_seen: iso(row.lastSeen),
    count: row.count,
    status: row.status,
    assignee: row.assignee,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

async function alertDetail(c: AppContext, id: number) {
  const row = await findAlert(c.var.db, id);
  if (!row) throw new ApiError(404, `no alert with id ${id}`);
  const [links, notes] = await Promise.all([alertEventRows(c.var.db, id, DETAIL_EVENTS), alertNoteRows(c.var.db, id)]);
  return {
    alert: {
      ...presentAlert(row),
      event_ids: links.flatMap(({ event }) => (event ? [event.id] : [])),
      events: links.map(({ link, event }) =>
        event ? presentEvent(event) : { id: null, "@timestamp": iso(link.ts), batch_id: link.batchId, expired: true },
      ),
      notes: notes.map((n) => ({ id: n.id, author: n.author, text: n.text, created_at: iso(n.createdAt) })),
    },
  };
}

async function readChanges(c: AppContext): Promise<AlertChanges> {
  const body = await readJsonObject(c);
  rejectUnknownFields(body, ["status", "assignee", "note"]);
  const changes: AlertChanges = {};
  if ("status" in body) {
    if (!isStatus(body.status)) throw new ApiError(400, `'status' must be one of ${ALERT_STATUSES.join(", ")}`);
    changes.status = body.status;
  }
  if ("assignee" in body) {
    const assignee = body.assignee;
    if (assignee === null || assignee === "") changes.assignee = null;
    else if (typeof assignee !== "string") throw new ApiError(400, "'assignee' must be a username or null");
    else {
      const user = await findUserByName(c.var.db, assignee);
      if (!user) throw new ApiError(400, `'assignee': no user named '${assignee}'`);
      changes.assignee = user.username;
    }
  }
  if ("note" in body) {
    const text = optionalText(body, "note", MAX_NOTE)?.trim();
    if (!text) throw new ApiError(400, "'note' must be a non-empty string");
    changes.note = { author: c.var.user.username, text };
  }
  if (Object.keys(changes).length === 0)
    throw new ApiError(400, "nothing to change: send 'status', 'assignee' or 'note'");
  return changes;
}

/** The value an exception made from this alert should hold: its key field, else its newest event's field. */
async function alertFieldValue(c: AppContext, alert: AlertRow, field: string): Promise<string> {
  const keyFields = JSON.parse(alert.keyFields) as Record<string, string>;
  const keyed = keyFields[field];
  if (keyed !== undefined) return keyed;
  const [latest] = await alertEventRows(c.var.db, alert.id, 1);
  const value = latest?.event ? storedEventField(latest.event.raw, latest.event.receivedAt, field) : undefined;
  if (value === undefined || value === null) {
    throw new ApiError(
      400,
      `the alert's event has no field '${field}'; send field and value to POST /api/v1/exceptions`,
    );
  }
  return fieldText(value);
}

export const alertRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get("/", async (c) => {
    const filter = readFilter(c);
    const limitText = c.req.query("limit");
    const limit = limitText === undefined ? 100 : Math.min(positiveIntParam(limitText, "limit"), MAX_LIMIT);
    const cursorText = c.req.query("cursor");
    const cursor = cursorText ? decodeCursor(cursorText) : null;
    const rows = await listAlerts(
      c.var.db,
      alertCondition(filter, cursor && { lastSeen: cursor.ts, id: cursor.id }),
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({
      alerts: page.map(presentAlert),
      next_cursor: rows.length > limit && last ? encodeCursor({ ts: last.lastSeen, id: last.id }) : null,
    });
  })
  .get("/:id", async (c) => c.json(await alertDetail(c, positiveIntParam(c.req.param("id"), "id"))))
  .patch("/:id", requireRole("analyst"), async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const changes = await readChanges(c);
    if (!(await updateAlert(c.var.db, id, changes, Date.now()))) throw new ApiError(404, `no alert with id ${id}`);
    return c.json(await alertDetail(c, id));
  })
  .post("/:id/exceptions", requireRole("analyst"), async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const body = await readJsonObject(c);
    rejectUnknownFields(body, ["field", "scope", "comment"]);
    const field = exceptionField(body);
    const scope = body.scope ?? "rule";
    if (scope !== "rule" && scope !== "global") throw new ApiError(400, "'scope' must be 'rule' (default) or 'global'");
    const alert = await findAlert(c.var.db, id);
    if (!alert) throw new ApiError(404, `no alert with id ${id}`);
    const value = await alertFieldValue(c, alert, field);
    if (value.length > MAX_EXCEPTION_VALUE) {
      throw new ApiError(400, `the value of '${field}' is longer than ${MAX_EXCEPTION_VALUE} characters`);
    }
    return createException(c, {
      field,
      value,
      ruleId: scope === "rule" ? alert.ruleId : null,
      comment: optionalText(body, "comment", 1024) ?? `from alert ${id}`,
      createdBy: c.var.user.username,
    });
  });
