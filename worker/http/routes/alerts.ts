/**
 * Alerts: the triage list, one alert with its events, notes, history and rule, status/assignee/note
 * changes (one alert, or a status for many), and the context around an alert (process tree, timeline).
 */
import { Hono } from "hono";
import { buildProcessTree, buildTimeline, type ContextEvent, contextEvent } from "../../alerts/context.ts";
import { fieldText } from "../../alerts/key-fields.ts";
import { RULE_LEVELS, type RuleInfo, type RuleLevel } from "../../detect/types.ts";
import { renormalise } from "../../ingest/stored-event.ts";
import { storedEventField } from "../../ingest/stored-event-field.ts";
import type { NormalisedEvent } from "../../model/event.ts";
import { iso } from "../../model/iso-time.ts";
import { activeRuleSet } from "../../rules/active-rule-set.ts";
import { type AlertChanges, updateAlerts } from "../../store/alert-triage.ts";
import {
  type AlertFilter,
  alertCondition,
  alertEventNames,
  alertEventRows,
  alertHistoryRows,
  alertNoteRows,
  findAlert,
  hostEventsAround,
  listAlerts,
} from "../../store/alerts.ts";
import { ALERT_STATUSES, type AlertRow, type AlertStatus } from "../../store/alerts-schema.ts";
import { LIST_REFERENCE } from "../../store/ingest-exceptions.ts";
import type { EventRow } from "../../store/schema.ts";
import { findUserByName } from "../../store/users.ts";
import { ApiError } from "../api-error.ts";
import { positiveIntParam, readJsonObject } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { exceptionField, MAX_EXCEPTION_VALUE, optionalText, rejectUnknownFields } from "../exception-input.ts";
import { requireRole, requireSession } from "../middleware/auth.ts";
import { decodeCursor, encodeCursor } from "../page-cursor.ts";
import { limitParam, timeParam } from "../query-params.ts";
import { presentEvent } from "./events.ts";
import { createException } from "./exceptions.ts";

const MAX_NOTE = 10_000;
/** How many of an alert's events its detail shows (newest first); count tells how many there are. */
const DETAIL_EVENTS = 100;
/** How many of a correlation alert's hosts and users its detail names; the totals say how many there are. */
const DETAIL_NAMES = 10;
/** Most alerts one bulk change may name. */
const MAX_BULK_IDS = 500;
const DEFAULT_CONTEXT_MINUTES = 15;
const MAX_CONTEXT_MINUTES = 120;
/** The context's events on each side of the alert: enough for a picture, bounded for a busy host. */
const CONTEXT_EVENTS_PER_SIDE = 500;

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
  const importId = c.req.query("import");
  if (importId) filter.importId = importId;
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

/** A stored event normalised again from its raw record, as rules and exceptions see it. */
function normalised(row: EventRow): NormalisedEvent | undefined {
  return renormalise(row) ?? undefined;
}

/** What the alert page shows of the rule: its text's description, or nulls once it left the rule set. */
async function ruleDetail(c: AppContext, row: AlertRow) {
  const ruleSet = await activeRuleSet(c.var.store, c.env.ARCHIVE);
  const info: RuleInfo | undefined =
    ruleSet.rules.find((rule) => rule.id === row.ruleId) ??
    ruleSet.correlations.find((correlation) => correlation.info.id === row.ruleId)?.info;
  return {
    id: row.ruleId,
    kind: row.ruleKind,
    title: row.title,
    description: info?.description ?? null,
    references: info?.references ?? [],
    falsepositives: info?.falsepositives ?? [],
  };
}

async function alertDetail(c: AppContext, id: number) {
  const row = await findAlert(c.var.store, id);
  if (!row) throw new ApiError(404, `no alert with id ${id}`);
  const [links, notes, history, rule, names] = await Promise.all([
    alertEventRows(c.var.store, id, DETAIL_EVENTS),
    alertNoteRows(c.var.store, id),
    alertHistoryRows(c.var.store, id),
    ruleDetail(c, row),
    row.ruleKind === "correlation" ? alertEventNames(c.var.store, id, DETAIL_NAMES) : null,
  ]);
  const newest = links.find(({ event }) => event !== null)?.event ?? null;
  const newestFields = newest ? normalised(newest)?.fields : undefined;
  return {
    alert: {
      ...presentAlert(row),
      rule,
      event_ids: links.flatMap(({ event }) => (event ? [event.id] : [])),
      events: links.map(({ link, event }) =>
        event
          ? presentEvent(event)
          : { id: null, "@timestamp": iso(link.ts), batch_id: link.batchId, expired: true as const },
      ),
      contributors:
        names === null
          ? null
          : {
              linked: names.linked,
              hosts: names.hosts,
              host_total: names.hostTotal,
              users: names.users,
              user_total: names.userTotal,
            },
      matching_event:
        newest && newestFields
          ? {
              id: newest.id,
              fields: Object.fromEntries(
                Object.entries(newestFields).flatMap(([name, value]) =>
                  value === null ? [] : [[name, fieldText(value)]],
                ),
              ),
            }
          : null,
      notes: notes.map((n) => ({ id: n.id, author: n.author, text: n.text, created_at: iso(n.createdAt) })),
      history: history.map((h) => ({
        id: h.id,
        actor: h.actor,
        field: h.field,
        from: h.oldValue,
        to: h.newValue,
        at: iso(h.createdAt),
      })),
    },
  };
}

