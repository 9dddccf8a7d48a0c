import { Hono } from "hono";
import { type EventFilter, QueryError, type QueryNode } from "../../model/event-query.ts";
import { iso } from "../../model/iso-time.ts";
import { histogramInterval, parseTerm } from "../../search/event-filter.ts";
import { parseQuery } from "../../search/query-parser.ts";
import { SEARCH_FIELDS } from "../../sources/field-map.ts";
import { eventStats, findEvent } from "../../store/event-queries.ts";
import { afterCursor } from "../../store/event-search/event-filter.ts";
import { checkBoundParameters, narrowed, searchCondition } from "../../store/event-search/search-condition.ts";
import { eventShards, listEventsAcross } from "../../store/event-shards.ts";
import { openStore } from "../../store/handle.ts";
import type { EventRow } from "../../store/schema.ts";
import { ApiError } from "../api-error.ts";
import { positiveIntParam } from "../body.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { requireSession } from "../middleware/auth.ts";
import { decodeCursor, encodeCursor } from "../page-cursor.ts";
import { limitParam, timeRangeParams } from "../query-params.ts";
import { withViewFilters } from "../view-filters.ts";

function alertParam(text: string | undefined): number | undefined {
  return text === undefined || text === "" ? undefined : positiveIntParam(text, "alert");
}

function readFilter(c: AppContext): EventFilter {
  return {
    ...timeRangeParams(c),
    host: c.req.query("host") || undefined,
    dataset: c.req.query("dataset") || undefined,
    action: c.req.query("action") || undefined,
    eventCode: c.req.query("code") || undefined,
    importId: c.req.query("import") || undefined,
    alertId: alertParam(c.req.query("alert")),
    terms: (c.req.queries("term") ?? []).map(parseTerm),
  };
}

/** The `q` query's tree; throws QueryError (with the offending offset) for one the language cannot accept. */
function readQuery(c: AppContext): QueryNode | null {
  return parseQuery(c.req.query("q") ?? "");
}

export function presentEvent(row: EventRow) {
  return {
    id: row.id,
    "@timestamp": iso(row.ts),
    received_at: iso(row.receivedAt),
    host: row.host,
    source: row.source,
    dataset: row.dataset,
    event_code: row.eventCode,
    category: row.category,
    action: row.action,
    outcome: row.outcome,
    user: row.user,
    process: row.process,
    command_line: row.commandLine,
    parent_process: row.parentProcess,
    src_ip: row.srcIp,
    src_port: row.srcPort,
    dst_ip: row.dstIp,
    dst_port: row.dstPort,
    batch_id: row.batchId,
    import_id: row.importId,
    raw: JSON.parse(row.raw) as unknown,
  };
}

/** The histogram binds its interval in its select, group by and order by; the list binds the cursor. */
const STATS_EXTRA_PARAMETERS = 6;
const CURSOR_PARAMETERS = 3;

export const eventRoutes = new Hono<AppEnv>()
  .onError((error, c) => {
    // A query error names where it is, so the query bar can point at it.
    if (error instanceof QueryError) return c.json({ error: error.message, position: error.position }, 400);
    throw error;
  })
  .use(requireSession)
  .get("/", async (c) => {
    const filter = readFilter(c);
    const limit = limitParam(c);
    const cursorText = c.req.query("cursor");
    let where = await withViewFilters(c, searchCondition(filter, readQuery(c), SEARCH_FIELDS));
    checkBoundParameters(where, CURSOR_PARAMETERS);
    if (cursorText) where = narrowed(where, afterCursor(decodeCursor(cursorText)));
    const shards = await eventShards(c.env).forRange(filter.from, filter.to);
    const rows = await listEventsAcross(shards.map(openStore), where, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({
      events: page.map(presentEvent),
      next_cursor: rows.length > limit && last ? encodeCursor({ ts: last.ts, id: last.id }) : null,
    });
  })
  .get("/stats", async (c) => {
    const filter = readFilter(c);
    const where = await withViewFilters(c, searchCondition(filter, readQuery(c), SEARCH_FIELDS));
    checkBoundParameters(where, STATS_EXTRA_PARAMETERS);
    // The event-type facets count every type, not only the one selected.
    const typed = filter.dataset !== undefined || filter.action !== undefined;
    const typeWhere = typed
      ? await withViewFilters(
          c,
          searchCondition({ ...filter, dataset: undefined, action: undefined }, readQuery(c), SEARCH_FIELDS),
        )
      : where;
    const interval = histogramInterval(filter.to - filter.from);
    const stats = await eventStats(c.var.store, where, interval, typeWhere);
    return c.json({
      from: iso(filter.from),
      to: iso(filter.to),
      total: stats.total,
      by_dataset: stats.byDataset,
      by_host: stats.byHost,
      by_type: stats.byType,
      histogram: { interval_ms: interval, buckets: stats.histogram },
    });
  })
  .get("/:id", async (c) => {
    const id = positiveIntParam(c.req.param("id"), "id");
    const row = await findEvent(c.var.store, id);
    if (!row) throw new ApiError(404, `no event with id ${id}`);
    return c.json({ event: presentEvent(row) });
  });