/** The host's events around the alert's newest event, with the process tree and timeline drawn from them. */
async function alertContext(c: AppContext, id: number, minutes: number) {
  const row = await findAlert(c.var.store, id);
  if (!row) throw new ApiError(404, `no alert with id ${id}`);
  const links = await alertEventRows(c.var.store, id, DETAIL_EVENTS);
  const matched = new Set(links.flatMap(({ event }) => (event ? [event.id] : [])));
  const focus = links.find(({ event }) => event !== null)?.event ?? null;
  const center = focus?.ts ?? row.lastSeen;
  const spanMs = minutes * 60_000;
  const { rows, truncated } =
    row.host === null
      ? { rows: [], truncated: false }
      : await hostEventsAround(c.var.store, row.host, center, spanMs, CONTEXT_EVENTS_PER_SIDE);
  const context: ContextEvent[] = rows.flatMap((event) => {
    const normalisedEvent = normalised(event);
    return normalisedEvent ? [contextEvent(event.id, normalisedEvent)] : [];
  });
  return {
    alert_id: id,
    host: row.host,
    minutes,
    center: iso(center),
    from: iso(center - spanMs),
    to: iso(center + spanMs),
    truncated,
    events: context.map((event) => ({
      id: event.id,
      "@timestamp": iso(event.ts),
      dataset: event.dataset,
      event_code: event.eventCode,
      action: event.action,
      process: event.process,
      command_line: event.commandLine,
      user: event.user,
      matched: matched.has(event.id),
    })),
    tree: buildProcessTree(context, focus?.id ?? null),
    timeline: buildTimeline(context, matched),
  };
}

function contextMinutes(text: string | undefined): number {
  if (text === undefined || text === "") return DEFAULT_CONTEXT_MINUTES;
  const minutes = positiveIntParam(text, "minutes");
  if (minutes > MAX_CONTEXT_MINUTES) throw new ApiError(400, `'minutes' must be at most ${MAX_CONTEXT_MINUTES}`);
  return minutes;
}

/** `{ids, status}` for a bulk change: every id a positive integer, each named once. */
async function readBulkChange(c: AppContext): Promise<{ ids: number[]; status: AlertStatus }> {
  const body = await readJsonObject(c);
  rejectUnknownFields(body, ["ids", "status"]);
  const { ids, status } = body;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_BULK_IDS) {
    throw new ApiError(400, `'ids' must be an array of 1 to ${MAX_BULK_IDS} alert ids`);
  }
  if (!ids.every((item): item is number => Number.isSafeInteger(item) && (item as number) > 0)) {
    throw new ApiError(400, "'ids' must hold positive integers only");
  }
  if (new Set(ids).size !== ids.length) throw new ApiError(400, "'ids' names an alert more than once");
  if (!isStatus(status)) throw new ApiError(400, `'status' must be one of ${ALERT_STATUSES.join(", ")}`);
  return { ids, status };
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
      const user = await findUserByName(c.var.store, assignee);
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
  const [latest] = await alertEventRows(c.var.store, alert.id, 1);
  const value = latest?.event ? storedEventField(latest.event, field) : undefined;
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
    const limit = limitParam(c);
    const cursorText = c.req.query("cursor");
    const cursor = cursorText ? decodeCursor(cursorText) : null;
    const rows = await listAlerts(
      c.var.store,
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
  .patch("/", requireRole("analyst"), async (c) => {
    const { ids, status } = await readBulkChange(c);
    const updated = await updateAlerts(c.var.store, ids, { status }, c.var.user.username, Date.now());
    const found = new Set(updated);
    return c.json({ updated, not_found: ids.filter((id) => !found.has(id)) });
  })
  .get("/:id", async (c) => c.json(await alertDetail(c, positiveIntParam(c.req.param("id"), "id"))))
  .get("/:id/context", async (c) =>
    c.json(await alertContext(c, positiveIntParam(c.req.param("id"), "id"), contextMinutes(c.req.query("minutes")))),
  )
  .patch("/:id", requireRole("analyst"), async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const changes = await readChanges(c);
    const updated = await updateAlerts(c.var.store, [id], changes, c.var.user.username, Date.now());
    if (updated.length === 0) throw new ApiError(404, `no alert with id ${id}`);
    return c.json(await alertDetail(c, id));
  })
  .post("/:id/exceptions", requireRole("analyst"), async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const body = await readJsonObject(c);
    rejectUnknownFields(body, ["field", "scope", "comment"]);
    const field = exceptionField(body);
    const scope = body.scope ?? "rule";
    if (scope !== "rule" && scope !== "global") throw new ApiError(400, "'scope' must be 'rule' (default) or 'global'");
    const alert = await findAlert(c.var.store, id);
    if (!alert) throw new ApiError(404, `no alert with id ${id}`);
    const value = await alertFieldValue(c, alert, field);
    if (value.length > MAX_EXCEPTION_VALUE) {
      throw new ApiError(400, `the value of '${field}' is longer than ${MAX_EXCEPTION_VALUE} characters`);
    }
    // Event values are attacker-controlled: one spelled like a list reference must not become one.
    if (value.startsWith(LIST_REFERENCE)) {
      throw new ApiError(
        400,
        `the value of '${field}' begins with '${LIST_REFERENCE}', which names an IP list; add it on the Exceptions page`,
      );
    }
    return createException(c, {
      field,
      value,
      ruleId: scope === "rule" ? alert.ruleId : null,
      comment: optionalText(body, "comment", 1024) ?? `from alert ${id}`,
      createdBy: c.var.user.username,
    });
  });
